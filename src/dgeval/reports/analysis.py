"""Figures the reports derive from published results: score distributions, averages by region, peer averages.

Pure functions over `model` objects. Totals are the scoring engine's; these only count and average them.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean, median
from typing import Sequence

from dgeval.reports.model import PeerGroupResult
from dgeval.reports.reference import region_labels, region_of

#: Score bands of the distributions: [0, 10), [10, 20) … [90, 100], then 100+ for totals lifted by the bonus.
BAND_EDGES: tuple[float, ...] = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)


def band_labels() -> tuple[str, ...]:
    labels = [f"{lo:g}–{hi:g}" for lo, hi in zip(BAND_EDGES, BAND_EDGES[1:])]
    return (*labels, f"{BAND_EDGES[-1]:g}+")


def band_of(total: float) -> int:
    """Index of TOTAL's band; exactly 100 belongs to 90–100, above 100 (bonus) to the last band."""
    if total > BAND_EDGES[-1]:
        return len(BAND_EDGES) - 1
    for i, hi in enumerate(BAND_EDGES[1:]):
        if total < hi:
            return i
    return len(BAND_EDGES) - 2


def distribution(totals: Sequence[float]) -> tuple[int, ...]:
    """How many totals fall in each band of `band_labels()`."""
    counts = [0] * len(BAND_EDGES)
    for total in totals:
        counts[band_of(total)] += 1
    return tuple(counts)


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    mean: float
    median: float
    best: float
    worst: float


def summary(totals: Sequence[float]) -> Summary:
    if not totals:
        return Summary(0, 0.0, 0.0, 0.0, 0.0)
    return Summary(len(totals), fmean(totals), median(totals), max(totals), min(totals))


def level1_averages(group: PeerGroupResult) -> tuple[float, ...]:
    """Average points of each level-1 indicator over the group's targets."""
    if not group.rows:
        return tuple(0.0 for _ in group.level1_names)
    return tuple(fmean(row.level1[i] for row in group.rows) for i in range(len(group.level1_names)))


@dataclass(frozen=True, slots=True)
class RegionAverages:
    region: str
    count: int
    total: float
    level1: tuple[float, ...]


def region_averages(group: PeerGroupResult) -> tuple[RegionAverages, ...]:
    """Per economic region with targets in the group: how many, their average total and level-1 averages."""
    out = []
    for label in region_labels():
        rows = [row for row in group.rows if region_of(row.province_code) == label]
        if rows:
            level1 = tuple(fmean(row.level1[i] for row in rows) for i in range(len(group.level1_names)))
            out.append(RegionAverages(label, len(rows), fmean(row.total for row in rows), level1))
    return tuple(out)
