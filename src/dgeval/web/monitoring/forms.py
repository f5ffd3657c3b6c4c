"""Forms of the monitoring pages; rules stay in services (these only parse input)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dgeval.web.monitoring.models import FindingStatus, RunKind
from dgeval.web.targets.models import Target, TargetKind


class RunCreateForm(forms.Form):
    """Scan or probe one target, a group (by kind or parent), or all."""

    SCOPES = [("targets", _("指定对象")), ("kind", _("按类型")), ("parent", _("按上级")), ("all", _("全部"))]

    # A recheck is queued by a rectification, for the finding's page only: not started by hand.
    kind = forms.ChoiceField(label=_("监测类型"), choices=[c for c in RunKind.choices if c[0] != RunKind.RECHECK],
                             initial=RunKind.SCAN)
    scope = forms.ChoiceField(label=_("范围"), choices=SCOPES, initial="targets")
    targets = forms.ModelMultipleChoiceField(
        label=_("评估对象"), queryset=Target.objects.filter(has_website=True).order_by("kind", "code"), required=False
    )
    target_kind = forms.ChoiceField(label=_("对象类型"), choices=[("", "—")] + list(TargetKind.choices), required=False)
    parent = forms.ModelChoiceField(label=_("上级"), queryset=Target.objects.filter(children__isnull=False).distinct(),
                                    required=False)
    external = forms.ChoiceField(label=_("外部链接"), choices=[("check", _("检查")), ("skip", _("跳过"))], initial="check")
    as_of = forms.DateField(label=_("评估基准日"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    max_pages = forms.IntegerField(label=_("最多页面数"), min_value=1, max_value=10_000, initial=500)
    override_reason = forms.CharField(label=_("阶段外运行理由（仅管理员）"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        scope = data.get("scope")
        if scope == "targets" and not data.get("targets"):
            self.add_error("targets", _("请选择评估对象"))
        if scope == "kind" and not data.get("target_kind"):
            self.add_error("target_kind", _("请选择对象类型"))
        if scope == "parent" and not data.get("parent"):
            self.add_error("parent", _("请选择上级"))
        return data

    def selected_targets(self) -> list[Target]:
        data = self.cleaned_data
        base = Target.objects.filter(has_website=True).exclude(website_url="")
        scope = data["scope"]
        if scope == "targets":
            return list(data["targets"])
        if scope == "kind":
            return list(base.filter(kind=data["target_kind"]))
        if scope == "parent":
            return list(base.filter(parent=data["parent"]))
        return list(base)

    def as_of_date(self) -> dt.date | None:
        return self.cleaned_data.get("as_of")


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("审核结果"),
        choices=[(s.value, s.label) for s in (FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE,
                                              FindingStatus.DOUBTFUL)],
    )
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RectifyForm(forms.Form):
    note = forms.CharField(label=_("整改说明"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("裁决"), choices=[("upheld", _("申诉成立（改为误报）")),
                                                          ("rejected", _("驳回申诉"))])
    reason = forms.CharField(label=_("裁决理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealReopenForm(forms.Form):
    reason = forms.CharField(label=_("撤回裁决理由"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("裁决为终局；撤回须说明理由，记入审计日志"))


class RunCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class SendForm(forms.Form):
    """通报: send the confirmed findings not sent yet (of one target, or of all) with a deadline in working days."""

    target = forms.ModelChoiceField(label=_("评估对象"), queryset=Target.objects.none(), required=False,
                                    empty_label=_("全部对象"))
    working_days = forms.IntegerField(label=_("整改期限（工作日）"), min_value=1, max_value=120)

    def __init__(self, *args: object, targets: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if targets is not None:
            self.fields["target"].queryset = targets  # type: ignore[attr-defined]


class FindingsImportForm(forms.Form):
    file = forms.FileField(label=_("修改后的监测问题表（.xlsx）"))
