"""Validation of a loaded framework: codes, the tree, subtotals and column sums.

Kept apart from parsing so that a framework built in code (tests, a future editor) is held to the same rules.
"""

from __future__ import annotations

import math
import re

from dgeval.errors import FrameworkError
from dgeval.framework.models import Framework

#: How the plan prints "not applicable" in a weight cell.
NOT_APPLICABLE = frozenset({"—", "——", "_", "-", "--"})
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
BASE_TOTAL = 100.0


def parse_weight(value: object, where: str) -> float | None:
    """A weight cell: a number ≥ 0, or a not-applicable mark → None."""
    if isinstance(value, str) and value.strip() in NOT_APPLICABLE:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FrameworkError(f"{where} = {value!r}: expected a number or \"—\" (not applicable)")
    if not math.isfinite(value) or value < 0:
        raise FrameworkError(f"{where} = {value!r}: expected a number ≥ 0")
    return float(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_framework(fw: Framework, where: str) -> None:
    seen: dict[str, tuple[str, ...]] = {}
    for ind in fw.indicators:
        place = f"indicator {'/'.join(ind.path)}"
        if not CODE_PATTERN.match(ind.code):
            raise FrameworkError(
                f"{where}: {place}: field 'code' = {ind.code!r}: expected lowercase ASCII words joined by dots"
            )
        if ind.code in seen:
            raise FrameworkError(
                f"{where}: {place}: field 'code' = {ind.code!r}: duplicate, already used by {'/'.join(seen[ind.code])}"
            )
        seen[ind.code] = ind.path
    if fw.bonus_indicators and fw.bonus_cap <= 0:
        raise FrameworkError(f"{where}: field 'bonus_cap' = {_fmt(fw.bonus_cap)}: bonus categories need a cap > 0")

    for sub in fw.subtotals:
        leaves = [i for i in fw.base_indicators if i.path[: len(sub.path)] == sub.path]
        if not leaves:
            raise FrameworkError(f"{where}: subtotal {'/'.join(sub.path)}: field 'path': no indicator under this path")
        for column, expected in sub.weights.items():
            got = sum(i.weights[column] or 0.0 for i in leaves)
            if not math.isclose(got, expected, abs_tol=1e-9):
                raise FrameworkError(
                    f"{where}: subtotal {'/'.join(sub.path)}: field 'weights.{column}' = {_fmt(expected)}; "
                    f"its leaves sum to {_fmt(got)}"
                )

    for column in fw.columns:
        total = sum(i.weights[column] or 0.0 for i in fw.base_indicators)
        if not math.isclose(total, BASE_TOTAL, abs_tol=1e-9):
            last = fw.base_indicators[-1] if fw.base_indicators else None
            place = f"indicator {'/'.join(last.path)}: " if last else ""
            raise FrameworkError(
                f"{where}: {place}column {column!r} sums to {_fmt(total)}, expected {_fmt(BASE_TOTAL)}"
            )
