"""Notifications (通知): what the platform tells one person, in the app and by e-mail.

A notification is written once and read in the header's count and on the notifications page; it is not a workflow
record (the audit log holds those), so nothing else depends on it being read. `key` makes sending idempotent: a
sender that names what the notification is about (a finding's reminder of a given day) may send it again without
the person being told twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dgeval.web.common import clock


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    # A path in the platform ("/monitoring/findings/12/"): where the notification takes its reader.
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # What the notification is about, for idempotent sending ("finding:12:remind"); never shown.
    key = models.CharField(_("标识"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=clock.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                    name="notifications_once_per_key"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_unread")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url
