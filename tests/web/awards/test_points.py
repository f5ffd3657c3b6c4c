"""The combination of expert and public scores into points, worked by hand."""

from __future__ import annotations

import pytest

from dgeval.web.awards.points import CaseInput, Weights, category_shares, combine


def test_weights_combine_the_expert_and_public_parts():
    out = combine([CaseInput(1, 80.0, 30), CaseInput(2, 60.0, 10), CaseInput(3, 90.0, 0)], Weights(0.7, 0.3, 4))
    # case 1: 0.7 × 0.8 + 0.3 × 30/30 = 0.86 → 3.44 points; case 2: 0.42 + 0.1 = 0.52; case 3: 0.63
    assert (out[1].combined, out[1].points, out[1].proposed) == (0.86, 3.44, True)
    assert (out[2].combined, out[2].public_part, out[2].proposed) == (0.52, pytest.approx(0.3333, abs=1e-4), False)
    assert out[3].public_part == 0 and out[3].combined == 0.63


def test_nobody_voted_leaves_only_the_expert_part():
    assert combine([CaseInput(1, 50.0, 0)], Weights(0.7, 0.3, 4))[1].combined == 0.35


@pytest.mark.parametrize(("points", "cap", "expected"), [([3.44, 2.1], 5, 5), ([1.2, 0.5], 5, 1.7), ([], 5, 0)])
def test_a_category_is_capped(points, cap, expected):
    assert round(sum(category_shares(points, cap)), 2) == expected


@pytest.mark.parametrize(("points", "cap", "expected"), [
    ([3.44, 2.1], 5, [3.44, 1.56]), ([1.2, 0.5], 5, [1.2, 0.5]), ([4.0, 3.0, 2.0], 5, [4.0, 1.0, 0.0]), ([], 5, [])])
def test_each_case_keeps_what_fits_under_the_cap(points, cap, expected):
    assert category_shares(points, cap) == expected
