"""Read-side of scores: which rankings exist, who may see them, a ranking's rows, a target's leaves with sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from dgeval.framework import Indicator
from dgeval.web.accounts.roles import is_team
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import phase_get, today
from dgeval.web.scores.models import LeafScore, SourceKind
from dgeval.web.scores.services import framework_for, scores_compute

#: Every (framework, column) a target can be evaluated in (see Target.evaluations), in the order pages list them.
EVALUATIONS: tuple[tuple[str, str], ...] = (
    ("digital_gov", "government"),
    ("local_site", "province"),
    ("local_site", "city"),
    ("local_site", "county"),
    ("ministry_site", "ministry"),
)


def rankings_published(*, campaign: Any) -> bool:
    """Rankings go public when the 结果发布 phase begins; before that only the team sees them."""
    phase = phase_get(campaign, PhaseKind.PUBLICATION)
    return phase is not None and today() >= phase.starts_on


def rankings_visible(*, user: Any, campaign: Any) -> bool:
    return is_team(user) or rankings_published(campaign=campaign)


@dataclass(frozen=True, slots=True)
class RankingSummary:
    framework: str
    column: str
    title: str
    column_label: str
    targets: int


def ranking_summaries(*, campaign: Any) -> list[RankingSummary]:
    out = []
    for framework, column in EVALUATIONS:
        fw = framework_for(campaign=campaign, framework=framework)
        count = (LeafScore.objects.filter(campaign=campaign, framework=framework, column=column)
                 .values("target").distinct().count())
        out.append(RankingSummary(framework, column, fw.title, fw.column_labels.get(column, column), count))
    return out


@dataclass(frozen=True, slots=True)
class RankingRow:
    rank: int
    target: Any
    total: float
    base: float
    bonus: float
    level1: list[float]
    missing: int


def ranking(*, campaign: Any, framework: str, column: str) -> tuple[list[str], list[RankingRow]]:
    """(level-1 names, rows) of the ranking, computed now by the foundation engine."""
    from dgeval.web.targets.models import Target

    fw = framework_for(campaign=campaign, framework=framework)
    scores = scores_compute(campaign=campaign, framework=framework, column=column)
    targets = Target.objects.in_bulk([s.target for s in scores], field_name="code")
    names = list(fw.level1_names())
    rows = [RankingRow(s.rank, targets[s.target], s.total, s.base, s.bonus, [s.level1.get(n, 0.0) for n in names],
                       len(s.missing)) for s in scores]
    return names, rows


@dataclass(frozen=True, slots=True)
class LeafRow:
    indicator: Indicator
    maximum: float
    leaf: LeafScore | None
    sources: list[tuple[str, str | None]]


def target_leaves(*, campaign: Any, target: Any, framework: str, column: str) -> list[LeafRow]:
    """Every applicable leaf of the target's evaluation, with its points (if any) and links to their sources."""
    fw = framework_for(campaign=campaign, framework=framework)
    leaves = {s.code: s for s in LeafScore.objects.filter(campaign=campaign, target=target, framework=framework,
                                                          column=column).select_related("updated_by")}
    rows = []
    for indicator in fw.leaves_for(column):
        maximum = fw.bonus_cap if indicator.bonus else indicator.weight(column)
        leaf = leaves.get(indicator.code)
        rows.append(LeafRow(indicator, float(maximum or 0), leaf, leaf_sources(leaf) if leaf else []))
    return rows


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def leaf_sources(leaf: LeafScore) -> list[tuple[str, str | None]]:
    """(label, url) of each record the leaf's points came from; url None when the record has no page."""
    if leaf.source_kind == SourceKind.FINDING:
        out: list[tuple[str, str | None]] = []
        for part in leaf.source_id.split(";"):
            kind, _, ids = part.partition(":")
            if kind == "run" and ids:
                out.append((gettext("监测任务 #%(id)s") % {"id": ids}, _url("monitoring:run", int(ids))))
            elif kind == "findings":
                out.extend((gettext("问题 #%(id)s") % {"id": pk}, _url("monitoring:finding", int(pk))) for pk in ids.split(",") if pk)
            elif kind == "newmedia" and "/" in ids:  # the owner's code and the platform: its checks' page
                out.append((gettext("政务新媒体检查结果"), _url("newmedia:platform", *ids.split("/", 1))))
        return out
    if leaf.source_kind == SourceKind.MANUAL and leaf.source_id.isdigit():
        try:
            from dgeval.web.collection.models import ManualScore
        except ImportError:
            return [(gettext("人工采集记录 #%(id)s") % {"id": leaf.source_id}, None)]
        score = ManualScore.objects.filter(pk=int(leaf.source_id)).first()
        item_id = getattr(score, "work_item_id", None)
        return [(gettext("人工采集记录 #%(id)s") % {"id": leaf.source_id}, _url("collection:item", item_id) if item_id else None)]
    if leaf.source_kind == SourceKind.FOI and leaf.source_id.isdigit():
        return [(gettext("依申请公开 #%(id)s") % {"id": leaf.source_id}, _url("foi:detail", int(leaf.source_id)))]
    if leaf.source_kind == SourceKind.BONUS:
        return [(gettext("评选决定 #%(id)s") % {"id": pk}, _url("awards:decision", int(pk)))
                for pk in leaf.source_id.split(",") if pk.isdigit()]
    return [(f"{leaf.get_source_kind_display()} {leaf.source_id}".strip(), None)]
