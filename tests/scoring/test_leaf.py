"""check_points: the one check of a leaf's points, refusing with a typed PointsError (field, value, maximum)."""

from __future__ import annotations

import pytest

from dgeval.errors import InputError, PointsError
from dgeval.framework import load_framework
from dgeval.scoring import check_points

LOCAL = load_framework("local_site", 2020)


@pytest.mark.parametrize(
    ("column", "code", "points", "reason", "field", "maximum"),
    [
        ("town", "info.statutory_disclosure", 1, "unknown_column", "column", None),
        ("city", "no.such", 1, "unknown_code", "code", None),
        ("county", "data.platform", 1, "not_applicable", "code", None),
        ("city", "info.statutory_disclosure", "abc", "not_a_number", "points", 17),
        ("city", "info.statutory_disclosure", float("nan"), "not_a_number", "points", 17),
        ("city", "info.statutory_disclosure", -0.5, "below_zero", "points", 17),
        ("city", "info.statutory_disclosure", 17.5, "above_maximum", "points", 17),
        ("city", "bonus.data_use", 11, "above_maximum", "points", 10),
    ],
)
def test_refusal_carries_reason_field_value_and_maximum(column, code, points, reason, field, maximum):
    with pytest.raises(PointsError) as exc:
        check_points(LOCAL, column, code, points)
    error = exc.value
    assert (error.reason, error.field, error.maximum, error.framework, error.column) == (
        reason, field, maximum, "local_site", column)
    given = {"column": column, "code": code, "points": points}[field]
    assert error.value == given or error.value != error.value  # NaN is not equal to itself
    assert isinstance(error, InputError)


def test_a_part_is_capped_below_the_leaf_weight():
    check_points(LOCAL, "city", "info.statutory_disclosure", 4.25, maximum=4.25)
    with pytest.raises(PointsError, match="part's cap 4.25") as exc:
        check_points(LOCAL, "city", "info.statutory_disclosure", 5, maximum=4.25)
    assert (exc.value.reason, exc.value.maximum, exc.value.code) == ("above_maximum", 4.25, "info.statutory_disclosure")


def test_a_part_cap_above_the_weight_is_the_weight():
    with pytest.raises(PointsError) as exc:
        check_points(LOCAL, "city", "info.statutory_disclosure", 18, maximum=40)
    assert exc.value.maximum == 17


def test_bonus_refusal_says_it_is_a_bonus_category():
    with pytest.raises(PointsError) as exc:
        check_points(LOCAL, "city", "bonus.data_use", 11)
    assert exc.value.bonus is True


def test_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown PointsError reason"):
        PointsError("x", reason="bad", field="points", value=1, framework="f", column="c")
