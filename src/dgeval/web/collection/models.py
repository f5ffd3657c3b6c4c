"""人工采集 (manual collection): work items (target × leaf) and the evaluators' scores with evidence.

A work item is the manual part of one leaf of one target in one (framework, column): the leaf's weight less the share
the monitor observed. It is assigned to an evaluator — and, for double scoring, to a second one. Each evaluator's
score is a `ManualScore`; when the two differ by more than the campaign's margin the item waits for a third scorer
(its `reconciler`, chosen automatically when one is free) or an admin to decide, and every value stays on record. The
score that ends an item is its `final_score`; its points become the leaf's person part
(`scores.services.score_part_set`) with the item as source and the scores behind it as evidence.
Rules live in `services`; these models only hold data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from dgeval.web.common.fields import ClockStampField
from dgeval.web.common.frameworks import record_label


class WorkItemStatus(models.TextChoices):
    """Where a work item stands; `needs_reconcile` only occurs with double scoring."""

    TODO = "todo", _("待采集")
    IN_PROGRESS = "in_progress", _("采集中")
    SUBMITTED = "submitted", _("已提交（待另一评估员）")
    NEEDS_RECONCILE = "needs_reconcile", _("待复核")
    DONE = "done", _("已完成")


class ScoreKind(models.TextChoices):
    """What a manual score record is: an assignee's own score, the agreed mean of two, or the decision on two that
    differ (by the third scorer or an admin)."""

    EVALUATION = "evaluation", _("评估员评分")
    CONSENSUS = "consensus", _("双评一致（取平均）")
    RECONCILIATION = "reconciliation", _("复核裁定")


class CollectionPolicy(models.Model):
    """Campaign-level settings of manual collection.

    Kept in this app rather than on Campaign: the margin is manual collection's concern and may change per year.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="collection_policy"
    )
    reconcile_margin_percent = models.PositiveSmallIntegerField(
        _("双评差异阈值（占权重 %）"),
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("两位评估员的得分相差超过该指标权重的此百分比时，需复核"),
    )

    class Meta:
        verbose_name = _("人工采集设置")
        verbose_name_plural = _("人工采集设置")

    def __str__(self) -> str:
        return f"{self.campaign} · {self.reconcile_margin_percent}%"


class WorkItem(models.Model):
    """One leaf of one target to be scored by hand."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="work_items"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="work_items"
    )
    framework = models.CharField(_("指标体系"), max_length=32)
    column = models.CharField(_("评估类别"), max_length=32)
    code = models.CharField(_("指标代码"), max_length=64)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估员"),
        on_delete=models.PROTECT,
        related_name="work_items",
    )
    second_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("第二评估员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_work_items",
        help_text=_("设置后该指标需两人独立评分"),
    )
    reconciler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconcile_work_items",
        help_text=_("双评差异超出阈值时裁定得分的第三位评估员（自动指定，管理员可更换；管理员总可裁定）"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=WorkItemStatus.choices, default=WorkItemStatus.TODO, db_index=True
    )
    final_score = models.ForeignKey(
        "ManualScore",
        verbose_name=_("最终评分"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = ClockStampField(_("创建时间"), auto_now_add=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("采集任务")
        verbose_name_plural = _("采集任务")
        ordering = ["target__code", "framework", "column", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target", "framework", "column", "code"], name="collection_workitem_unique_leaf"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {record_label(self.framework, self.column, self.code)}"

    @property
    def is_double(self) -> bool:
        return self.second_assignee_id is not None

    def get_absolute_url(self) -> str:
        return reverse("collection:item", args=[self.pk])

    def provenance_label(self) -> str:
        return gettext("人工采集任务 #%(id)s（%(status)s）") % {"id": self.pk, "status": self.get_status_display()}

    def snapshot(self) -> dict[str, object]:
        """What the audit log records about the item."""
        return {
            "status": self.status,
            "assignee": self.assignee_id,
            "second_assignee": self.second_assignee_id,
            "reconciler": self.reconciler_id,
            "final_score": self.final_score_id,
        }


def _screenshot_path(instance: ManualScore, filename: str) -> str:
    # The original name is not trusted (it may hold path parts); the extension comes from the sniffed type.
    return f"collection/{instance.work_item.campaign_id}/{instance.work_item_id}/{filename}"


class ManualScore(models.Model):
    """One person's points for a work item, with the evidence they rest on."""

    work_item = models.ForeignKey(WorkItem, verbose_name=_("采集任务"), on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评分人"), on_delete=models.PROTECT, related_name="manual_scores"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=ScoreKind.choices, default=ScoreKind.EVALUATION)
    points = models.FloatField(_("得分"), null=True, blank=True)
    evidence_url = models.URLField(_("证据网址"), max_length=1000, blank=True)
    screenshot = models.FileField(_("截图"), upload_to=_screenshot_path, blank=True, max_length=300)
    note = models.TextField(_("说明"), blank=True)
    reason = models.TextField(_("复核理由"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = ClockStampField(_("创建时间"), auto_now_add=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        ordering = ["work_item", "created_at", "id"]

    def __str__(self) -> str:
        points = "—" if self.points is None else f"{self.points:g}"
        return f"{self.work_item} · {self.evaluator} · {points}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def get_absolute_url(self) -> str:
        return reverse("collection:item", args=[self.work_item_id])

    def provenance_label(self) -> str:
        points = "—" if self.points is None else f"{self.points:g}"
        return gettext("%(kind)s：%(who)s %(points)s 分") % {
            "kind": self.get_kind_display(), "who": self.evaluator, "points": points}

    def snapshot(self) -> dict[str, object]:
        """What the audit log records about a score."""
        return {
            "work_item": self.work_item_id,
            "kind": self.kind,
            "evaluator": self.evaluator_id,
            "points": self.points,
            "evidence_url": self.evidence_url,
            "screenshot": self.screenshot.name if self.screenshot else "",
            "note": self.note,
            "submitted": self.is_submitted,
        }
