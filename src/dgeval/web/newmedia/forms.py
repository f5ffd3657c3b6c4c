"""Forms of 政务新媒体: parsing only; clashes, scope and review rules are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.newmedia.files import Limits
from dgeval.web.newmedia.models import AccountKind, AccountStatus, FindingStatus, Platform, Verification
from dgeval.web.targets.models import NEW_MEDIA_KINDS, Target

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: Owner levels (keys of `selectors.LEVEL_KINDS`): a province's accounts are compared with provinces' (兵团 among them).
LEVELS = (("ministry", _("部委")), ("province", _("省级")), ("key_city", _("重点城市")))


class ExportFileForm(forms.Form):
    file = forms.FileField(label=_("导出文件"), help_text=_("CSV、XLSX 或 JSON；列说明见 docs/new-media.md"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = Limits().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(_("文件过大：上限 %(limit)d MB") % {"limit": limit // 1048576})
        return upload


class AccountForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("主办单位"),
                                   queryset=Target.objects.filter(kind__in=NEW_MEDIA_KINDS).order_by("kind", "code"))
    kind = forms.ChoiceField(label=_("账号类型"), choices=AccountKind.choices)
    name = forms.CharField(label=_("账号名称"), max_length=200)
    platform_id = forms.CharField(label=_("账号ID"), max_length=200, help_text=_("微信原始ID、微博UID 或 App 包名"))
    url = forms.URLField(label=_("链接"), required=False, max_length=500, assume_scheme="https")
    verification = forms.ChoiceField(label=_("认证状态"), choices=Verification.choices)
    verified_subject = forms.CharField(label=_("认证主体"), max_length=200, required=False)
    opened_on = forms.DateField(label=_("开通日期"), required=False, widget=_DATE)
    status = forms.ChoiceField(label=_("状态"), choices=AccountStatus.choices)
    registered = forms.BooleanField(label=_("已备案"), required=False, initial=True)
    reason = forms.CharField(label=_("修改说明"), required=False, max_length=500)


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("审核结果"), choices=[
        (FindingStatus.CONFIRMED, _("确认")), (FindingStatus.FALSE_POSITIVE, _("误报")),
        (FindingStatus.PENDING, _("退回待审核"))])
    reason = forms.CharField(label=_("理由"), required=False, max_length=1000)


class PolicyForm(forms.Form):
    window_start = forms.DateField(label=_("评估期开始"), widget=_DATE)
    window_end = forms.DateField(label=_("评估期结束"), widget=_DATE)
    reply_limit_workdays = forms.IntegerField(label=_("留言回复时限（工作日）"), min_value=1, max_value=60)
    dormant_days = forms.IntegerField(label=_("僵尸账号判定（天未更新）"), min_value=14, max_value=730)
    reason = forms.CharField(label=_("修改理由"), max_length=500)


class FilterForm(forms.Form):
    platform = forms.ChoiceField(label=_("平台"), required=False, choices=[("", _("全部")), *Platform.choices])
    level = forms.ChoiceField(label=_("单位层级"), required=False, choices=[("", _("全部")), *LEVELS])
    status = forms.ChoiceField(label=_("账号状态"), required=False, choices=[("", _("全部")), *AccountStatus.choices])
