"""Review panels: balanced assignment with exclusions, disagreement, z-score aggregation."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.scoring.panel import PanelError, aggregate, assign_balanced, disagrees, zscores

reviewer_lists = st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=8, unique=True)


@st.composite
def assignments(draw):
    reviewers = draw(reviewer_lists)
    per_item = draw(st.integers(1, len(reviewers)))
    items = draw(st.lists(st.integers(0, 500), max_size=40, unique=True))
    excluded = {
        item: draw(st.sets(st.sampled_from(reviewers), max_size=len(reviewers) - per_item)) for item in items
    }
    return reviewers, per_item, items, excluded


@given(assignments())
def test_every_item_gets_distinct_eligible_reviewers(case):
    reviewers, per_item, items, excluded = case
    out = assign_balanced(items, reviewers, per_item=per_item, excluded=excluded)
    assert list(out) == items
    for item, chosen in out.items():
        assert len(chosen) == per_item == len(set(chosen))
        assert not set(chosen) & excluded[item]
        assert set(chosen) <= set(reviewers)


@given(reviewer_lists, st.integers(0, 60), st.data())
def test_without_exclusions_loads_differ_by_at_most_one(reviewers, count, data):
    per_item = data.draw(st.integers(1, len(reviewers)))
    out = assign_balanced(list(range(count)), reviewers, per_item=per_item)
    loads = [sum(r in chosen for chosen in out.values()) for r in reviewers]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == count * per_item


@given(assignments())
def test_the_chosen_are_never_busier_than_an_eligible_reviewer_left_out(case):
    reviewers, per_item, items, excluded = case
    load = {r: 0 for r in reviewers}
    out = assign_balanced(items, reviewers, per_item=per_item, excluded=excluded)
    for item in items:
        chosen = out[item]
        left_out = [r for r in reviewers if r not in chosen and r not in excluded[item]]
        if left_out:
            assert max(load[r] for r in chosen) <= min(load[r] for r in left_out)
        for r in chosen:
            load[r] += 1


def test_equal_loads_give_round_robin():
    out = assign_balanced(["a", "b", "c", "d"], ["X", "Y"], per_item=1)
    assert [out[i] for i in "abcd"] == [("X",), ("Y",), ("X",), ("Y",)]
    pairs = assign_balanced(["a", "b"], ["X", "Y"], per_item=2)
    assert pairs == {"a": ("X", "Y"), "b": ("Y", "X")}


def test_existing_load_is_taken_into_account():
    out = assign_balanced(["a", "b"], ["X", "Y", "Z"], per_item=1, load={"X": 2, "Y": 1})
    assert out == {"a": ("Z",), "b": ("Y",)}


def test_too_few_eligible_reviewers_names_the_item():
    with pytest.raises(PanelError) as exc:
        assign_balanced(["case-7"], ["X", "Y", "Z"], per_item=3, excluded={"case-7": {"Z"}})
    assert (exc.value.item, exc.value.needed, exc.value.available) == ("case-7", 3, 2)


@pytest.mark.parametrize(("values", "margin", "expected"), [
    ([80, 60], 20, False), ([80, 59.9], 20, True), ([70], 0, False), ([50, 70, 90], 30, True), ([4.1, 0], 4, True),
])
def test_disagreement_is_the_spread_beyond_the_margin(values, margin, expected):
    assert disagrees(values, margin=margin) is expected


score_tables = st.dictionaries(
    st.tuples(st.sampled_from("ABCD"), st.integers(0, 9)), st.floats(0, 100, allow_nan=False), min_size=1, max_size=30
)


@given(score_tables)
def test_each_reviewers_zscores_have_mean_zero(scores):
    z = zscores(scores)
    for reviewer in {r for r, _i in scores}:
        mine = [v for (r, _i), v in z.items() if r == reviewer]
        assert abs(statistics.fmean(mine)) < 1e-6


@settings(max_examples=200)
@given(score_tables, st.sampled_from("ABCD"), st.floats(-30, 30, allow_nan=False))
def test_a_lenient_reviewer_shifting_every_score_changes_no_item_z(scores, who, shift):
    shifted = {k: v + shift if k[0] == who else v for k, v in scores.items()}
    before, after = aggregate(scores, margin=1000), aggregate(shifted, margin=1000)
    for item in before:
        assert after[item].z_mean == pytest.approx(before[item].z_mean, abs=1e-6)


@given(score_tables)
def test_calibrated_scores_stay_on_the_rubric_scale(scores):
    for result in aggregate(scores, margin=20).values():
        assert 0.0 <= result.calibrated <= 100.0
        assert result.flagged == (result.spread > 20 + 1e-9)


def test_aggregate_worked_example():
    # A is strict (60, 70), B lenient (80, 90): both rank case 2 above case 1 by one standard deviation.
    scores = {("A", 1): 60, ("A", 2): 70, ("B", 1): 80, ("B", 2): 90}
    out = aggregate(scores, margin=15)
    assert out[1].z_mean == pytest.approx(-1) and out[2].z_mean == pytest.approx(1)
    # grand mean 75, grand population sd = sqrt(125) ≈ 11.18
    assert out[1].calibrated == pytest.approx(75 - 125 ** 0.5)
    assert out[2].calibrated == pytest.approx(75 + 125 ** 0.5)
    assert out[1].raw_mean == 70 and out[1].spread == 20 and out[1].flagged
