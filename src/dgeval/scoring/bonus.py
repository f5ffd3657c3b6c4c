"""The 优秀创新案例 bonus group: category points add up, the group is capped (10 in 2020)."""

from __future__ import annotations

from typing import Iterable


def capped_bonus(category_points: Iterable[float], cap: float) -> float:
    return min(sum(category_points), cap)
