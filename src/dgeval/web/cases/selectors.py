"""Reading cases: each role sees its own slice (nominators their forms, experts their assignments, the team all)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dgeval.web.accounts.roles import Role, is_team, role_of
from dgeval.web.cases.categories import CaseCategory
from dgeval.web.cases.models import Case, CaseStatus, Nomination, ReviewAssignment


def nominations_of(*, user: Any, campaign: Any) -> QuerySet[Nomination]:
    """The nominations USER filled in on the web, newest first, with their cases."""
    return (Nomination.objects.filter(campaign=campaign, nominator=user)
            .prefetch_related("cases", "cases__targets").order_by("-created_at"))


def nomination_get(*, user: Any, pk: int) -> Nomination:
    """A nomination its owner or the team may read; DoesNotExist / PermissionDenied otherwise."""
    nomination = Nomination.objects.select_related("campaign", "nominator").get(pk=pk)
    if not (is_team(user) and role_of(user) != Role.EXPERT) and nomination.nominator_id != getattr(user, "pk", None):
        raise PermissionDenied(_("无权查看该推荐表"))
    return nomination


def cases_for_team(*, campaign: Any, status: str = "", category: str = "", q: str = "") -> QuerySet[Case]:
    """Every non-draft case of the campaign with its nomination, targets and panel counts, filterable."""
    cases = (Case.objects.filter(nomination__campaign=campaign).exclude(status=CaseStatus.DRAFT)
             .select_related("nomination", "merged_into").prefetch_related("targets")
             .annotate(assigned=Count("assignments", distinct=True),
                       reviewed=Count("assignments__review", distinct=True)))
    if status:
        cases = cases.filter(status=status)
    if category:
        cases = cases.filter(category=category)
    if q:
        cases = cases.filter(Q(name__icontains=q) | Q(nomination__unit_name__icontains=q))
    return cases.order_by("status", "category", "pk")


def case_for_team(*, user: Any, pk: int) -> Case:
    """One case for an admin or evaluator (experts see cases only through their assignments)."""
    if role_of(user) not in (Role.ADMIN, Role.EVALUATOR):
        raise PermissionDenied(_("仅管理员和评估员可以查看案例详情"))
    return Case.objects.select_related("nomination", "merged_into").get(pk=pk)


def assignments_of(*, expert: Any, campaign: Any) -> QuerySet[ReviewAssignment]:
    """An expert's own assignments (never anyone else's), open cases first."""
    return (ReviewAssignment.objects.filter(expert=expert, case__nomination__campaign=campaign)
            .select_related("case").prefetch_related(Prefetch("case__attachments"))
            .order_by("case__status", "case__pk"))


def assignment_for_expert(*, expert: Any, pk: int) -> ReviewAssignment:
    """The assignment PK if it is EXPERT's; DoesNotExist otherwise, so others' assignments do not exist for them."""
    return ReviewAssignment.objects.select_related("case").get(pk=pk, expert=expert)


def cases_selected(*, campaign: Any) -> list[Case]:
    """The campaign's selected cases (入选 after the public vote), with their targets, in the form's category order."""
    order = {value: n for n, value in enumerate(CaseCategory.values)}
    cases = (Case.objects.filter(nomination__campaign=campaign, status=CaseStatus.SELECTED)
             .prefetch_related("targets"))
    return sorted(cases, key=lambda case: (order[case.category], case.pk))


def reviews_pending_for(*, expert: Any, campaign: Any) -> QuerySet[ReviewAssignment]:
    """EXPERT's assignments on cases under review that they have not scored yet."""
    return assignments_of(expert=expert, campaign=campaign).filter(
        review__isnull=True, case__status=CaseStatus.UNDER_REVIEW)


def cases_of_target(*, target: Any, campaign: Any) -> QuerySet[Case]:
    """The submitted cases naming TARGET (its bonus), for its webmaster's dashboard."""
    return (Case.objects.filter(targets=target, nomination__campaign=campaign)
            .exclude(status=CaseStatus.DRAFT).order_by("pk"))
