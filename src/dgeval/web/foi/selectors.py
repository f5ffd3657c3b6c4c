"""Read-side queries of 依申请公开: team only, with overdue judged at the platform's as-of date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet

from dgeval.web.accounts.roles import require_team
from dgeval.web.foi.models import FoiRequest, FoiStatus


def overdue_q(as_of: date) -> Q:
    """Requests overdue on AS_OF: acknowledged, unanswered, past due — or answered after their due date."""
    unanswered = Q(status=FoiStatus.ACKNOWLEDGED, answered_on__isnull=True, due_on__lt=as_of)
    late = Q(answered_on__isnull=False, due_on__isnull=False, answered_on__gt=F("due_on"))
    return unanswered | late


def foi_requests_visible(
    *, user: Any, campaign: Any, as_of: date, status: str = "", target: Any = None, channel: str = ""
) -> QuerySet[FoiRequest]:
    """The campaign's requests for the team (PermissionDenied for webmasters and the public), filtered.

    STATUS `overdue` selects the requests overdue on AS_OF (unanswered past due, or answered late).
    """
    require_team(user)
    requests = FoiRequest.objects.filter(campaign=campaign).select_related("target", "sent_by", "scored_by")
    if status == FoiStatus.OVERDUE:
        requests = requests.filter(overdue_q(as_of))
    elif status:
        requests = requests.filter(status=status)
    if target is not None:
        requests = requests.filter(target=target)
    if channel:
        requests = requests.filter(channel=channel)
    return requests


def foi_request_get(*, user: Any, pk: int) -> FoiRequest:
    """One request for the team; PermissionDenied otherwise (FoiRequest.DoesNotExist when there is none)."""
    require_team(user)
    return FoiRequest.objects.select_related("campaign", "target", "sent_by", "scored_by").get(pk=pk)


def foi_due_for(*, campaign: Any, as_of: date, sender: Any = None) -> tuple[int, date | None]:
    """(how many acknowledged requests wait for an answer and are not yet overdue, the nearest due date), of
    SENDER's requests when given."""
    waiting = FoiRequest.objects.filter(campaign=campaign, status=FoiStatus.ACKNOWLEDGED, answered_on__isnull=True,
                                        due_on__gte=as_of)
    if sender is not None:
        waiting = waiting.filter(sent_by=sender)
    first = waiting.order_by("due_on").values_list("due_on", flat=True).first()
    return waiting.count(), first


def foi_overdue_count(*, campaign: Any, as_of: date) -> int:
    """Requests overdue on AS_OF (the list's `overdue` filter shows the same)."""
    return FoiRequest.objects.filter(campaign=campaign).filter(overdue_q(as_of)).count()
