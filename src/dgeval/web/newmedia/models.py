"""政务新媒体 (two Weis and one App): accounts, their imported posts and messages, check runs and findings.

An `Account` extends a target's `targets.Channel` of a new-media kind (微信, 小程序, App, 微博) one-to-one: the channel
keeps what every channel has (owner target, kind, name, link) and what the rest of the platform reads — a target
takes part in new_media/<platform> for each platform it has such a channel on (`Target.evaluations`) — while the
account adds what only the new-media evaluation needs (platform id, verification, status, registration) and owns the
imported data. `Post`s and `Message`s are keyed by their natural keys, so importing an export twice changes nothing.
A `PlatformCheck` is the latest run of the checks over one owner's accounts on one platform (what they observed);
an `AccountFinding` is one problem they found, reviewed like a monitor finding before it costs points. A leaf's
new-media points name the `PlatformCheck` as their source and the counted findings as their evidence; both show
themselves on the score pages (`provenance_label()`, `get_absolute_url()`, the team's pages only).
Rules live in services.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dgeval.newmedia.model import PLATFORM_OF
from dgeval.web.common.fields import ClockStampField

if TYPE_CHECKING:
    from dgeval.web.targets.models import Target


class AccountKind(models.TextChoices):
    WECHAT_SERVICE = "wechat_service", _("微信服务号")
    WECHAT_SUBSCRIPTION = "wechat_subscription", _("微信订阅号")
    MINI_PROGRAM = "mini_program", _("微信小程序")
    APP = "app", _("政务App")
    WEIBO = "weibo", _("政务微博")


class Platform(models.TextChoices):
    """The new_media framework's columns: one ranking each."""

    WECHAT = "wechat", _("微信")
    APP = "app", _("App")
    WEIBO = "weibo", _("微博")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    DORMANT = "dormant", _("休眠")
    CLOSED = "closed", _("已关停")


class Verification(models.TextChoices):
    VERIFIED = "verified", _("已认证")
    UNVERIFIED = "unverified", _("未认证")
    UNKNOWN = "unknown", _("未核实")


class DataKind(models.TextChoices):
    POSTS = "posts", _("发布数据")
    MESSAGES = "messages", _("留言数据")


class FindingStatus(models.TextChoices):
    """Only confirmed findings cost points; a finding the latest run no longer shows is 已消除."""

    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("确认")
    FALSE_POSITIVE = "false_positive", _("误报")
    GONE = "gone", _("已消除")


