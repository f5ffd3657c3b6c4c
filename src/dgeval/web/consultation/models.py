"""Consultation (意见征集): public comments on the draft indicator frameworks, and the team's answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from dgeval.web.common import clock
from dgeval.web.common.frameworks import leaf_name_of

COMMENT_MAX_CHARS = 2000


class Comment(models.Model):
    """A comment on one indicator of one framework; anyone may write one, the team answers."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.PROTECT, related_name="comments"
    )
    framework = models.CharField(_("指标体系"), max_length=32)
    indicator_code = models.CharField(_("指标编码"), max_length=100)
    indicator_name = models.CharField(_("指标"), max_length=300)
    author_name = models.CharField(_("留言人"), max_length=50, blank=True)
    body = models.TextField(_("意见内容"), max_length=COMMENT_MAX_CHARS)
    created_at = models.DateTimeField(_("留言时间"), default=clock.now)
    hidden = models.BooleanField(_("已隐藏"), default=False, help_text=_("垃圾或无关内容由评估组隐藏，不对公众显示"))
    answer = models.TextField(_("回复"), blank=True, max_length=COMMENT_MAX_CHARS)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见征集")
        ordering = ["framework", "indicator_code", "created_at"]
        indexes = [models.Index(fields=["campaign", "framework", "indicator_code"])]

    def __str__(self) -> str:
        return f"{leaf_name_of(self.framework, self.indicator_code)}：{self.body[:30]}"
