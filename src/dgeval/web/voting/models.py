"""网民评选 (public vote) on the shortlisted innovation cases.

A `VoteRound` puts shortlisted cases on a ballot between two dates; its rules are published before it opens.
A `Voter` is a verified person, known only by a keyed hash of their normalised identity (an e-mail address by
default): the platform can tell two votes of one person apart from two people without keeping the address.
A `Vote` is one voter's vote for one case on one day, with what is needed to spot fraud (address range, user agent,
device cookie, time); a vote found fraudulent is voided by an admin, never deleted.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _


class RoundState(models.TextChoices):
    DRAFT = "draft", _("未公布")
    ANNOUNCED = "announced", _("规则已公布，尚未开始")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已结束")


class VoteRound(models.Model):
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE,
                                 related_name="vote_rounds")
    title = models.CharField(_("名称"), max_length=200)
    rules = models.TextField(_("投票规则"))
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    published_at = models.DateTimeField(_("规则公布时间"), null=True, blank=True)
    cases = models.ManyToManyField("cases.Case", verbose_name=_("候选案例"), related_name="vote_rounds")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("网民评选")
        verbose_name_plural = _("网民评选")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                   name="voting_round_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vote:manage_round", args=[self.pk])

    def provenance_label(self) -> str:
        return gettext("网民评选：%(title)s") % {"title": self.title}

    def state(self, on: date) -> RoundState:
        """Where the round stands on ON (the platform's today)."""
        if self.published_at is None:
            return RoundState.DRAFT
        if on < self.opens_on:
            return RoundState.ANNOUNCED
        return RoundState.OPEN if on <= self.closes_on else RoundState.CLOSED

    def snapshot(self) -> dict[str, object]:
        return {"title": self.title, "rules": self.rules, "opens_on": self.opens_on, "closes_on": self.closes_on,
                "published_at": self.published_at,
                "cases": sorted(self.cases.values_list("pk", flat=True)) if self.pk else []}


class Voter(models.Model):
    """A verified person; `identity_hash` is HMAC-SHA256 (keyed by SECRET_KEY) of the normalised identity."""

    identity_hash = models.CharField(_("身份摘要"), max_length=64, unique=True)
    method = models.CharField(_("验证方式"), max_length=16)
    verified_at = models.DateTimeField(_("最近验证时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投票人")
        verbose_name_plural = _("投票人")

    def __str__(self) -> str:
        return f"{self.method}:{self.identity_hash[:10]}"


class VerificationCode(models.Model):
    """A one-time code sent to an identity; only its hash is kept."""

    identity_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("验证码")
        verbose_name_plural = _("验证码")


class Vote(models.Model):
    round = models.ForeignKey(VoteRound, verbose_name=_("网民评选"), on_delete=models.CASCADE, related_name="votes")
    case = models.ForeignKey("cases.Case", verbose_name=_("案例"), on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey(Voter, verbose_name=_("投票人"), on_delete=models.PROTECT, related_name="votes")
    voted_on = models.DateField(_("投票日"))
    created_at = models.DateTimeField(_("投票时间"), default=timezone.now, db_index=True)
    ip = models.GenericIPAddressField(_("IP 地址"))
    ip_network = models.CharField(_("网段"), max_length=64, db_index=True)
    user_agent = models.CharField(_("浏览器标识"), max_length=300, blank=True)
    device = models.CharField(_("设备标识"), max_length=64, blank=True, db_index=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("作废人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    void_reason = models.TextField(_("作废原因"), blank=True)

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "case", "voter", "voted_on"], name="voting_one_vote_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.case_id} {self.voter} {self.voted_on}"


class ThrottleEvent(models.Model):
    """A client that hit a rate limit in a round (at most one row per client, step and hour): its votes are suspect."""

    round = models.ForeignKey(VoteRound, verbose_name=_("网民评选"), on_delete=models.CASCADE, related_name="throttles")
    step = models.CharField(_("环节"), max_length=16)
    ip_network = models.CharField(_("网段"), max_length=64)
    device = models.CharField(_("设备标识"), max_length=64, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("频率限制记录")
        verbose_name_plural = _("频率限制记录")

    def __str__(self) -> str:
        return f"{self.round_id} {self.step} {self.ip_network}"
