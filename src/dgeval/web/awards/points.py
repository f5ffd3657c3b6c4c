"""From review and vote to bonus points: pure arithmetic, documented so that a published point can be recomputed.

For each case on a closed ballot:
  expert part   = calibrated expert score / 100          (see `dgeval.scoring.panel.aggregate`)
  public part   = the case's valid votes / the most valid votes any case on the ballot got   (0 if nobody voted)
  combined      = expert weight × expert part + public weight × public part        (weights add up to 1)
  points        = combined × the policy's most points per case, rounded to 2 places, for a selected case; else 0
For each target, framework column and bonus category, the points of its selected cases add up and are capped by the
policy's category cap (the cases with the most points first keep theirs whole: `category_shares`); the framework's
优秀创新案例 group cap (bonus_cap) is applied by the scoring engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A case whose combined score reaches this is proposed for selection (the admin decides).
PROPOSE_FROM = 0.6


@dataclass(frozen=True, slots=True)
class CaseInput:
    case: int
    expert_score: float
    votes: int


@dataclass(frozen=True, slots=True)
class Weights:
    expert: float
    public: float
    case_points_max: float


@dataclass(frozen=True, slots=True)
class Combined:
    expert_part: float
    public_part: float
    combined: float
    points: float

    @property
    def proposed(self) -> bool:
        return self.combined >= PROPOSE_FROM


def combine(cases: Sequence[CaseInput], weights: Weights) -> dict[int, Combined]:
    """Each case's parts, combined score and points if selected (module docstring)."""
    most = max((c.votes for c in cases), default=0)
    out = {}
    for case in cases:
        expert_part = min(1.0, max(0.0, case.expert_score / 100))
        public_part = case.votes / most if most else 0.0
        combined = weights.expert * expert_part + weights.public * public_part
        out[case.case] = Combined(round(expert_part, 4), round(public_part, 4), round(combined, 4),
                                  round(combined * weights.case_points_max, 2))
    return out


def category_shares(points: Sequence[float], cap: float) -> list[float]:
    """What each of a target's selected cases in one category counts once the category is capped at CAP: in the
    order given (the caller puts the most points first), each case keeps what still fits. They add up to
    the category's points, min(Σ points, CAP), and each case's share of the bonus names that case."""
    shares = []
    room = cap
    for value in points:
        share = round(max(0.0, min(value, room)), 2)
        shares.append(share)
        room -= share
    return shares
