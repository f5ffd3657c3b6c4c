"""Reading notifications: a person sees only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dgeval.web.notifications.models import Notification


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_get(*, pk: int, user: Any) -> Notification:
    """USER's notification PK (404 for anyone else's)."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
