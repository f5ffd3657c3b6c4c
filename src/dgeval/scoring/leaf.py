"""One leaf's points: bounds, applicability and the monitor's fractions. Pure: no I/O."""

from __future__ import annotations

import math

from dgeval.errors import InputError, PointsError
from dgeval.framework.models import Framework, Indicator


def leaf_max(framework: Framework, indicator: Indicator, column: str) -> float | None:
    """The most a leaf can give in a column: its weight, or the group cap for a bonus category; None if n/a."""
    if indicator.bonus:
        return framework.bonus_cap
    return indicator.weights.get(column)


def check_points(
    framework: Framework, column: str, code: str, points: float, *, maximum: float | None = None
) -> Indicator:
    """The leaf `code` if `points` may be given to it in `column`; PointsError naming the rule otherwise.

    MAXIMUM caps a score that covers only part of the leaf (the monitor's share, or manual collection's rest); it may
    not exceed the leaf's own maximum. This is the one check of points: the CLI, the imports and the platform use it.
    """
    facts = {"framework": framework.name, "column": column}
    if column not in framework.columns:
        raise PointsError(
            f"unknown column {column!r} for framework {framework.name!r}; known: {', '.join(framework.columns)}",
            reason="unknown_column", field="column", value=column, **facts,
        )
    if not framework.has(code):
        raise PointsError(f"field 'code' = {code!r}: no such leaf in framework {framework.name!r} ({framework.year})",
                          reason="unknown_code", field="code", value=code, **facts)
    indicator = framework.indicator(code)
    leaf_maximum = leaf_max(framework, indicator, column)
    facts.update(code=code, bonus=indicator.bonus)
    if leaf_maximum is None:
        raise PointsError(
            f"field 'code' = {code!r}: leaf {'/'.join(indicator.path)} is not applicable in column {column!r}",
            reason="not_applicable", field="code", value=code, **facts,
        )
    limit = leaf_maximum if maximum is None else min(float(maximum), leaf_maximum)
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points):
        raise PointsError(f"field 'points' = {points!r}: expected a number", reason="not_a_number", field="points",
                          value=points, maximum=limit, **facts)
    if points < 0:
        raise PointsError(f"field 'points' = {points:g}: below 0", reason="below_zero", field="points", value=points,
                          maximum=limit, **facts)
    if points > limit + 1e-9:
        what = "the bonus cap" if indicator.bonus else "the weight"
        if limit < leaf_maximum:
            what = f"the part's cap {limit:g} (of {what} {leaf_maximum:g})"
        else:
            what = f"{what} {limit:g}"
        raise PointsError(f"field 'points' = {points:g}: above {what} of {code} in column {column!r}",
                          reason="above_maximum", field="points", value=points, maximum=limit, **facts)
    return indicator


def points_from_fraction(framework: Framework, column: str, code: str, fraction: float) -> float:
    """Convert a rule result given as a fraction 0–1 of a leaf's weight (the monitor's output) to points."""
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0.0 <= fraction <= 1.0:
        raise InputError(f"fraction for {code} = {fraction!r}: expected a number from 0 to 1")
    indicator = check_points(framework, column, code, 0.0)  # known code, applicable in this column
    maximum = leaf_max(framework, indicator, column)
    assert maximum is not None  # check_points refused a not-applicable leaf
    return fraction * maximum
