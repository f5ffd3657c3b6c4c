"""Leaf scores (三级指标得分): the points one target earned on one leaf, with where they came from.

One row per (campaign, target, framework, column, code). The row is overwritten when a newer source scores the leaf;
its history is the audit log (every change goes through `services.leaf_score_set`, which audits before/after).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    """Where a leaf's points came from; the score detail page links each kind back to its record."""

    FINDING = "finding", _("系统监测")
    MANUAL = "manual", _("人工采集")
    FOI = "foi", _("依申请公开")
    IMPORT = "import", _("导入")
    BONUS = "bonus", _("优秀创新案例")


class LeafScore(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="leaf_scores"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="leaf_scores"
    )
    framework = models.CharField(_("指标体系"), max_length=32)
    column = models.CharField(_("评估类别"), max_length=32)
    code = models.CharField(_("指标代码"), max_length=64)
    points = models.FloatField(_("得分"))
    source_kind = models.CharField(_("来源"), max_length=16, choices=SourceKind.choices)
    # Free-form because each source names its records differently (finding ids "12,13", a manual record id…).
    source_id = models.CharField(_("来源记录"), max_length=500, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["campaign", "target__code", "framework", "column", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target", "framework", "column", "code"], name="scores_leafscore_unique_leaf"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.framework}/{self.column} {self.code} = {self.points:g}"

    def snapshot(self) -> dict[str, object]:
        """What the audit log records before and after a change."""
        return {
            "framework": self.framework,
            "column": self.column,
            "code": self.code,
            "points": self.points,
            "source_kind": self.source_kind,
            "source_id": self.source_id,
        }
