"""Reading results: the public gallery of selected cases, and where a decision's points went."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from dgeval.web.awards.models import CaseDecision
from dgeval.web.cases.categories import CaseCategory, category_counts_in
from dgeval.web.cases.experts import province_names, province_of_target
from dgeval.web.cases.models import Case, CaseStatus
from dgeval.web.common.frameworks import evaluation_label, framework_for
from dgeval.web.scores.models import ScorePart


@dataclass(frozen=True)
class GalleryCase:
    case: Case
    regions: list[str]
    counts_in: list[str]


@dataclass(frozen=True)
class GalleryGroup:
    category: str
    label: str
    counts_in: list[str]
    cases: list[GalleryCase]


def selected_cases(*, campaign: Any) -> QuerySet[Case]:
    return (Case.objects.filter(nomination__campaign=campaign, status=CaseStatus.SELECTED)
            .select_related("nomination", "decision").prefetch_related("targets", "attachments")
            .order_by("category", "-decision__combined", "pk"))


def regions_of(case: Case) -> list[str]:
    """The case's targets, each with its province when that is not the target itself."""
    names = province_names()
    out = []
    for target in case.targets.all():
        province = names.get(province_of_target(target) or "", "")
        out.append(target.name if not province or target.name.startswith(province) else f"{province} · {target.name}")
    return out


def gallery(*, campaign: Any, framework: str = "") -> list[GalleryGroup]:
    """Selected cases by category (in the form's order); FRAMEWORK keeps only cases whose targets it evaluates."""
    groups = []
    cases = list(selected_cases(campaign=campaign))
    for value, label in CaseCategory.choices:
        counts_in = category_counts_in(value, campaign)
        members = [GalleryCase(c, regions_of(c), counts_in) for c in cases if c.category == value
                   and (not framework or any(framework == f for t in c.targets.all()
                                             for f, _col in t.evaluations(campaign)))]
        if members:
            groups.append(GalleryGroup(value, str(label), counts_in, members))
    return groups


@dataclass(frozen=True)
class DecisionPart:
    """Where a decision's points went: its bonus part of one target's leaf, and the leaf's points in all."""

    part: ScorePart
    evaluation: str
    category: str


def decision_parts(*, decision: CaseDecision) -> list[DecisionPart]:
    """The bonus parts DECISION is the source of, by target and evaluation."""
    parts = (ScorePart.objects.filter(source_type=ContentType.objects.get_for_model(CaseDecision),
                                      source_object_id=decision.pk)
             .select_related("leaf__target").order_by("leaf__target__code", "leaf__framework", "leaf__column"))
    return [DecisionPart(p, evaluation_label(p.leaf.framework, p.leaf.column),
                         framework_for(campaign=decision.campaign, framework=p.leaf.framework).indicator(p.leaf.code).name)
            for p in parts]
