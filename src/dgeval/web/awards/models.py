"""The selection decision on each case of a closed public vote, and the bonus points it put into scores.

A `CaseDecision` records the inputs (calibrated expert score, valid votes), the policy's weights as they were, the
combined score, whether the case was selected and the points it earns. A `BonusEntry` is one target's points in
one bonus category of one evaluation (capped by the policy), with the decisions that produced them. In scores, each
selected decision is the source of its own bonus part of the target's leaf, with the bonus entry, the experts'
reviews and the vote as its evidence: the scorecard names the case and links the decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _
from dgeval.web.common.fields import ClockStampField
from dgeval.web.common.frameworks import record_label


class CaseDecision(models.Model):
    #: A target's webmaster may open the decision behind its bonus points (the score pages link it).
    provenance_visible_to_target = True

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE,
                                 related_name="case_decisions")
    case = models.OneToOneField("cases.Case", verbose_name=_("案例"), on_delete=models.PROTECT, related_name="decision")
    vote_round = models.ForeignKey("voting.VoteRound", verbose_name=_("网民评选"), on_delete=models.PROTECT,
                                   related_name="decisions")
    selected = models.BooleanField(_("入选"))
    expert_score = models.FloatField(_("专家校准得分"))
    expert_reviews = models.PositiveSmallIntegerField(_("专家评议数"))
    votes = models.PositiveIntegerField(_("有效票数"))
    expert_part = models.FloatField(_("专家部分"))
    public_part = models.FloatField(_("网民部分"))
    combined = models.FloatField(_("综合得分"))
    points = models.FloatField(_("加分"))
    policy = models.JSONField(_("评选规则（决定时）"))
    reason = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = ClockStampField(_("决定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评选决定")
        verbose_name_plural = _("评选决定")
        ordering = ["-combined", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.case}"

    def get_absolute_url(self) -> str:
        return reverse("awards:decision", args=[self.pk])

    def provenance_label(self) -> str:
        return gettext("评选决定 #%(id)s：《%(case)s》") % {"id": self.pk, "case": self.case.name}

    def snapshot(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in ("selected", "expert_score", "expert_reviews", "votes", "expert_part",
                                               "public_part", "combined", "points", "policy")} | {"case": self.case_id}


class BonusEntry(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE,
                                 related_name="bonus_entries")
    target = models.ForeignKey("targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE,
                               related_name="bonus_entries")
    framework = models.CharField(_("指标体系"), max_length=32)
    column = models.CharField(_("评估类别"), max_length=32)
    code = models.CharField(_("加分类别"), max_length=64)
    points = models.FloatField(_("加分"))
    decisions = models.ManyToManyField(CaseDecision, verbose_name=_("评选决定"), related_name="bonus_entries")

    class Meta:
        verbose_name = _("案例加分")
        verbose_name_plural = _("案例加分")
        ordering = ["target__code", "framework", "column", "code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "target", "framework", "column", "code"],
                                               name="awards_bonus_entry_unique")]

    def __str__(self) -> str:
        return f"{self.target} · {record_label(self.framework, self.column, self.code)} = {self.points:g}"

    def provenance_label(self) -> str:
        return gettext("该类别入选案例合计 %(points)s 分（类别上限后）") % {"points": f"{self.points:g}"}
