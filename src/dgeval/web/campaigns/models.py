"""Campaigns (评估活动) and their phases: the yearly timetable that opens and closes actions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    """The steps of the plan's timetable, in plan order."""

    CONSULTATION = "consultation", _("意见征集")
    REGISTRATION = "registration", _("区县报名")
    CASE_NOMINATION = "case_nomination", _("案例申报")
    MONITORING = "monitoring", _("系统监测")
    MANUAL_COLLECTION = "manual_collection", _("人工采集")
    CASE_REVIEW = "case_review", _("案例评选")
    REPORT = "report", _("报告撰写")
    PUBLICATION = "publication", _("结果发布")


class Campaign(models.Model):
    """One yearly evaluation campaign, e.g. 2020; `framework_year` picks the indicator frameworks."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    name = models.CharField(_("名称"), max_length=200)
    framework_year = models.PositiveIntegerField(_("指标体系年度"))

    class Meta:
        verbose_name = _("评估活动")
        verbose_name_plural = _("评估活动")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """A phase of a campaign, open from `starts_on` to `ends_on` inclusive (dates in Asia/Shanghai)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("阶段"), max_length=32, choices=PhaseKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("截止日期"))

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["campaign", "starts_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_unique_kind_per_campaign"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.name} · {self.get_kind_display()}"

    def clean(self) -> None:
        """The end may not precede the start."""
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("截止日期不能早于开始日期")})

    def is_open(self, on: date) -> bool:
        """True if `on` lies within the phase, both ends included."""
        return self.starts_on <= on <= self.ends_on
