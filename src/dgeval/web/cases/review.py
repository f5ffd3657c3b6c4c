"""专家评议: assigning experts to cases, their blind reviews, the aggregated result and the shortlist.

Assignment fills every case under review up to the policy's panel size (at least 3) with the least-loaded experts
who have no conflict (`experts.conflicts_of`), through `dgeval.scoring.panel.assign_balanced`; an admin may add or
withdraw an expert by hand (a conflicted expert is refused either way). Aggregation is `panel.aggregate`: per-expert
z-scores, their mean per case, put back on the 100-point rubric scale; a case whose experts' totals spread beyond
the policy's margin is flagged for discussion, and shortlisting it needs the discussion's conclusion as the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.scoring.panel import Aggregate, PanelError, aggregate, assign_balanced
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.cases.experts import conflicts_of, experts_active
from dgeval.web.cases.models import AssignmentMethod, Case, CaseStatus, Review, ReviewAssignment
from dgeval.web.cases.policy import case_policy_for
from dgeval.web.cases.rubric import DIMENSION_MAX, DIMENSIONS, TOTAL_MAX

#: Cases whose reviews count in the aggregation (z-scores use all of an expert's reviews in the campaign).
REVIEWED = (CaseStatus.UNDER_REVIEW, CaseStatus.SHORTLISTED, CaseStatus.SELECTED, CaseStatus.NOT_SELECTED)


def _assignment_record(assignment: ReviewAssignment) -> dict[str, object]:
    return {"case": assignment.case_id, "expert": assignment.expert_id, "method": assignment.method}


@transaction.atomic
def reviews_assign_auto(*, campaign: Any, actor: Any) -> list[ReviewAssignment]:
    """Fill every case under review up to the panel size with balanced, conflict-free experts (admin; audited).

    ValidationError names the first case that cannot get enough experts; then nothing is assigned.
    """
    require_role(actor, Role.ADMIN)
    per_case = case_policy_for(campaign=campaign).experts_per_case
    experts = experts_active()
    cases = list(
        Case.objects.filter(nomination__campaign=campaign, status=CaseStatus.UNDER_REVIEW)
        .annotate(assigned=Count("assignments")).filter(assigned__lt=per_case).order_by("pk")
    )
    load = dict(
        ReviewAssignment.objects.filter(case__nomination__campaign=campaign).values("expert_id")
        .annotate(n=Count("pk")).values_list("expert_id", "n")
    )
    by_need: dict[int, list[Case]] = {}
    excluded: dict[int, set[int]] = {}
    for case in cases:
        by_need.setdefault(per_case - case.assigned, []).append(case)
        excluded[case.pk] = set(conflicts_of(case, experts)) | set(case.assignments.values_list("expert_id", flat=True))
    experts_by_pk = {e.pk: e for e in experts}
    names = {case.pk: case.name for case in cases}
    created: list[ReviewAssignment] = []
    for need, group in sorted(by_need.items()):
        try:
            panels = assign_balanced([c.pk for c in group], list(experts_by_pk), per_item=need,
                                     excluded=excluded, load=load)
        except PanelError as exc:
            raise ValidationError({"experts": _("案例《%(case)s》需要 %(need)d 位专家，无利益冲突的专家只有 %(have)d 位") % {
                "case": names[exc.item], "need": exc.needed, "have": exc.available}}) from exc
        for case in group:
            for expert_pk in panels[case.pk]:
                load[expert_pk] = load.get(expert_pk, 0) + 1
                assignment = ReviewAssignment.objects.create(case=case, expert=experts_by_pk[expert_pk],
                                                             method=AssignmentMethod.AUTO, assigned_by=actor)
                created.append(assignment)
    if created:
        audit_record(actor=actor, action="case.assign_auto", obj=campaign, before=None,
                     after={"assignments": [_assignment_record(a) for a in created]})
    return created


@transaction.atomic
def review_assign(*, case: Case, expert: Any, actor: Any, reason: str = "") -> ReviewAssignment:
    """Assign EXPERT to CASE by hand (admin; audited); refused when the expert has a conflict with the case."""
    require_role(actor, Role.ADMIN)
    if role_of(expert) != Role.EXPERT:
        raise ValidationError({"expert": _("%(user)s 不是专家账户") % {"user": expert}})
    if case.status != CaseStatus.UNDER_REVIEW:
        raise WorkflowError(_("只有专家评议中的案例可以分配专家"))
    conflict = conflicts_of(case, [expert]).get(expert.pk)
    if conflict:
        raise ValidationError({"expert": _("%(expert)s 须回避：%(why)s") % {"expert": expert, "why": conflict}})
    if ReviewAssignment.objects.filter(case=case, expert=expert).exists():
        raise WorkflowError(_("该专家已分配到此案例"))
    assignment = ReviewAssignment.objects.create(case=case, expert=expert, method=AssignmentMethod.MANUAL,
                                                 assigned_by=actor)
    audit_record(actor=actor, action="case.assign", obj=case, before=None, after=_assignment_record(assignment),
                 reason=reason)
    return assignment


@transaction.atomic
def review_unassign(*, assignment: ReviewAssignment, actor: Any, reason: str) -> None:
    """Withdraw an expert who has not reviewed yet (admin; a reason is required; audited)."""
    require_role(actor, Role.ADMIN)
    if Review.objects.filter(assignment=assignment).exists():
        raise WorkflowError(_("该专家已提交评议，不能撤回分配"))
    if not reason.strip():
        raise ValidationError({"reason": _("撤回分配须说明原因")})
    before = _assignment_record(assignment)
    case = assignment.case
    assignment.delete()
    audit_record(actor=actor, action="case.unassign", obj=case, before=before, after=None, reason=reason)


def scores_check(scores: Mapping[str, Any]) -> dict[str, int]:
    """The five rubric scores as integers in 0..20, or ValidationError on the field at fault."""
    out: dict[str, int] = {}
    for name, label, _question in DIMENSIONS:
        value = scores.get(name)
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError({name: _("“%(label)s”须为 0 到 %(max)d 的整数") % {
                "label": label, "max": DIMENSION_MAX}}) from None
        if not 0 <= number <= DIMENSION_MAX or str(number) != str(value).strip():
            raise ValidationError({name: _("“%(label)s”须为 0 到 %(max)d 的整数（收到 %(value)s）") % {
                "label": label, "max": DIMENSION_MAX, "value": value}})
        out[name] = number
    return out


@transaction.atomic
def review_submit(*, assignment: ReviewAssignment, actor: Any, scores: Mapping[str, Any], comment: str) -> Review:
    """The assigned expert's scores and comment; may be revised while the case is under review (audited)."""
    require_role(actor, Role.EXPERT)
    if assignment.expert_id != actor.pk:
        raise PermissionDenied(_("只能评议分配给本人的案例"))
    assignment = ReviewAssignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)
    if assignment.case.status != CaseStatus.UNDER_REVIEW:
        raise WorkflowError(_("该案例的专家评议已结束"))
    values = scores_check(scores)
    if not comment.strip():
        raise ValidationError({"comment": _("请填写评议意见")})
    review = Review.objects.filter(assignment=assignment).first()
    before = review.snapshot() if review else None
    review = review or Review(assignment=assignment)
    for name, value in values.items():
        setattr(review, name, value)
    review.comment = comment.strip()
    review.save()
    audit_record(actor=actor, action="case.review_submit", obj=assignment.case, before=before,
                 after={**review.snapshot(), "expert": actor.pk, "total": review.total})
    return review


