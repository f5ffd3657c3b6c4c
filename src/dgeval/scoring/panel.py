"""Review panels: who reviews what, whether reviewers disagree, and how their scores are combined.

Shared by manual collection (evaluators score leaves) and innovation cases (experts score cases). Pure functions over
plain values: reviewers and items are any hashable keys, so the web layer passes primary keys and tests pass strings.

Assignment (`assign_balanced`) gives each item `per_item` distinct reviewers, never one excluded for that item
(conflicts of interest), always the least-loaded eligible reviewers. Ties rotate with the item's position, so with
no exclusions and equal starting loads the result is plain round-robin: item k gets reviewers k, k+1, … (mod n).

Aggregation (`aggregate`) is documented so that anyone can recompute a published result from the raw scores:
1. each reviewer's scores are turned into z-scores over all items that reviewer scored
   (z = (score − reviewer mean) / reviewer population standard deviation; 0 when the reviewer scored one item or
   gave every item the same score, since such a reviewer says nothing about relative merit);
2. an item's z is the mean of its reviewers' z-scores;
3. the calibrated score puts that z back on the rubric scale: grand mean + grand standard deviation × item z, over
   all raw scores, clamped to [low, high]. A strict and a lenient reviewer thus count the same, and the result still
   reads as rubric points.
Disagreement (`disagrees`) is the spread of an item's raw scores (max − min) against a margin.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dgeval.errors import DgevalError

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)

#: Tolerance for comparing float spreads with a margin (points are stored to 3 places).
EPSILON = 1e-9


class PanelError(DgevalError):
    """An item cannot get enough eligible reviewers; `item`, `needed` and `available` say which and how many."""

    def __init__(self, item: Hashable, needed: int, available: int):
        self.item, self.needed, self.available = item, needed, available
        super().__init__(f"item {item!r}: needs {needed} reviewers, only {available} eligible")


def assign_balanced(
    items: Sequence[K],
    reviewers: Sequence[R],
    *,
    per_item: int,
    excluded: Mapping[K, Collection[R]] | None = None,
    load: Mapping[R, int] | None = None,
) -> dict[K, tuple[R, ...]]:
    """Reviewers for each of ITEMS, in order: PER_ITEM distinct ones, none in EXCLUDED[item], least loaded first.

    LOAD is what each reviewer already carries (default 0) and grows as items are assigned. Raises PanelError for the
    first item with fewer than PER_ITEM eligible reviewers; nothing is returned then.
    """
    if per_item < 1:
        raise ValueError(f"per_item must be at least 1 (got {per_item})")
    if len(set(reviewers)) != len(reviewers):
        raise ValueError("reviewers must be distinct")
    excluded = excluded or {}
    current = {r: (load or {}).get(r, 0) for r in reviewers}
    n = len(reviewers)
    out: dict[K, tuple[R, ...]] = {}
    for position, item in enumerate(items):
        barred = excluded.get(item, ())
        eligible = [i for i, r in enumerate(reviewers) if r not in barred]
        if len(eligible) < per_item:
            raise PanelError(item, per_item, len(eligible))
        start = position % n
        eligible.sort(key=lambda i: (current[reviewers[i]], (i - start) % n))
        chosen = tuple(reviewers[i] for i in eligible[:per_item])
        for r in chosen:
            current[r] += 1
        out[item] = chosen
    return out


def spread(values: Sequence[float]) -> float:
    """Max − min of VALUES (0 for fewer than two)."""
    return max(values) - min(values) if len(values) > 1 else 0.0


def disagrees(values: Sequence[float], *, margin: float) -> bool:
    """True when the reviewers' scores of one item are further apart than MARGIN."""
    return spread(values) > margin + EPSILON


def zscores(scores: Mapping[tuple[R, K], float]) -> dict[tuple[R, K], float]:
    """Each (reviewer, item) score as a z-score within that reviewer's scores (see the module docstring)."""
    by_reviewer: dict[R, list[float]] = {}
    for (reviewer, _item), value in scores.items():
        by_reviewer.setdefault(reviewer, []).append(value)
    moments = {r: (statistics.fmean(v), statistics.pstdev(v)) for r, v in by_reviewer.items()}
    out: dict[tuple[R, K], float] = {}
    for (reviewer, item), value in scores.items():
        mean, sd = moments[reviewer]
        out[(reviewer, item)] = 0.0 if sd <= EPSILON else (value - mean) / sd
    return out


@dataclass(frozen=True, slots=True)
class Aggregate:
    """One item's combined review: raw mean, mean z-score, calibrated score, spread and whether it is flagged."""

    reviews: int
    raw_mean: float
    z_mean: float
    calibrated: float
    spread: float
    flagged: bool


def aggregate(
    scores: Mapping[tuple[R, K], float],
    *,
    margin: float,
    low: float = 0.0,
    high: float = 100.0,
) -> dict[K, Aggregate]:
    """Every scored item's Aggregate (see the module docstring); items with spread above MARGIN are flagged."""
    if not scores:
        return {}
    z = zscores(scores)
    raw = list(scores.values())
    grand_mean, grand_sd = statistics.fmean(raw), statistics.pstdev(raw)
    per_item: dict[K, list[tuple[float, float]]] = {}
    for key, value in scores.items():
        per_item.setdefault(key[1], []).append((value, z[key]))
    out: dict[K, Aggregate] = {}
    for item, pairs in per_item.items():
        values = [v for v, _z in pairs]
        z_mean = statistics.fmean(zz for _v, zz in pairs)
        calibrated = min(high, max(low, grand_mean + grand_sd * z_mean))
        out[item] = Aggregate(
            reviews=len(pairs),
            raw_mean=statistics.fmean(values),
            z_mean=z_mean,
            calibrated=calibrated,
            spread=spread(values),
            flagged=disagrees(values, margin=margin),
        )
    return out
