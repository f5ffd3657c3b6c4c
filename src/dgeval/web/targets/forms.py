"""Forms of the targets pages: list filters and the Excel upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.targets.models import TargetKind


class TargetFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + list(TargetKind.choices))
    q = forms.CharField(label=_("名称或编码"), required=False, max_length=100)


class TargetImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"), help_text=_("格式与“导出 Excel”相同；任何一行有误则整个文件不导入。"))


class AllowPrivateForm(forms.Form):
    """An admin lets the monitor scan a target's intranet or test address, or stops it."""

    allow = forms.TypedChoiceField(label=_("内网地址"), coerce=lambda v: v == "1",
                                   choices=[("1", _("允许监测内网/本机地址")), ("0", _("不允许（默认）"))])
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
