"""Forms of manual collection: they parse input only; bounds and permissions are checked by the services."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.roles import Role
from dgeval.web.collection.models import WorkItemStatus
from dgeval.web.targets.models import Target

OVERRIDE_HELP = _("仅管理员：阶段已关闭时填写理由可继续操作（记入审计日志）")


def _evaluators() -> QuerySet:
    return get_user_model().objects.filter(role=Role.EVALUATOR, is_active=True).order_by("username")


class ScoreForm(forms.Form):
    points = forms.FloatField(label=_("得分"), required=False)
    evidence_url = forms.URLField(label=_("证据网址"), required=False, max_length=1000, assume_scheme="https")
    screenshot = forms.FileField(
        label=_("截图"), required=False, help_text=_("PNG、JPEG 或 WebP 图片，按文件内容识别"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    override_reason = forms.CharField(label=_("阶段关闭时的操作理由"), required=False, help_text=OVERRIDE_HELP)


class ReconcileForm(forms.Form):
    points = forms.FloatField(label=_("裁定得分"))
    reason = forms.CharField(label=_("裁定理由"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.URLField(label=_("证据网址"), required=False, max_length=1000, assume_scheme="https")
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(label=_("阶段关闭时的操作理由"), required=False, help_text=OVERRIDE_HELP)


class GenerateForm(forms.Form):
    targets = forms.ModelMultipleChoiceField(
        label=_("评估对象"), queryset=Target.objects.order_by("kind", "code"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    evaluators = forms.ModelMultipleChoiceField(
        label=_("评估员"), queryset=get_user_model().objects.none(), help_text=_("按顺序轮流分配")
    )
    double = forms.BooleanField(label=_("双人评分"), required=False)
    scope = forms.ChoiceField(
        label=_("指标范围"),
        choices=[("manual", _("人工采集部分（系统监测未观察到或不覆盖的分值）")),
                 ("all", _("该类别全部指标（不含加分项）"))],
        initial="manual",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = _evaluators()


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("评估员"), queryset=get_user_model().objects.none())
    second_assignee = forms.ModelChoiceField(label=_("第二评估员"), queryset=get_user_model().objects.none(), required=False)
    reconciler = forms.ModelChoiceField(label=_("复核人"), queryset=get_user_model().objects.none(), required=False)
    reason = forms.CharField(label=_("原因"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in ("assignee", "second_assignee", "reconciler"):
            self.fields[name].queryset = _evaluators()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("已填写的评分表（.xlsx）"))
    override_reason = forms.CharField(label=_("阶段关闭时的操作理由"), required=False, help_text=OVERRIDE_HELP)


class ItemFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *WorkItemStatus.choices])
    target = forms.ModelChoiceField(label=_("评估对象"), required=False, queryset=Target.objects.order_by("code"))
    assignee = forms.ModelChoiceField(label=_("评估员"), required=False, queryset=get_user_model().objects.none())
    #: "framework:code" of a leaf, offered from the leaves the list holds (LEAVES: value, Chinese name).
    leaf = forms.ChoiceField(label=_("指标"), required=False, choices=[("", _("全部"))])

    def __init__(self, *args: object, leaves: list[tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _evaluators()
        if leaves is None:
            del self.fields["leaf"]
        else:
            self.fields["leaf"].choices = [("", _("全部")), *leaves]


class ReconcilerForm(forms.Form):
    """The third scorer who decides a double-scored item whose scores differ."""

    reconciler = forms.ModelChoiceField(label=_("复核人"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("原因"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reconciler"].queryset = _evaluators()
