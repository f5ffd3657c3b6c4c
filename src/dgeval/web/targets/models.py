"""Targets (评估对象): the bodies evaluated in a campaign, their hierarchy and their channels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    """Which kind of body a target is; decides the framework columns it is scored in."""

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


# (framework, column) pairs each kind is evaluated in; see Target.evaluations().
_EVALUATIONS: dict[str, list[tuple[str, str]]] = {
    TargetKind.PROVINCE: [("local_site", "province"), ("digital_gov", "government")],
    TargetKind.CORPS: [("local_site", "province"), ("digital_gov", "government")],
    TargetKind.KEY_CITY: [("local_site", "city"), ("digital_gov", "government")],
    TargetKind.CITY: [("local_site", "city")],
    TargetKind.COUNTY: [("local_site", "county")],
    TargetKind.MINISTRY: [("ministry_site", "ministry")],
}


#: Kinds evaluated on new media (政务新媒体调查评估: ministries, provinces incl. 兵团, key cities), and the
#: new_media column each new-media channel kind is scored in.
NEW_MEDIA_KINDS = frozenset({TargetKind.MINISTRY, TargetKind.PROVINCE, TargetKind.CORPS, TargetKind.KEY_CITY})
NEW_MEDIA_COLUMNS: dict[str, str] = {
    ChannelKind.WECHAT: "wechat",
    ChannelKind.MINI_PROGRAM: "wechat",
    ChannelKind.APP: "app",
    ChannelKind.WEIBO: "weibo",
}


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

    def evaluations(self) -> list[tuple[str, str]]:
        """The (framework, column) pairs this target is scored in: from its kind, and new_media/<platform> for each
        platform it has a new-media channel (account) on."""
        pairs = list(_EVALUATIONS[self.kind])
        if self.kind in NEW_MEDIA_KINDS and self.pk is not None:
            columns = {NEW_MEDIA_COLUMNS[k] for k in self.channels.values_list("kind", flat=True)
                       if k in NEW_MEDIA_COLUMNS}
            pairs += [("new_media", column) for column in ("wechat", "app", "weibo") if column in columns]
        return pairs

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
