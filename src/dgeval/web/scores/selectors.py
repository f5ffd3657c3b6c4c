"""Read-side of scores: which rankings exist, who may see them, a ranking's rows, a target's leaves and each leaf's
parts with the records behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Sum

from dgeval.framework import Framework, Indicator
from dgeval.web.accounts.roles import is_team
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import phase_get, today
from dgeval.web.common.frameworks import campaign_facts_for, finding_rules_for, framework_for
from dgeval.web.common.points import leaf_max_points
from dgeval.web.scores.models import LeafScore, LeafState, ScoreEvidence, ScorePart, Slot
from dgeval.web.scores.services import scores_compute

_EPSILON = 1e-6


def evaluations(*, campaign: Any) -> tuple[tuple[str, str], ...]:
    """Every (framework, column) the campaign ranks, in the order pages list them (from its campaign facts)."""
    return campaign_facts_for(campaign).rankings


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
    for framework, column in evaluations(campaign=campaign):
        fw = framework_for(campaign=campaign, framework=framework)
        count = (LeafScore.objects.filter(campaign=campaign, framework=framework, column=column)
                 .annotate(covered=Sum("parts__max_points")).filter(covered__gt=0)
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
    """(level-1 names, rows) of the ranking, computed now by the scoring engine."""
    from dgeval.web.targets.models import Target

    fw = framework_for(campaign=campaign, framework=framework)
    scores = scores_compute(campaign=campaign, framework=framework, column=column)
    targets = Target.objects.in_bulk([s.target for s in scores], field_name="code")
    names = list(fw.level1_names())
    rows = [RankingRow(s.rank, targets[s.target], s.total, s.base, s.bonus, [s.level1.get(n, 0.0) for n in names],
                       len(s.missing)) for s in scores]
    return names, rows


# -- a target's leaves and their provenance ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordLink:
    """A record behind a score, as a person reads it: its label and, when they may open it, its page."""

    label: str
    url: str | None


def record_link(record: Any, *, team: bool) -> RecordLink | None:
    """How RECORD shows itself (`provenance_label()`, `get_absolute_url()`); the page only for those who may see it.

    The team opens every record; a target's webmaster only records marked `provenance_visible_to_target` (findings).
    None for a record that no longer exists.
    """
    if record is None:
        return None
    label = record.provenance_label() if hasattr(record, "provenance_label") else str(record)
    url = None
    if hasattr(record, "get_absolute_url") and (team or getattr(record, "provenance_visible_to_target", False)):
        url = record.get_absolute_url()
    return RecordLink(str(label), url)


@dataclass(frozen=True, slots=True)
class PartView:
    part: ScorePart
    source: RecordLink | None
    evidence: list[RecordLink]


@dataclass(frozen=True, slots=True)
class LeafRow:
    indicator: Indicator
    maximum: float
    leaf: LeafScore | None
    parts: list[PartView]
    #: The share of the weight the monitor may speak for (from the rules); 0 for a leaf only people score.
    monitor_share: float

    @property
    def uncovered(self) -> float:
        """Points of the leaf no part speaks for yet (still to be scored)."""
        covered = sum(p.part.max_points for p in self.parts if p.part.slot != Slot.BONUS)
        return max(0.0, round(self.maximum - covered, 6)) if not self.indicator.bonus else 0.0

    @property
    def state_label(self) -> str:
        return self.leaf.get_state_display() if self.leaf is not None and self.leaf.state else ""


def _part_views(parts: list[ScorePart], team: bool) -> list[PartView]:
    return [PartView(p, record_link(p.source, team=team) if p.source_type_id else None,
                     [link for e in p.evidence.all() if (link := record_link(e.record, team=team)) is not None])
            for p in parts]


def _leaves(campaign: Any, target: Any, framework: str, column: str) -> dict[str, LeafScore]:
    parts = ScorePart.objects.select_related("updated_by").prefetch_related(
        "source", Prefetch("evidence", queryset=ScoreEvidence.objects.prefetch_related("record")))
    rows = LeafScore.objects.filter(campaign=campaign, target=target, framework=framework, column=column)
    return {leaf.code: leaf for leaf in rows.prefetch_related(Prefetch("parts", queryset=parts))}


def target_leaves(*, campaign: Any, target: Any, framework: str, column: str, user: Any) -> list[LeafRow]:
    """Every applicable leaf of the target's evaluation, with its points (if any) and the records behind them."""
    fw = framework_for(campaign=campaign, framework=framework)
    rules = finding_rules_for(campaign)
    leaves = _leaves(campaign, target, framework, column)
    team = is_team(user)
    rows = []
    for indicator in fw.leaves_for(column):
        leaf = leaves.get(indicator.code)
        rows.append(LeafRow(indicator, leaf_max_points(fw, column, indicator.code), leaf,
                            _part_views(list(leaf.parts.all()), team) if leaf else [],
                            rules.monitor_share(framework, indicator.code, column)))
    return rows


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One check's part in the monitor's verdict on a leaf, as stored with the part (the rule as it was applied)."""

    title: str
    observes: str
    share: float
    observed: int
    findings: int
    state_label: str
    points_lost: float


@dataclass(frozen=True, slots=True)
class LeafDetail:
    row: LeafRow
    fw: Framework
    #: The most manual collection may give now: the weight less the share the monitor observed.
    manual_max: float
    checks: list[CheckRow] = field(default_factory=list)
    #: The automatic part (the monitor's or the new-media checks'), whose checks `checks` lists.
    automatic: ScorePart | None = None


def leaf_detail(*, campaign: Any, target: Any, framework: str, column: str, code: str, user: Any) -> LeafDetail:
    """One leaf of a target: its parts, the records behind them and, for the monitor, each check's verdict."""
    fw = framework_for(campaign=campaign, framework=framework)
    row = next(r for r in target_leaves(campaign=campaign, target=target, framework=framework, column=column,
                                        user=user) if r.indicator.code == code)
    monitor = next((p.part for p in row.parts if p.part.slot == Slot.MONITOR), None)
    checks = []
    if monitor is not None:
        for item in monitor.detail.get("checks", []):
            state = item.get("state", "")
            checks.append(CheckRow(
                title=str(item.get("title", item.get("check", ""))), observes=str(item.get("observes", "")),
                share=float(item.get("share", 0.0)), observed=int(item.get("observed", 0)),
                findings=int(item.get("findings", 0)),
                state_label=str(LeafState(state).label) if state in LeafState.values else "",
                points_lost=round(float(item.get("share", 0.0)) * float(item.get("deduction") or 0.0) * row.maximum, 3),
            ))
    return LeafDetail(row=row, fw=fw, manual_max=manual_part_max(campaign=campaign, target=target,
                                                                 framework=framework, column=column, code=code),
                      checks=checks, automatic=monitor)


