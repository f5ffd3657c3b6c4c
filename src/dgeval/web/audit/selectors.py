"""Reading the audit log, with the filters the team list offers."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from dgeval.web.audit.models import AuditEntry


def audit_entry_list(
    *,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first; text filters match exactly except `actor` (username, contains); dates are local days."""
    qs = AuditEntry.objects.select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = qs.filter(actor__username__icontains=actor)
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        qs = qs.filter(at__lte=datetime.combine(until, time.max, tzinfo=tz))
    return qs


def audit_entries_for(obj: object) -> QuerySet[AuditEntry]:
    """Entries about one object (its history), newest first."""
    from dgeval.web.audit.services import object_label

    object_type, object_id, _ = object_label(obj)
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).select_related("actor")


def audit_actions() -> list[str]:
    """Distinct action names, for the filter drop-down."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_types() -> list[str]:
    """Distinct object types, for the filter drop-down."""
    return list(AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