def review_results(*, campaign: Any) -> dict[int, Aggregate]:
    """Case id → its aggregated review (module docstring), over every submitted review of the campaign."""
    margin = case_policy_for(campaign=campaign).disagreement_margin
    reviews = Review.objects.filter(assignment__case__nomination__campaign=campaign,
                                    assignment__case__status__in=REVIEWED).select_related("assignment")
    scores = {(r.assignment.expert_id, r.assignment.case_id): float(r.total) for r in reviews}
    return aggregate(scores, margin=margin, low=0.0, high=float(TOTAL_MAX))


@transaction.atomic
def cases_shortlist(*, campaign: Any, shortlisted: Sequence[Case], not_shortlisted: Sequence[Case], actor: Any,
                    reason: str = "") -> None:
    """Close expert review: SHORTLISTED go to the public vote, NOT_SHORTLISTED are not selected (admin; audited).

    Each case must have a full panel of submitted reviews; a flagged case needs REASON (the discussion's outcome).
    """
    require_role(actor, Role.ADMIN)
    per_case = case_policy_for(campaign=campaign).experts_per_case
    results = review_results(campaign=campaign)
    for case, status in [*((c, CaseStatus.SHORTLISTED) for c in shortlisted),
                         *((c, CaseStatus.NOT_SELECTED) for c in not_shortlisted)]:
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.UNDER_REVIEW:
            raise WorkflowError(_("《%(case)s》不在专家评议中") % {"case": case.name})
        done = Review.objects.filter(assignment__case=case).count()
        if done < per_case:
            raise WorkflowError(_("《%(case)s》只有 %(done)d 份专家评议，需 %(need)d 份") % {
                "case": case.name, "done": done, "need": per_case})
        result = results.get(case.pk)
        if result is not None and result.flagged and not reason.strip():
            raise ValidationError({"reason": _("《%(case)s》专家意见分歧较大，请填写讨论结论") % {"case": case.name}})
        before = case.snapshot()
        case.status = status
        case.save()
        audit_record(actor=actor, action="case.shortlist", obj=case, before=before, after={
            **case.snapshot(), "calibrated": result.calibrated if result else None}, reason=reason)


@transaction.atomic
def case_selection_set(*, case: Case, selected: bool, actor: Any, reason: str = "") -> Case:
    """Close the public vote for a shortlisted case: selected or not (admin; audited)."""
    require_role(actor, Role.ADMIN)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.SHORTLISTED:
        raise WorkflowError(_("《%(case)s》未入围网民评选或已有评选结果") % {"case": case.name})
    before = case.snapshot()
    case.status = CaseStatus.SELECTED if selected else CaseStatus.NOT_SELECTED
    case.save(update_fields=["status"])
    audit_record(actor=actor, action="case.select", obj=case, before=before, after=case.snapshot(), reason=reason)
    return case
