"""Published results (结果发布): a frozen snapshot per publication, which public pages and reports read.

Publishing is an act: `services.results_publish` copies the campaign's scores, ranks, leaf points with their
sources and the findings behind them into a `Publication` and its `PublishedResult` rows. Later changes to scores do
not touch it; they reach the public only through a republication, a new version that keeps the earlier ones and
records what changed (`changes`) and why (`note`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dgeval.web.common.fields import ClockStampField


class Publication(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.PROTECT, related_name="publications"
    )
    version = models.PositiveIntegerField(_("版本"))
    published_at = ClockStampField(_("发布时间"), auto_now_add=True)
    published_on = models.DateField(_("发布日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("发布说明"), blank=True)
    # Per target and group: total and rank before → after, for a republication (empty for the first version).
    changes = models.JSONField(_("变更"), default=list, blank=True)
    # Campaign-wide figures frozen with the results: scope counts, most common findings, selected cases.
    summary = models.JSONField(_("概况"), default=dict, blank=True)
    demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("结果发布")
        verbose_name_plural = _("结果发布")
        ordering = ["campaign", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "version"], name="publication_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} v{self.version}"


class PublishedResult(models.Model):
    """One target's result in one peer group, as published: names are copied so a later rename changes nothing."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="results")
    target = models.ForeignKey("targets.Target", verbose_name=_("评估对象"), on_delete=models.PROTECT, related_name="+")
    target_code = models.CharField(_("编码"), max_length=64)
    target_name = models.CharField(_("名称"), max_length=200)
    target_kind = models.CharField(_("类型"), max_length=16)
    province_code = models.CharField(_("所在省份"), max_length=12, blank=True)
    group = models.CharField(_("排名分组"), max_length=64)
    framework = models.CharField(_("指标体系"), max_length=32)
    column = models.CharField(_("评估类别"), max_length=32)
    rank = models.PositiveIntegerField(_("排名"))
    total = models.FloatField(_("总分"))
    base = models.FloatField(_("基础分"))
    bonus = models.FloatField(_("加分"))
    level1 = models.JSONField(_("一级指标得分"), default=dict)
    # [{code, points, source, findings: [finding ids]}] for every applicable leaf, in the framework's order.
    leaves = models.JSONField(_("指标得分"), default=list)
    # [{id, check, title, sentence, url, page, snippet, severity, leaves}] behind the monitor's points.
    findings = models.JSONField(_("监测问题"), default=list)

    class Meta:
        verbose_name = _("发布结果")
        verbose_name_plural = _("发布结果")
        ordering = ["publication", "group", "rank", "target_code"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "group", "target"], name="publication_result_unique"),
        ]
        indexes = [models.Index(fields=["publication", "group", "rank"])]

    def __str__(self) -> str:
        return f"{self.group_title} #{self.rank} {self.target_name}"

    @property
    def group_title(self) -> str:
        """The peer group's Chinese title ("省级政府门户网站"); readers never see its key."""
        from dgeval.web.scores.groups import group_get

        group = group_get(self.group)
        return group.title if group is not None else _("其他分组")
