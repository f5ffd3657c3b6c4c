"""Forms of the cases pages: they parse input; the rules are in the service modules."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.models import User
from dgeval.web.cases.categories import CaseCategory
from dgeval.web.cases.experts import province_names
from dgeval.web.cases.models import REASON_MAX_CHARS, CasePolicy, Nomination
from dgeval.web.cases.rubric import DIMENSION_MAX, DIMENSIONS
from dgeval.web.targets.models import Target


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); an empty input is an empty list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def target_choices() -> Any:
    return Target.objects.select_related("parent").order_by("kind", "code")


class NominationForm(forms.ModelForm):
    unit_url = forms.URLField(label=_("单位网址"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Nomination
        fields = ["unit_name", "unit_url", "contact_name", "contact_phone", "contact_email", "contact_address",
                  "nominated_on"]
        widgets = {"nominated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CaseForm(forms.Form):
    """One 推荐案例 block; a block left entirely empty is not a case."""

    category = forms.ChoiceField(label=_("案例类型"), choices=[("", "——")] + list(CaseCategory.choices), required=False)
    name = forms.CharField(label=_("案例名称"), max_length=200, required=False)
    url = forms.URLField(label=_("案例网址"), max_length=500, required=False, assume_scheme="https",
                         help_text=_("无法通过互联网展现的案例可不填，但须上传佐证材料"))
    reason = forms.CharField(
        label=_("推荐理由"), required=False,
        widget=forms.Textarea(attrs={"rows": 6, "data-max-chars": REASON_MAX_CHARS}),
        help_text=_("300 字以内，可从展现功能、做法模式、效益效果、制度机制、可推广性等方面简要描述"),
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("所属评估对象"), queryset=Target.objects.none(), required=False,
        help_text=_("案例的加分计入所选评估对象的得分"),
    )
    attachments = MultipleFileField(label=_("佐证材料"), help_text=_("PDF、图片（PNG/JPEG）或 Word（.docx），每个文件不超过 10 MB"))
    remove_attachments = forms.TypedMultipleChoiceField(label=_("删除已上传材料"), coerce=int, required=False,
                                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, stored: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = target_choices()
        self.stored = list(stored)
        self.fields["remove_attachments"].choices = [(a.pk, a.original_name) for a in self.stored]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("category") or data.get("name") or data.get("url") or data.get("reason")
                    or data.get("attachments"))


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(label=_("初选结论"), choices=[("accept", _("通过，进入专家评议")), ("reject", _("不通过，退回"))])
    reason = forms.CharField(label=_("意见（退回时必填，推荐单位可见）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    targets = forms.ModelMultipleChoiceField(label=_("所属评估对象"), queryset=Target.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = target_choices()


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("合并到案例编号"), min_value=1)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))


class TargetsForm(forms.Form):
    targets = forms.ModelMultipleChoiceField(label=_("所属评估对象"), queryset=Target.objects.none())
    reason = forms.CharField(label=_("原因"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = target_choices()


class AttachForm(forms.Form):
    files = MultipleFileField(label=_("佐证材料"), required=True)


class ImportForm(forms.Form):
    files = MultipleFileField(label=_("已填写的推荐表（.xlsx 或 .docx，可多选）"), required=True)
    targets = forms.ModelMultipleChoiceField(label=_("所属评估对象（可在初选时再指定）"), queryset=Target.objects.none(),
                                             required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = target_choices()


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("专家"), queryset=User.objects.filter(role="expert", is_active=True))
    reason = forms.CharField(label=_("说明"), required=False)


class UnassignForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("评议意见"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, question in DIMENSIONS:
            self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=DIMENSION_MAX, help_text=question)
        self.order_fields([name for name, _label, _q in DIMENSIONS])


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("回避原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ExpertProfileForm(forms.Form):
    province_code = forms.ChoiceField(label=_("所在省份"), required=False)
    organisation = forms.CharField(label=_("工作单位"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province_code"].choices = [("", _("中央单位 / 无"))] + list(province_names().items())


class ShortlistForm(forms.Form):
    reason = forms.CharField(label=_("讨论结论 / 说明（有分歧标记的案例必填）"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PolicyForm(forms.ModelForm):
    reason = forms.CharField(label=_("修改原因"), required=False)

    class Meta:
        model = CasePolicy
        fields = ["experts_per_case", "disagreement_margin", "expert_weight", "public_weight", "case_points_max",
                  "category_cap"]


class SignupForm(UserCreationForm):
    """Public sign-up of a 推荐单位（个人）: the account stays inactive until the e-mailed link is opened."""

    display_name = forms.CharField(label=_("推荐单位或个人名称"), max_length=100)
    email = forms.EmailField(label=_("电子邮箱（用于激活账户）"))
    captcha = CaptchaField(label=_("验证码"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")
