"""Forms of the consultation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.consultation.models import COMMENT_MAX_CHARS
from dgeval.web.consultation.services import AUTHOR_MAX_CHARS


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("留言人（选填）"), required=False, max_length=AUTHOR_MAX_CHARS)
    body = forms.CharField(
        label=_("意见内容"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("请填写意见内容"),
            "max_length": _("意见内容不能超过 %(limit_value)d 字（现有 %(show_value)d 字）"),
        },
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("回复"), max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写回复内容")},
    )


class HideForm(forms.Form):
    hidden = forms.BooleanField(label=_("隐藏"), required=False)
    reason = forms.CharField(label=_("原因"), max_length=300, error_messages={"required": _("请填写原因")})
