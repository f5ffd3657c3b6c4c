"""Scoring engine: worked examples from the plan's weights and hypothesis properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.errors import InputError
from dgeval.framework import load_framework
from dgeval.scoring import competition_ranks, points_from_fraction, score_target, score_targets

LOCAL = load_framework("local_site")
GOV = load_framework("digital_gov")


def full_marks(fw, column):
    return {i.code: i.weights[column] for i in fw.base_indicators if i.weights[column] is not None}


def test_full_marks_score_100_and_half_marks_50():
    full = full_marks(LOCAL, "city")
    half = {k: v / 2 for k, v in full.items()}
    results = {r.target: r for r in score_targets(LOCAL, "city", {"满分市": full, "半分市": half})}
    assert results["满分市"].total == pytest.approx(100) and results["满分市"].rank == 1
    assert results["半分市"].total == pytest.approx(50) and results["半分市"].rank == 2
    assert results["满分市"].level1_percent == {n: pytest.approx(100) for n in results["满分市"].level1}


def test_county_has_no_open_data_level():
    result = score_target(LOCAL, "county", "某县", full_marks(LOCAL, "county"))
    assert "数据开放" not in result.level1
    assert result.total == pytest.approx(100)


def test_bonus_is_capped_at_10():
    points = {**full_marks(GOV, "government"), "bonus.new_infrastructure": 8, "bonus.data_use": 7}
    result = score_target(GOV, "government", "某省", points)
    assert result.bonus == 10 and result.total == pytest.approx(110) and result.base == pytest.approx(100)


def test_unscored_leaves_count_zero_and_are_missing():
    result = score_target(LOCAL, "city", "某市", {"info.statutory_disclosure": 17})
    assert result.total == 17
    assert "info.statutory_disclosure" not in result.missing
    assert "management.privacy" in result.missing
    assert len(result.missing) == 35  # 36 city leaves, bonus categories are never "missing"
    assert result.level1["信息发布"] == 17 and result.level2["信息发布/政府信息公开"] == 17


@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        ([90, 80, 80, 70], [1, 2, 2, 4]),
        ([50, 50, 50], [1, 1, 1]),
        ([10, 30, 20], [3, 1, 2]),
        ([0.1 + 0.2, 0.3, 0.2], [1, 1, 3]),
        ([], []),
    ],
)
def test_standard_competition_ranking(totals, ranks):
    assert competition_ranks(totals) == ranks


def test_ties_share_a_rank_and_the_next_is_skipped():
    full = full_marks(LOCAL, "city")
    results = score_targets(LOCAL, "city", {"甲": full, "乙": full, "丙": {}})
    assert [(r.target, r.rank) for r in results] == [("乙", 1), ("甲", 1), ("丙", 3)] or [
        (r.target, r.rank) for r in results
    ] == [("甲", 1), ("乙", 1), ("丙", 3)]


@pytest.mark.parametrize(
    ("code", "points", "message"),
    [
        ("no.such", 1, "no such leaf"),
        ("info.statutory_disclosure", 18, "above the weight 17"),
        ("info.statutory_disclosure", -1, "below 0"),
        ("bonus.data_use", 11, "above the bonus cap 10"),
    ],
)
def test_bad_points_are_refused(code, points, message):
    with pytest.raises(InputError, match=message):
        score_target(LOCAL, "city", "某市", {code: points})


def test_points_on_a_not_applicable_leaf_are_refused():
    with pytest.raises(InputError, match="not applicable in column 'county'"):
        score_target(LOCAL, "county", "某县", {"data.platform": 1})


def test_unknown_column_is_refused():
    with pytest.raises(InputError, match="unknown column 'town'"):
        score_target(LOCAL, "town", "某镇", {})


@pytest.mark.parametrize(("fraction", "points"), [(0, 0), (1, 17), (0.5, 8.5)])
def test_fraction_of_weight_converts_to_points(fraction, points):
    assert points_from_fraction(LOCAL, "city", "info.statutory_disclosure", fraction) == pytest.approx(points)


@pytest.mark.parametrize("fraction", [-0.1, 1.1, "x"])
def test_fraction_out_of_range_is_refused(fraction):
    with pytest.raises(InputError):
        points_from_fraction(LOCAL, "city", "info.statutory_disclosure", fraction)


COLUMN = "province"
LEAVES = [i for i in LOCAL.leaves_for(COLUMN)]


@st.composite
def leaf_points(draw):
    points = {}
    for leaf in LEAVES:
        if draw(st.booleans()):
            maximum = LOCAL.bonus_cap if leaf.bonus else leaf.weights[COLUMN]
            points[leaf.code] = draw(st.floats(0, maximum, allow_nan=False))
    return points


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=4), leaf_points(), max_size=6))
def test_properties_total_parts_ranks_and_cap(targets):
    results = score_targets(LOCAL, COLUMN, targets)
    assert sorted(r.target for r in results) == sorted(targets)
    for r in results:
        assert r.total == pytest.approx(r.base + r.bonus)
        assert r.base == pytest.approx(sum(r.level1.values()))
        assert r.base == pytest.approx(sum(r.level2.values()))
        assert 0 <= r.bonus <= LOCAL.bonus_cap
        assert 0 <= r.base <= 100 + 1e-9
        scored_base = {c for c in targets[r.target] if not LOCAL.indicator(c).bonus}
        assert set(r.missing) == {i.code for i in LOCAL.base_indicators} - scored_base
    for a in results:
        for b in results:
            if round(a.total, 6) > round(b.total, 6):
                assert a.rank < b.rank
            elif round(a.total, 6) == round(b.total, 6):
                assert a.rank == b.rank
    assert [r.rank for r in results] == sorted(r.rank for r in results)


@pytest.mark.parametrize(
    ("column", "code", "message"),
    [("city", "no.such", "no such leaf"), ("county", "data.platform", "not applicable in column 'county'")],
)
def test_fraction_on_a_bad_leaf_is_refused(column, code, message):
    with pytest.raises(InputError, match=message):
        points_from_fraction(LOCAL, column, code, 0.5)
