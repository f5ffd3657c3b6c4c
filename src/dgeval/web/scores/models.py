"""Leaf scores (三级指标得分): the points one target earned on one leaf, made of parts that each name their source.

One `LeafScore` per (campaign, target, framework, column, code); its `points` are the sum of its `ScorePart`s. A part
is what one source gave one slot of the leaf:

- the **monitor** slot, automatic points from evidence (`finding`: the website monitor; `new_media`: the checks over
  the new-media accounts' imported data): the share of the weight the checks observed, with the leaf's automatic
  `state`;
- the **person** slot (`manual`, `foi`, `import`): the rest of the leaf, or the whole leaf where the checks have no
  share or a person overrides them;
- **bonus** parts (`bonus`), one per source record, on a bonus category (优秀创新案例).

A part's source is a generic foreign key to the record that produced it (a monitoring run's target, a manual work item,
a new-media check run, a 依申请公开 request, a case decision…), and its `ScoreEvidence` rows point at the records it counted (findings,
individual manual scores). The scores app imports none of those apps: a record shows itself through
`get_absolute_url()` and `provenance_label()`. Documented in docs/architecture.md ("Leaf scores and provenance").
Every change goes through `services`, which audits it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from dgeval.web.common.fields import ClockStampField
from dgeval.web.common.frameworks import record_label


class SourceKind(models.TextChoices):
    """Where a part's points came from; the score pages link each part back to its record."""

    FINDING = "finding", _("系统监测")
    MANUAL = "manual", _("人工采集")
    FOI = "foi", _("依申请公开")
    IMPORT = "import", _("导入")
    NEW_MEDIA = "new_media", _("政务新媒体")
    BONUS = "bonus", _("加分项")


class Slot(models.TextChoices):
    """Which part of a leaf a score speaks for."""

    MONITOR = "monitor", _("系统监测部分")
    PERSON = "person", _("人工部分")
    BONUS = "bonus", _("加分")


#: The slot each kind of source fills; a kind not listed scores the person slot.
SLOT_OF_KIND: dict[str, str] = {SourceKind.FINDING: Slot.MONITOR, SourceKind.NEW_MEDIA: Slot.MONITOR,
                                SourceKind.BONUS: Slot.BONUS}


def slot_of(kind: str) -> str:
    return SLOT_OF_KIND.get(kind, Slot.PERSON)


class LeafState(models.TextChoices):
    """The automatic state of a leaf (the monitor's or the new-media checks') (see dgeval.framework.rules); blank when no rule bears on it."""

    DEDUCTED = "deducted", _("已扣分")
    CLEAN = "clean", _("未发现问题")
    NOT_OBSERVED = "not_observed", _("未观察到，转人工采集")


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
    points = models.FloatField(_("得分"), default=0.0)
    maximum = models.FloatField(_("分值"), default=0.0)
    state = models.CharField(_("系统监测状态"), max_length=16, choices=LeafState.choices, blank=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

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
        return f"{self.target} · {record_label(self.framework, self.column, self.code)} = {self.points:g}"

    def snapshot(self) -> dict[str, object]:
        """What the audit log records before and after a change: the total, the state and every part."""
        return {
            "framework": self.framework,
            "column": self.column,
            "code": self.code,
            "points": self.points,
            "state": self.state,
            "parts": [part.snapshot() for part in self.parts.order_by("slot", "pk")],
        }


def record_key(content_type_id: int, object_id: int | None) -> str:
    """"monitoring.findingrecord:12": a record named for the audit log, readable without the database."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}:{object_id}"


class ScorePart(models.Model):
    """What one source gave one slot of a leaf, and the most it could give there (`max_points`).

    `claimed_points`/`claimed_max_points` are what the source said; `points`/`max_points` what counts. They differ only
    for the monitor's part when a person's part leaves it less room than its share: it is then scaled into that room
    at the same rate (see services.score_part_set).
    """

    leaf = models.ForeignKey(LeafScore, verbose_name=_("指标得分"), on_delete=models.CASCADE, related_name="parts")
    slot = models.CharField(_("部分"), max_length=8, choices=Slot.choices)
    source_kind = models.CharField(_("来源"), max_length=16, choices=SourceKind.choices)
    points = models.FloatField(_("得分"))
    max_points = models.FloatField(_("本部分满分"))
    claimed_points = models.FloatField(_("来源给分"))
    claimed_max_points = models.FloatField(_("来源所覆盖的分值"))
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("来源类型"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_object_id = models.PositiveBigIntegerField(_("来源记录"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_object_id")
    # A source with no record on the platform, e.g. the name of an imported evaluators' sheet.
    source_label = models.CharField(_("来源说明"), max_length=300, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    # The rule outcome behind a monitor part (per check: share, observed, findings, state); {} for other parts.
    detail = models.JSONField(_("规则明细"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评分人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("得分组成")
        verbose_name_plural = _("得分组成")
        ordering = ["leaf", "slot", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["leaf", "slot"], condition=~models.Q(slot="bonus"),
                                    name="scores_part_one_per_slot"),
            models.UniqueConstraint(fields=["leaf", "source_type", "source_object_id"],
                                    condition=models.Q(slot="bonus"), name="scores_part_one_bonus_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} {self.points:g}/{self.max_points:g}"

    def snapshot(self) -> dict[str, object]:
        source = record_key(self.source_type_id, self.source_object_id) if self.source_type_id else self.source_label
        return {
            "slot": self.slot,
            "source_kind": self.source_kind,
            "points": self.points,
            "max_points": self.max_points,
            "source": source,
            "reason": self.reason,
            "evidence": sorted(record_key(e.content_type_id, e.object_id) for e in self.evidence.all()),
        }


class ScoreEvidence(models.Model):
    """One record a part counted: a finding behind a deduction, one evaluator's score behind a manual part…"""

    part = models.ForeignKey(ScorePart, verbose_name=_("得分组成"), on_delete=models.CASCADE, related_name="evidence")
    content_type = models.ForeignKey(ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("记录"))
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("得分依据")
        verbose_name_plural = _("得分依据")
        ordering = ["part", "content_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "content_type", "object_id"], name="scores_evidence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"
