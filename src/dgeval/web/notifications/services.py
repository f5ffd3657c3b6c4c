"""Sending notifications: one row per recipient, and an e-mail through Django's mail backend when they have an
address. A failed e-mail never undoes what the notification is about: it is logged and the notification stays."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dgeval.web.common import clock
from dgeval.web.notifications.models import Notification

log = logging.getLogger(__name__)


def notification_send(*, recipients: Iterable[Any], title: str, body: str = "", url: str = "",
                      key: str = "") -> list[Notification]:
    """Notify each of RECIPIENTS; with a KEY, a recipient already notified under it is skipped (idempotent).

    Returns the notifications created now.
    """
    created: list[Notification] = []
    for recipient in dict.fromkeys(recipients):
        if key and Notification.objects.filter(recipient=recipient, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(recipient=recipient, title=title[:200], body=body,
                                                           url=url, key=key)
        except IntegrityError:  # sent under the same key by a concurrent sender
            continue
        created.append(notification)
        if recipient.email:
            transaction.on_commit(lambda n=notification: _email(n))
    return created


def _email(notification: Notification) -> None:
    text = notification.body
    if notification.url:
        text = f"{text}\n\n" + _("详见平台：%(url)s") % {"url": notification.url}
    try:
        send_mail(notification.title, text, None, [notification.recipient.email])
    except Exception:  # a mail server down must not lose the notification (it is in the app)
        log.exception("notification %s: e-mail not sent", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed=True)


def notification_read(*, notification: Notification, actor: Any) -> Notification:
    """Mark ACTOR's own NOTIFICATION read (someone else's is left alone)."""
    if notification.recipient_id == actor.pk and notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, actor: Any) -> int:
    """Mark every unread notification of ACTOR read; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=clock.now())