#: A leaf of a target in one evaluation: (target id, framework, column, code).
LeafKey = tuple[int, str, str, str]


def manual_part_maxima(*, campaign: Any, keys: Iterable[LeafKey]) -> dict[LeafKey, float]:
    """The most a person's part of each leaf may give now: its weight less the share the monitor last observed.

    The monitor's claimed share counts, not what it kept after a person's part: a new manual score covers exactly
    what the monitor did not observe. One query for all KEYS.
    """
    keys = list(dict.fromkeys(keys))
    claimed: dict[LeafKey, float] = {}
    monitor_parts = ScorePart.objects.filter(leaf__campaign=campaign, slot=Slot.MONITOR,
                                             leaf__target_id__in={k[0] for k in keys})
    for row in monitor_parts.values("leaf__target_id", "leaf__framework", "leaf__column", "leaf__code",
                                    "claimed_max_points"):
        key = (row["leaf__target_id"], row["leaf__framework"], row["leaf__column"], row["leaf__code"])
        claimed[key] = row["claimed_max_points"]
    out = {}
    for key in keys:
        _target, framework, column, code = key
        maximum = leaf_max_points(framework_for(campaign=campaign, framework=framework), column, code)
        out[key] = round(max(0.0, maximum - claimed.get(key, 0.0)), 6)
    return out


def manual_part_max(*, campaign: Any, target: Any, framework: str, column: str, code: str) -> float:
    """The most a person's part of one leaf may give now (see manual_part_maxima)."""
    key = (target.pk, framework, column, code)
    return manual_part_maxima(campaign=campaign, keys=[key])[key]


def person_parts(*, campaign: Any, keys: Iterable[LeafKey]) -> dict[LeafKey, ScorePart]:
    """The person's part (manual, 依申请公开, import…) of each leaf of KEYS that has one."""
    keys = set(keys)
    parts = ScorePart.objects.filter(leaf__campaign=campaign, slot=Slot.PERSON,
                                     leaf__target_id__in={k[0] for k in keys}).select_related("leaf", "updated_by")
    found = {(p.leaf.target_id, p.leaf.framework, p.leaf.column, p.leaf.code): p for p in parts}
    return {key: part for key, part in found.items() if key in keys}


def scope_changed(*, part: ScorePart | None, manual_max: float) -> bool:
    """True when the person's part was scored against another maximum than manual collection's part has now
    (the monitor observed more or less since): it should be scored again."""
    return part is not None and abs(part.max_points - manual_max) > _EPSILON


def ranking_rows_matching(rows: list[RankingRow], q: str) -> list[RankingRow]:
    """The ranking's rows whose target name or code holds Q: each keeps the rank it has among all."""
    q = q.strip()
    if not q:
        return rows
    return [row for row in rows if q in row.target.name or q in row.target.code]
