"""Forms of 依申请公开: parsing only; dates, states and points are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.foi.models import FoiChannel, FoiStatus
from dgeval.web.targets.models import Target

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list[object]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SendForm(forms.Form):
    target = forms.ModelChoiceField(label=_("评估对象"), queryset=Target.objects.order_by("kind", "code"))
    channel = forms.ChoiceField(label=_("申请渠道"), choices=FoiChannel.choices)
    content = forms.CharField(label=_("申请内容"), widget=forms.Textarea(attrs={"rows": 5}))
    sent_on = forms.DateField(label=_("发送日期"), widget=_DATE)


class AcknowledgeForm(forms.Form):
    received_on = forms.DateField(label=_("对方确认收到日期"), widget=_DATE)
    note = forms.CharField(label=_("收到确认说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("答复日期"), widget=_DATE)
    answer_text = forms.CharField(label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(
        label=_("答复附件"), required=False, help_text=_("PDF、Word（docx）、PNG、JPEG 或 WebP，按文件内容识别")
    )


class ScoreForm(forms.Form):
    points = forms.FloatField(label=_("得分"))
    note = forms.CharField(label=_("评分说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label=_("阶段关闭时的操作理由"), required=False, help_text=_("仅管理员：阶段已关闭时填写理由可继续操作（记入审计日志）")
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("结案理由"))


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *FoiStatus.choices])
    target = forms.ModelChoiceField(label=_("评估对象"), required=False, queryset=Target.objects.order_by("code"))
    channel = forms.ChoiceField(label=_("申请渠道"), required=False, choices=[("", _("全部")), *FoiChannel.choices])


class RegisterImportForm(forms.Form):
    file = forms.FileField(label=_("修改后的依申请公开登记表（.xlsx）"))
