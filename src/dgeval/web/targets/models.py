"""Targets (评估对象): the bodies evaluated in a campaign, their hierarchy and their channels."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dgeval.web.common.frameworks import campaign_facts_for, campaign_facts_latest


class TargetKind(models.TextChoices):
    """Which kind of body a target is; the campaign facts of each year say which evaluations it takes."""

    PROVINCE = "province", _("省级政府")
    KEY_CITY = "key_city", _("重点城市")
    CITY = "city", _("地市")
    COUNTY = "county", _("区县")
    MINISTRY = "ministry", _("国务院部门")
    CORPS = "corps", _("新疆生产建设兵团")


class ChannelKind(models.TextChoices):
    """The channels through which a target serves the public (网站 and 政务新媒体)."""

    WEBSITE = "website", _("网站")
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信")
    APP = "app", _("App")
    MINI_PROGRAM = "mini_program", _("小程序")


class Target(models.Model):
    """One evaluated body: a province, city, county or State Council department."""

    code = models.CharField(_("编码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=100, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=TargetKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    division_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    has_website = models.BooleanField(_("有门户网站"), default=True)
    website_url = models.URLField(_("网站网址"), max_length=500, blank=True)
    # The monitor refuses private and loopback addresses; an admin may allow them for one target (an intranet or
    # test site) with a reason, through `target_allow_private_set`. Link-local and cloud metadata addresses stay
    # refused whatever this says (dgeval.monitor.safety).
    allow_private = models.BooleanField(_("允许内网地址"), default=False,
                                        help_text=_("仅管理员可按评估对象开启（内网或测试站点）"))
    allow_private_reason = models.TextField(_("允许内网地址的理由"), blank=True)
    campaign_joined = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("参评年度活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joined_targets",
        help_text=_("区县报名通过后加入的评估活动"),
    )

    class Meta:
        verbose_name = _("评估对象")
        verbose_name_plural = _("评估对象")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name

    def evaluations(self, campaign: Any = None) -> list[tuple[str, str]]:
        """The (framework, column) pairs this target is scored in, the main one first.

        From CAMPAIGN's year (data/<year>/rules/campaign.toml; without a campaign, the newest year's): those of its
        kind, then those its channels bring (政务新媒体: one per platform it has an account on).
        """
        kinds, channels = TargetKind.values, ChannelKind.values
        facts = (campaign_facts_for(campaign, kinds, channels) if campaign is not None
                 else campaign_facts_latest(kinds, channels))
        by_channel = self.pk is not None and any(self.kind in c.kinds for c in facts.channel_evaluations)
        has = {channel.kind for channel in self.channels.all()} if by_channel else set()
        return list(facts.evaluations_of(self.kind, has))

    def ancestors(self) -> list[Target]:
        """Parents from the nearest up to the root (province)."""
        chain: list[Target] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Channel(models.Model):
    """One channel of a target: its website, a 微博 or 微信 account, an App or a 小程序."""

    target = models.ForeignKey(Target, verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("渠道类型"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    url = models.CharField(_("地址"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("渠道")
        verbose_name_plural = _("渠道")
        ordering = ["target", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["target", "kind", "name"], name="channel_unique_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.target.name} · {self.get_kind_display()} · {self.name}"
