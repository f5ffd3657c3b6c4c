"""The audit log (审计日志): an append-only record of every change that matters.

Scores, finding statuses, registrations and deadlines are evidence in a published ranking; the log
lets anyone on the team see who changed what, when, from which value to which, and why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dgeval.errors import WorkflowError
from dgeval.web.audit.labels import action_label
from dgeval.web.common import clock


class AuditEntryQuerySet(models.QuerySet):
    """Refuses bulk update and delete, which would bypass the model's checks."""

    def update(self, **kwargs: Any) -> int:
        raise WorkflowError(gettext("审计日志只能追加，不能修改"))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise WorkflowError(gettext("审计日志只能追加，不能删除"))


class AuditEntry(models.Model):
    """One change: actor, time, action, object, values before/after, reason. Never updated or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    at = models.DateTimeField(_("时间"), default=clock.now, db_index=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("修改后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("原因"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {action_label(self.action)} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: saving an entry that already exists is refused."""
        if self.pk is not None or kwargs.get("force_update"):
            raise WorkflowError(gettext("审计日志只能追加，不能修改"))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise WorkflowError(gettext("审计日志只能追加，不能删除"))