class NewMediaPolicy(models.Model):
    """The campaign's evaluation window and limits for the new-media checks."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="newmedia_policy"
    )
    window_start = models.DateField(_("评估期开始"))
    window_end = models.DateField(_("评估期结束"), help_text=_("检查截至此日与平台当日中较早者"))
    reply_limit_workdays = models.PositiveSmallIntegerField(
        _("留言回复时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    dormant_days = models.PositiveSmallIntegerField(
        _("僵尸账号判定（天未更新）"), default=90, validators=[MinValueValidator(14), MaxValueValidator(730)]
    )

    class Meta:
        verbose_name = _("政务新媒体评估设置")
        verbose_name_plural = _("政务新媒体评估设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(window_end__gte=models.F("window_start")),
                                   name="newmedia_policy_window_order"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.window_start}–{self.window_end}"


class Account(models.Model):
    channel = models.OneToOneField(
        "targets.Channel", verbose_name=_("渠道"), on_delete=models.CASCADE, related_name="account"
    )
    kind = models.CharField(_("账号类型"), max_length=24, choices=AccountKind.choices)
    platform_id = models.CharField(_("账号ID"), max_length=200, help_text=_("微信原始ID、微博UID 或 App 包名"))
    verification = models.CharField(
        _("认证状态"), max_length=16, choices=Verification.choices, default=Verification.UNKNOWN
    )
    verified_subject = models.CharField(_("认证主体"), max_length=200, blank=True)
    opened_on = models.DateField(_("开通日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    registered = models.BooleanField(_("已备案"), default=True, help_text=_("已纳入主办单位的政务新媒体账号名录"))
    created_at = ClockStampField(_("创建时间"), auto_now_add=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["channel__target__kind", "channel__target__code", "kind", "platform_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "platform_id"], name="newmedia_account_unique_platform_id"),
        ]

    def __str__(self) -> str:
        return f"{self.channel.name}（{self.get_kind_display()}）"

    @property
    def owner(self) -> Target:
        return self.channel.target

    @property
    def name(self) -> str:
        return self.channel.name

    @property
    def url(self) -> str:
        return self.channel.url

    @property
    def platform(self) -> str:
        return PLATFORM_OF[self.kind]

    def snapshot(self) -> dict[str, object]:
        return {
            "owner": self.channel.target.code, "name": self.channel.name, "url": self.channel.url,
            "kind": self.kind, "platform_id": self.platform_id, "verification": self.verification,
            "verified_subject": self.verified_subject, "status": self.status, "registered": self.registered,
            "opened_on": self.opened_on.isoformat() if self.opened_on else None,
        }


class DataImport(models.Model):
    """One imported export file: which account, what data, how many rows; the rows point back to their last one."""

    account = models.ForeignKey(Account, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="imports")
    data_kind = models.CharField(_("数据类型"), max_length=16, choices=DataKind.choices)
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    rows = models.PositiveIntegerField(_("行数"))
    created = models.PositiveIntegerField(_("新增"))
    updated = models.PositiveIntegerField(_("更新"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = ClockStampField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("数据导入")
        verbose_name_plural = _("数据导入")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.account} · {self.get_data_kind_display()} · {self.filename}"


class Post(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="posts")
    published_at = models.DateTimeField(_("发布时间"))
    title = models.CharField(_("标题"), max_length=500)
    original = models.BooleanField(_("原创"), null=True, blank=True)
    category = models.CharField(_("分类"), max_length=100, blank=True)
    link = models.URLField(_("链接"), max_length=1000, blank=True)
    text = models.TextField(_("正文"), blank=True)
    reads = models.PositiveIntegerField(_("阅读数"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("点赞数"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("评论数"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("转发数"), null=True, blank=True)
    data_import = models.ForeignKey(
        DataImport, verbose_name=_("来源导入"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("发布")
        verbose_name_plural = _("发布")
        ordering = ["account", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["account", "published_at", "title"], name="newmedia_post_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d} {self.title}"


class Message(models.Model):
    account = models.ForeignKey(Account, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="messages")
    sent_at = models.DateTimeField(_("留言时间"))
    text = models.TextField(_("留言内容"))
    # The natural key holds a digest of the text: a TextField cannot be part of a unique index everywhere.
    text_digest = models.CharField(_("内容摘要"), max_length=64)
    shown = models.BooleanField(_("已公开"), default=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    reply = models.TextField(_("回复内容"), blank=True)
    data_import = models.ForeignKey(
        DataImport, verbose_name=_("来源导入"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["account", "-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["account", "sent_at", "text_digest"], name="newmedia_message_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d} {self.text[:30]}"


class PlatformCheck(models.Model):
    """The latest run of the checks over one owner's accounts on one platform: window, observations, skips."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="newmedia_checks"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("主办单位"), on_delete=models.CASCADE, related_name="newmedia_checks"
    )
    platform = models.CharField(_("平台"), max_length=8, choices=Platform.choices)
    window_start = models.DateField(_("评估期开始"))
    window_end = models.DateField(_("评估期结束"))
    # check → how many things it observed (the finding rules' `observes`); check → why it did not apply.
    observed = models.JSONField(_("观测数"), default=dict, blank=True)
    skipped = models.JSONField(_("未适用检查"), default=dict, blank=True)
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("执行人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    ran_at = ClockStampField(_("检查时间"), auto_now=True)

    class Meta:
        verbose_name = _("新媒体检查")
        verbose_name_plural = _("新媒体检查")
        ordering = ["target__kind", "target__code", "platform"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target", "platform"], name="newmedia_check_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.get_platform_display()}"

    def provenance_label(self) -> str:
        return gettext("政务新媒体检查结果：%(owner)s · %(platform)s（评估期 %(start)s 至 %(end)s）") % {
            "owner": self.target.name, "platform": self.get_platform_display(),
            "start": self.window_start.isoformat(), "end": self.window_end.isoformat()}

    def get_absolute_url(self) -> str:
        return reverse("newmedia:platform", args=[self.target.code, self.platform])


class AccountFinding(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="newmedia_findings"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("主办单位"), on_delete=models.CASCADE, related_name="newmedia_findings"
    )
    platform = models.CharField(_("平台"), max_length=8, choices=Platform.choices)
    account = models.ForeignKey(
        Account, verbose_name=_("账号"), null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    # Named check_name, not check: a field called `check` would shadow Django's Model.check().
    check_name = models.CharField(_("检查项"), max_length=64)
    kind = models.CharField(_("问题类型"), max_length=32)
    # Same check and key on a later run is the same finding: its review is kept.
    key = models.CharField(_("问题标识"), max_length=255)
    summary = models.TextField(_("问题描述"))
    severity = models.CharField(_("严重程度"), max_length=8, default="medium")
    evidence = models.JSONField(_("证据"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.PENDING, db_index=True
    )
    first_seen_at = ClockStampField(_("首次发现"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近发现"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("新媒体问题")
        verbose_name_plural = _("新媒体问题")
        ordering = ["target__code", "platform", "check_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target", "platform", "check_name", "key"],
                                    name="newmedia_finding_unique"),
        ]

    def __str__(self) -> str:
        return self.summary[:80]

    def provenance_label(self) -> str:
        return gettext("新媒体问题 #%(id)s：%(summary)s") % {"id": self.pk, "summary": self.summary[:80]}

    def get_absolute_url(self) -> str:
        return reverse("newmedia:platform", args=[self.target.code, self.platform]) + f"#finding-{self.pk}"

    def snapshot(self) -> dict[str, object]:
        return {"status": self.status, "review_reason": self.review_reason}
