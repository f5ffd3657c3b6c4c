"""Reading votes: the rounds the public may see, totals, anomalies and the export rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dgeval.web.cases.models import Case
from dgeval.web.voting.anomalies import Anomaly, VoteFact, detect
from dgeval.web.voting.models import Vote, VoteRound


def rounds_public(*, campaign: Any) -> QuerySet[VoteRound]:
    """Rounds whose rules are published (announced, open or closed), newest first."""
    return VoteRound.objects.filter(campaign=campaign, published_at__isnull=False).order_by("-opens_on")


def rounds_all(*, campaign: Any) -> QuerySet[VoteRound]:
    return VoteRound.objects.filter(campaign=campaign).order_by("-opens_on", "-pk")


@dataclass(frozen=True, slots=True)
class Total:
    case: Case
    votes: int
    voided: int


def round_totals(*, vote_round: VoteRound) -> list[Total]:
    """Valid and voided votes per case on the ballot, most valid votes first."""
    cases = (vote_round.cases.select_related("nomination").prefetch_related("targets")
             .annotate(valid=Count("votes", filter=Q(votes__round=vote_round, votes__voided_at__isnull=True)),
                       voided=Count("votes", filter=Q(votes__round=vote_round, votes__voided_at__isnull=False))))
    return sorted((Total(c, c.valid, c.voided) for c in cases), key=lambda t: (-t.votes, t.case.pk))


def vote_counts(*, vote_round: VoteRound) -> dict[int, int]:
    """Case id → valid votes."""
    return {t.case.pk: t.votes for t in round_totals(vote_round=vote_round)}


def round_anomalies(*, vote_round: VoteRound) -> list[Anomaly]:
    """Anomalies among the round's valid votes (`anomalies.detect`, local time Asia/Shanghai), including those from
    clients that hit a rate limit."""
    facts = [VoteFact(v.pk, v.case_id, v.voter_id, v.created_at, v.ip_network, v.user_agent, v.device)
             for v in Vote.objects.filter(round=vote_round, voided_at__isnull=True).only(
                 "pk", "case_id", "voter_id", "created_at", "ip_network", "user_agent", "device")]
    throttled = {key for event in vote_round.throttles.all() for key in (event.ip_network, event.device) if key}
    return detect(facts, tz=timezone.get_default_timezone(), throttled=throttled)


def rounds_open(*, campaign: Any, on: Any) -> list[VoteRound]:
    """The published rounds taking votes on ON (the platform's today)."""
    return [r for r in rounds_public(campaign=campaign).filter(opens_on__lte=on, closes_on__gte=on)]
