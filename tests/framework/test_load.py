"""Loading frameworks: the 2020 data files, another year's file, and the immutability of what is loaded."""

from dataclasses import FrozenInstanceError

import pytest

from dgeval.errors import FrameworkError
from dgeval.framework import available, load_file, load_framework
from tests.framework.conftest import FIXTURES

NAMES = ("digital_gov", "ministry_site", "local_site", "new_media")


@pytest.mark.parametrize("name", NAMES)
def test_2020_framework_loads_and_every_column_sums_to_100(name):
    fw = load_framework(name, 2020)
    assert fw.year == 2020 and fw.name == name
    for column in fw.columns:
        assert sum(i.weights[column] or 0 for i in fw.base_indicators) == pytest.approx(100)


def test_all_four_2020_frameworks_are_listed():
    assert {n for y, n, _ in available() if y == 2020} == set(NAMES)


@pytest.mark.parametrize(
    ("name", "columns", "leaves", "bonus"),
    [
        ("digital_gov", ("government",), 36, 7),
        ("ministry_site", ("ministry",), 33, 6),
        ("local_site", ("province", "city", "county"), 36, 6),
        ("new_media", ("wechat", "app", "weibo"), 14, 0),
    ],
)
def test_columns_and_leaf_counts(name, columns, leaves, bonus):
    fw = load_framework(name)
    assert fw.columns == columns
    assert len(fw.base_indicators) == leaves
    assert len(fw.bonus_indicators) == bonus
    assert fw.bonus_cap == (10 if bonus else 0)


def test_website_bonus_groups_have_no_new_infrastructure_category():
    gov = {i.name for i in load_framework("digital_gov").bonus_indicators}
    for name in ("ministry_site", "local_site"):
        site = {i.name for i in load_framework(name).bonus_indicators}
        assert gov - site == {"“新基建”助力"}


def test_loaded_objects_are_immutable():
    fw = load_framework("local_site")
    with pytest.raises(FrozenInstanceError):
        fw.indicators[0].code = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        fw.indicators[0].weights["city"] = 1  # type: ignore[index]


def test_another_year_is_a_data_file_not_code():
    fw = load_framework("mini_site", data_dir=FIXTURES)
    assert fw.year == 2021
    assert [i.code for i in fw.indicators] == ["info.news", "service.guide", "service.forms", "bonus.innovation"]
    assert fw.indicator("service.guide").weights["county"] is None
    assert fw.indicator("service.guide").path == ("办事服务", "办事指南", "要素完整")
    assert [i.code for i in fw.leaves_for("county")] == ["info.news", "service.forms", "bonus.innovation"]


def test_unknown_framework_names_the_known_ones():
    with pytest.raises(FrameworkError, match=r"unknown framework 'nope'.*local_site \(2020\)"):
        load_framework("nope")


def test_unknown_year_is_refused():
    with pytest.raises(FrameworkError, match="for year 1999"):
        load_framework("local_site", 1999)


def test_missing_file_is_a_framework_error(tmp_path):
    with pytest.raises(FrameworkError, match="cannot read"):
        load_file(tmp_path / "none.toml")
