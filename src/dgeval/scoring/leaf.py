"""One leaf's points: bounds, applicability and the monitor's fractions. Pure: no I/O."""

from __future__ import annotations

import math

from dgeval.errors import InputError
from dgeval.framework.models import Framework, Indicator


def leaf_max(framework: Framework, indicator: Indicator, column: str) -> float | None:
    """The most a leaf can give in a column: its weight, or the group cap for a bonus category; None if n/a."""
    if indicator.bonus:
        return framework.bonus_cap
    return indicator.weights.get(column)


def check_points(framework: Framework, column: str, code: str, points: float) -> Indicator:
    """The leaf `code` if `points` may be given to it in `column`; InputError naming the rule otherwise."""
    if column not in framework.columns:
        raise InputError(
            f"unknown column {column!r} for framework {framework.name!r}; known: {', '.join(framework.columns)}"
        )
    if not framework.has(code):
        raise InputError(f"field 'code' = {code!r}: no such leaf in framework {framework.name!r} ({framework.year})")
    indicator = framework.indicator(code)
    maximum = leaf_max(framework, indicator, column)
    if maximum is None:
        raise InputError(
            f"field 'code' = {code!r}: leaf {'/'.join(indicator.path)} is not applicable in column {column!r}"
        )
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points):
        raise InputError(f"field 'points' = {points!r}: expected a number")
    if points < 0:
        raise InputError(f"field 'points' = {points:g}: below 0")
    if points > maximum + 1e-9:
        what = "the bonus cap" if indicator.bonus else "the weight"
        raise InputError(f"field 'points' = {points:g}: above {what} {maximum:g} of {code} in column {column!r}")
    return indicator


def points_from_fraction(framework: Framework, column: str, code: str, fraction: float) -> float:
    """Convert a rule result given as a fraction 0–1 of a leaf's weight (the monitor's output) to points."""
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0.0 <= fraction <= 1.0:
        raise InputError(f"fraction for {code} = {fraction!r}: expected a number from 0 to 1")
    indicator = check_points(framework, column, code, 0.0)  # known code, applicable in this column
    maximum = leaf_max(framework, indicator, column)
    assert maximum is not None  # check_points refused a not-applicable leaf
    return fraction * maximum
