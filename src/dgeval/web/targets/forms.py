"""Forms of the targets pages: list filters and the Excel upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.targets.models import TargetKind


class TargetFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + list(TargetKind.choices))
    q = forms.CharField(label=_("名称或编码"), required=False, max_length=100)


class TargetImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"), help_text=_("格式与“导出 Excel”相同；任何一行有误则整个文件不导入。"))
