"""Deciding which shortlisted cases are selected, and entering their bonus points into the targets' scores.

The decision combines the expert review and the public vote by the campaign's weights (`points.py`); it is taken
once per case, after the vote has closed, by an admin, and each decision is audited with its inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common.clock import today
from dgeval.web.cases.categories import bonus_code, frameworks_with
from dgeval.web.cases.models import Case, CaseStatus, Review
from dgeval.web.cases.policy import case_policy_for
from dgeval.web.cases.review import case_selection_set, review_results
from dgeval.web.awards.models import BonusEntry, CaseDecision
from dgeval.web.awards.points import CaseInput, Combined, Weights, category_shares, combine
from dgeval.web.scores.models import SourceKind
from dgeval.web.scores.services import score_part_set
from dgeval.web.voting.models import RoundState, VoteRound
from dgeval.web.voting.selectors import vote_counts


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """One case of a closed ballot as the decision page shows it."""

    case: Case
    expert_score: float
    reviews: int
    votes: int
    result: Combined


def decision_rows(*, campaign: Any, vote_round: VoteRound) -> list[DecisionRow]:
    """Every case on the ballot with its expert score, votes and combined result, best first."""
    policy = case_policy_for(campaign=campaign)
    aggregates = review_results(campaign=campaign)
    votes = vote_counts(vote_round=vote_round)
    cases = list(vote_round.cases.select_related("nomination").prefetch_related("targets"))
    inputs = [CaseInput(c.pk, aggregates[c.pk].calibrated if c.pk in aggregates else 0.0, votes.get(c.pk, 0))
              for c in cases]
    combined = combine(inputs, Weights(policy.expert_weight, policy.public_weight, policy.case_points_max))
    reviews = {c.pk: Review.objects.filter(assignment__case=c).count() for c in cases}
    rows = [DecisionRow(c, i.expert_score, reviews[c.pk], i.votes, combined[c.pk]) for c, i in zip(cases, inputs)]
    return sorted(rows, key=lambda r: (-r.result.combined, r.case.pk))


@transaction.atomic
def cases_decide(*, campaign: Any, vote_round: VoteRound, selected: Collection[int], actor: Any,
                 reason: str = "") -> list[CaseDecision]:
    """Decide every case of the closed ballot: those in SELECTED (case ids) are selected, the rest are not (admin).

    Each decision keeps its inputs and the policy as it was; then the bonus points go into the scores.
    """
    require_role(actor, Role.ADMIN)
    if vote_round.state(today()) != RoundState.CLOSED:
        raise WorkflowError(_("网民评选结束后才能确定评选结果"))
    rows = decision_rows(campaign=campaign, vote_round=vote_round)
    undecided = [r for r in rows if r.case.status == CaseStatus.SHORTLISTED]
    if not undecided:
        raise WorkflowError(_("本次评选的案例均已有结果"))
    policy = case_policy_for(campaign=campaign).snapshot()
    decisions = []
    for row in undecided:
        chosen = row.case.pk in selected
        decision = CaseDecision.objects.create(
            campaign=campaign, case=row.case, vote_round=vote_round, selected=chosen,
            expert_score=round(row.expert_score, 3), expert_reviews=row.reviews, votes=row.votes,
            expert_part=row.result.expert_part, public_part=row.result.public_part, combined=row.result.combined,
            points=row.result.points if chosen else 0.0, policy=policy, reason=reason.strip(), decided_by=actor,
        )
        case_selection_set(case=row.case, selected=chosen, actor=actor, reason=reason)
        audit_record(actor=actor, action="award.decide", obj=decision, before=None, after=decision.snapshot(),
                     reason=reason)
        decisions.append(decision)
    bonus_apply(campaign=campaign, actor=actor)
    return decisions


@transaction.atomic
def bonus_apply(*, campaign: Any, actor: Any) -> list[BonusEntry]:
    """Enter the selected cases' points into their targets' scores, and return what was entered.

    One bonus entry per target, evaluation (framework, column) and category: the points of the target's selected
    cases of that category add up, capped by the policy's category cap; a category its framework lacks (“新基建”助力
    in the website frameworks) earns nothing there. In scores each decision is the source of its own bonus part of
    the leaf (`scores.services.score_part_set(source_kind="bonus", source=<the decision>)`, which checks the points
    and audits the change): what the case counts once the category is capped (`points.category_shares`, most points
    first), out of the policy's most points per case, with the bonus entry, the case's expert reviews and the vote
    as its evidence. Recomputed from every decision of the campaign, so it may be repeated.
    """
    cap = case_policy_for(campaign=campaign).category_cap
    groups: dict[tuple[int, str, str, str], list[CaseDecision]] = defaultdict(list)
    targets: dict[int, Any] = {}
    decisions = (CaseDecision.objects.filter(campaign=campaign, selected=True)
                 .select_related("case", "vote_round").prefetch_related("case__targets").order_by("-points", "pk"))
    for decision in decisions:
        category = decision.case.category
        counted_in = frameworks_with(category, campaign)
        for target in decision.case.targets.all():
            targets[target.pk] = target
            for framework, column in target.evaluations(campaign):
                if framework in counted_in:
                    groups[(target.pk, framework, column, bonus_code(category))].append(decision)
    entries = []
    for (target_pk, framework, column, code), chosen in sorted(groups.items()):
        shares = category_shares([d.points for d in chosen], cap)
        entry, _created = BonusEntry.objects.update_or_create(
            campaign=campaign, target_id=target_pk, framework=framework, column=column, code=code,
            defaults={"points": round(sum(shares), 2)})
        entry.decisions.set(chosen)
        for decision, share in zip(chosen, shares):
            reviews = Review.objects.filter(assignment__case=decision.case).order_by("pk")
            score_part_set(
                campaign=campaign, target=targets[target_pk], framework=framework, column=column, code=code,
                source_kind=SourceKind.BONUS, points=share, max_points=decision.policy["case_points_max"],
                source=decision, evidence=[entry, *reviews, decision.vote_round], actor=actor,
                reason=_bonus_reason(decision, share, cap))
        entries.append(entry)
    return entries


def _bonus_reason(decision: CaseDecision, share: float, cap: float) -> str:
    reason = _("优秀创新案例《%(case)s》（评选决定 #%(id)d）") % {"case": decision.case.name, "id": decision.pk}
    if share < decision.points:
        reason += _("；同一类别合计以 %(cap)s 分为限，本案例计 %(share)s 分（评选得 %(points)s 分）") % {
            "cap": f"{cap:g}", "share": f"{share:g}", "points": f"{decision.points:g}"}
    return reason
