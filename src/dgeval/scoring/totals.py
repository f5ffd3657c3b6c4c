"""Leaf points → per-target totals, subtotals and ranks. Pure functions over frozen data (see STYLE.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from dgeval.errors import InputError
from dgeval.framework.models import Framework
from dgeval.scoring.bonus import capped_bonus
from dgeval.scoring.leaf import check_points
from dgeval.scoring.ranking import competition_ranks


@dataclass(frozen=True, slots=True)
class TargetScore:
    """One target's result in one framework column.

    `level1`/`level2` are base subtotals keyed by level name (level2 by "一级/二级"); `level1_percent` is the share of
    each level-1's maximum in this column; `missing` lists applicable base leaves that got no points (counted as 0).
    """

    target: str
    rank: int
    total: float
    base: float
    bonus: float
    level1: Mapping[str, float]
    level2: Mapping[str, float]
    level1_percent: Mapping[str, float]
    missing: tuple[str, ...]
    leaves: Mapping[str, float]

    def to_json(self) -> dict[str, object]:
        return {
            "target": self.target,
            "rank": self.rank,
            "total": _round(self.total),
            "base": _round(self.base),
            "bonus": _round(self.bonus),
            "level1": {k: _round(v) for k, v in self.level1.items()},
            "level2": {k: _round(v) for k, v in self.level2.items()},
            "level1_percent": {k: _round(v) for k, v in self.level1_percent.items()},
            "missing": list(self.missing),
        }


def _round(x: float) -> float:
    return round(x, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


def _unranked(framework: Framework, column: str, target: str, points: Mapping[str, float]) -> TargetScore:
    if column not in framework.columns:
        raise InputError(
            f"unknown column {column!r} for framework {framework.name!r}; known: {', '.join(framework.columns)}"
        )
    for code, value in points.items():
        check_points(framework, column, code, value)
    level1: dict[str, float] = {}
    level2: dict[str, float] = {}
    maxima: dict[str, float] = {}
    missing: list[str] = []
    base = 0.0
    for leaf in framework.base_indicators:
        weight = leaf.weights.get(column)
        if weight is None:
            continue
        got = points.get(leaf.code)
        if got is None:
            missing.append(leaf.code)
            got = 0.0
        base += got
        level1[leaf.level1] = level1.get(leaf.level1, 0.0) + got
        key2 = f"{leaf.level1}/{leaf.level2}"
        level2[key2] = level2.get(key2, 0.0) + got
        maxima[leaf.level1] = maxima.get(leaf.level1, 0.0) + weight
    bonus = capped_bonus((points.get(b.code, 0.0) for b in framework.bonus_indicators), framework.bonus_cap)
    percent = {name: 100.0 * level1[name] / maxima[name] for name in level1 if maxima[name] > 0}
    return TargetScore(
        target=target,
        rank=0,
        total=base + bonus,
        base=base,
        bonus=bonus,
        level1=level1,
        level2=level2,
        level1_percent=percent,
        missing=tuple(missing),
        leaves=dict(points),
    )


def score_target(framework: Framework, column: str, target: str, points: Mapping[str, float]) -> TargetScore:
    """One target's score, unranked (rank 0). Raises InputError on a bad code or points."""
    return _unranked(framework, column, target, points)


def score_targets(
    framework: Framework, column: str, points_by_target: Mapping[str, Mapping[str, float]]
) -> list[TargetScore]:
    """Score and rank every target; sorted by rank, ties by target name."""
    scores = [_unranked(framework, column, t, p) for t, p in points_by_target.items()]
    ranks = competition_ranks([s.total for s in scores])
    ranked = [replace(s, rank=r) for s, r in zip(scores, ranks)]
    return sorted(ranked, key=lambda s: (s.rank, s.target))
