"""Reading the draft frameworks as trees and the comments on them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet

from dgeval.framework import Framework, Indicator, load_framework
from dgeval.web.campaigns.models import Campaign
from dgeval.web.consultation.models import Comment
from dgeval.web.consultation.services import FRAMEWORKS


@dataclass(frozen=True)
class TreeRow:
    """One row of the framework table: a level-1 heading (indicator None) or a leaf."""

    level1: str
    indicator: Indicator | None
    weights: list[float | None]
    comment_count: int = 0


def framework_for(campaign: Campaign | None, name: str) -> Framework:
    """The framework `name` of the campaign's framework year (the latest when there is no campaign)."""
    return load_framework(name, campaign.framework_year if campaign else None)


def frameworks_for(campaign: Campaign | None) -> list[Framework]:
    """The four frameworks open for comment."""
    return [framework_for(campaign, name) for name in FRAMEWORKS]


def framework_tree(fw: Framework, counts: Counter | None = None) -> list[TreeRow]:
    """Level-1 headings with their column maxima, each followed by its leaves (weights per column)."""
    counts = counts or Counter()
    maxima = {col: fw.level1_max(col) for col in fw.columns}
    rows: list[TreeRow] = []
    current = None
    for ind in fw.indicators:
        if ind.level1 != current:
            current = ind.level1
            weights = [None if ind.bonus else maxima[col].get(current) for col in fw.columns]
            rows.append(TreeRow(level1=current, indicator=None, weights=weights))
        rows.append(
            TreeRow(
                level1=current,
                indicator=ind,
                weights=[ind.weights.get(col) for col in fw.columns],
                comment_count=counts.get(ind.code, 0),
            )
        )
    return rows


def comment_counts(campaign: Campaign, framework: str) -> Counter:
    """Visible comments per indicator code."""
    codes = Comment.objects.filter(campaign=campaign, framework=framework, hidden=False).values_list(
        "indicator_code", flat=True
    )
    return Counter(codes)


def comments_for(campaign: Campaign, framework: str, code: str, *, include_hidden: bool = False) -> QuerySet[Comment]:
    """Comments on one indicator, oldest first; hidden ones only for the team."""
    qs = Comment.objects.filter(campaign=campaign, framework=framework, indicator_code=code).select_related("answered_by")
    if not include_hidden:
        qs = qs.filter(hidden=False)
    return qs


def comments_all(campaign: Campaign) -> QuerySet[Comment]:
    """Every comment of a campaign, for the export."""
    return Comment.objects.filter(campaign=campaign).select_related("answered_by").order_by("framework", "indicator_code", "created_at")


@dataclass(frozen=True)
class DraftComments:
    """One indicator of the draft (its path and 评估要点 as published for comment) with the comments on it."""

    framework: Framework
    indicator: Indicator
    comments: list[Comment]


def comments_with_draft(campaign: Campaign, *, include_hidden: bool = False) -> list[DraftComments]:
    """Every commented indicator in framework order, each with the draft text being commented on; hidden comments
    only for the team. A comment whose indicator left the framework keeps its stored name (shown by the caller)."""
    qs = Comment.objects.filter(campaign=campaign).select_related("answered_by").order_by("created_at")
    if not include_hidden:
        qs = qs.filter(hidden=False)
    by_leaf: dict[tuple[str, str], list[Comment]] = {}
    for comment in qs:
        by_leaf.setdefault((comment.framework, comment.indicator_code), []).append(comment)
    out: list[DraftComments] = []
    for fw in frameworks_for(campaign):
        for ind in fw.indicators:
            comments = by_leaf.get((fw.name, ind.code))
            if comments:
                out.append(DraftComments(framework=fw, indicator=ind, comments=comments))
    return out
