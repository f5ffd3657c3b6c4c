"""Writing the audit log. Every service that changes a score, finding status, registration or
deadline calls `audit_record` inside its own transaction, so the change and its entry commit together."""

from __future__ import annotations

from typing import Any

from django.db import models

from dgeval.web.audit.models import AuditEntry


def object_label(obj: Any) -> tuple[str, str, str]:
    """(type, id, repr) of an audited object: "app_label.model" for model instances, the class name otherwise."""
    if obj is None:
        return "", "", ""
    if isinstance(obj, models.Model):
        meta = obj._meta
        return f"{meta.app_label}.{meta.model_name}", "" if obj.pk is None else str(obj.pk), str(obj)[:300]
    return type(obj).__name__, str(getattr(obj, "pk", getattr(obj, "id", "")) or ""), str(obj)[:300]


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any,
    before: dict | None,
    after: dict | None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry. `actor` may be None or anonymous (public actions, system jobs): stored as no actor."""
    object_type, object_id, object_repr = object_label(obj)
    stored_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=stored_actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
        after=after,
        reason=reason,
    )
    entry.save()
    return entry
