"""Forms of the public vote and its administration."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.cases.models import Case, CaseStatus
from dgeval.web.voting.verification import verifier


class CodeRequestForm(forms.Form):
    identity = forms.CharField(max_length=200)
    captcha = CaptchaField(label=_("验证码（图片）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        method = verifier()
        self.fields["identity"].label = method.label
        self.fields["identity"].widget.input_type = method.input_type


class CodeConfirmForm(forms.Form):
    code = forms.CharField(label=_("收到的验证码"), max_length=12)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    rules = forms.CharField(label=_("投票规则（开始前公布）"), widget=forms.Textarea(attrs={"rows": 8}))
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    cases = forms.ModelMultipleChoiceField(label=_("候选案例（已入围）"), queryset=Case.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, campaign: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = Case.objects.filter(nomination__campaign=campaign,
                                                            status=CaseStatus.SHORTLISTED).order_by("category", "pk")


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("作废原因"), widget=forms.Textarea(attrs={"rows": 2}))
    vote_ids = forms.CharField(widget=forms.HiddenInput)

    def clean_vote_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["vote_ids"].split(",") if v.strip().isdigit()]
