"""依申请公开: test requests for government information sent to targets, tracked to their answer.

The team sends a request as an ordinary citizen would (a mystery-shopper test), records when the target acknowledged
receipt, and the answer. The law gives 20 working days from receipt (政府信息公开条例 art. 33; the campaign facts carry
the number), so `due_on` is computed with the official calendar (`dgeval.workdays`). Overdue is a fact about a date, not a stored state: `is_overdue(as_of)`
is computed, and the list shows it for the platform's as-of date (DGEVAL_TODAY in demos).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dgeval.web.common.fields import ClockStampField


class FoiChannel(models.TextChoices):
    ONLINE_FORM = "online_form", _("在线申请")
    LETTER = "letter", _("信函")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")


class FoiStatus(models.TextChoices):
    """Stored states. `overdue` is never stored: it is shown when an unanswered request is past its due date."""

    SENT = "sent", _("已发送")
    ACKNOWLEDGED = "acknowledged", _("已确认收到")
    ANSWERED = "answered", _("已答复")
    OVERDUE = "overdue", _("已逾期")
    CLOSED = "closed", _("已结案")


class FoiRequest(models.Model):
    """One 依申请公开 request to one target."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="foi_requests"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="foi_requests"
    )
    channel = models.CharField(_("申请渠道"), max_length=16, choices=FoiChannel.choices)
    content = models.TextField(_("申请内容"))
    sent_on = models.DateField(_("发送日期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), on_delete=models.PROTECT, related_name="foi_requests_sent"
    )
    received_on = models.DateField(_("对方确认收到日期"), null=True, blank=True)
    acknowledgement_note = models.TextField(_("收到确认说明"), blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, help_text=_("收到申请之日起 20 个工作日"))
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer_text = models.TextField(_("答复内容"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=FoiStatus.choices, default=FoiStatus.SENT, db_index=True)
    framework = models.CharField(_("指标体系"), max_length=32, blank=True)
    column = models.CharField(_("评估类别"), max_length=32, blank=True)
    points = models.FloatField(_("得分"), null=True, blank=True)
    score_note = models.TextField(_("评分说明"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="foi_requests_scored",
    )
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    created_at = ClockStampField(_("创建时间"), auto_now_add=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("依申请公开")
        verbose_name_plural = _("依申请公开")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target} · {self.sent_on:%Y-%m-%d} · {self.get_channel_display()}"

    def get_absolute_url(self) -> str:
        return reverse("foi:detail", args=[self.pk])

    def provenance_label(self) -> str:
        return gettext("依申请公开 #%(id)s（%(channel)s，%(sent)s 发出）") % {
            "id": self.pk, "channel": self.get_channel_display(), "sent": f"{self.sent_on:%Y-%m-%d}"}

    def is_overdue(self, as_of: date) -> bool:
        """Past the due date without an answer on AS_OF, or answered after the due date."""
        if self.due_on is None or (self.status == FoiStatus.CLOSED and self.answered_on is None):
            return False
        if self.answered_on is not None:
            return self.answered_on > self.due_on
        return as_of > self.due_on

    def display_status(self, as_of: date) -> str:
        """The status shown on AS_OF: `overdue` for an acknowledged request still unanswered after its due date."""
        if self.status == FoiStatus.ACKNOWLEDGED and self.is_overdue(as_of):
            return FoiStatus.OVERDUE
        return self.status

    def snapshot(self) -> dict[str, object]:
        """What the audit log records."""
        return {
            "status": self.status,
            "channel": self.channel,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "answered_on": self.answered_on.isoformat() if self.answered_on else None,
            "points": self.points,
            "framework": self.framework,
            "column": self.column,
        }


def _attachment_path(instance: FoiAttachment, filename: str) -> str:
    return f"foi/{instance.request.campaign_id}/{instance.request_id}/{filename}"


class FoiAttachment(models.Model):
    """A file of the answer (the reply letter, a scan, a document), type-sniffed and size-capped on upload."""

    request = models.ForeignKey(FoiRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = ClockStampField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答复附件")
        verbose_name_plural = _("答复附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name
