"""The target registry: counts and membership from the plan (一、评估范围), and every validation error."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from dgeval.errors import TargetError
from dgeval.targets import LEVELS, Target, load_key_cities, load_ministries, load_provinces, load_targets

PROVINCE_HEADER = "code,name,short_name,level,kind,website"
PROVINCE_OK = "110000,北京市人民政府,北京,province,municipality,http://www.beijing.gov.cn/"
KEY_CITY_HEADER = "code,name,short_name,province_code,kind,level,website"
KEY_CITY_OK = "130100,石家庄市人民政府,石家庄,130000,provincial_capital,key_city,http://www.sjz.gov.cn/"
MINISTRY_HEADER = "code,name,short_name,category,has_website,website"
MINISTRY_OK = "mofcom,中华人民共和国商务部,商务部,组成部门,true,http://www.mofcom.gov.cn/"

SEPARATELY_PLANNED = {"大连", "青岛", "宁波", "厦门", "深圳"}
WITHOUT_WEBSITE = {"中华人民共和国国家安全部", "国务院研究室", "中央广播电视总台"}


def write_csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "fixture.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- the packaged registry -------------------------------------------------------------------------------------


def test_32_provinces_including_the_corps() -> None:
    provinces = load_provinces()
    assert len(provinces) == 32
    assert all(p.level == "province" and p.column == "province" for p in provinces)
    corps = [p for p in provinces if p.kind == "corps"]
    assert [(c.code, c.name) for c in corps] == [("660000", "新疆生产建设兵团")]


def test_31_provinces_have_a_province_level_gb2260_code() -> None:
    gb2260 = [p for p in load_provinces() if p.kind != "corps"]
    assert len(gb2260) == 31
    assert all(len(p.code) == 6 and p.code.isdigit() and p.code.endswith("0000") for p in gb2260)
    assert Counter(p.kind for p in gb2260) == {"province": 22, "autonomous_region": 5, "municipality": 4}


def test_32_key_cities_are_27_capitals_and_5_separately_planned_cities() -> None:
    cities = load_key_cities()
    assert len(cities) == 32
    assert Counter(c.kind for c in cities) == {"provincial_capital": 27, "separately_planned_city": 5}
    assert {c.short_name for c in cities if c.kind == "separately_planned_city"} == SEPARATELY_PLANNED
    assert all(c.level == "key_city" and c.column == "city" for c in cities)


def test_every_province_and_autonomous_region_has_exactly_one_capital() -> None:
    capitals = Counter(c.parent_code for c in load_key_cities() if c.kind == "provincial_capital")
    expected = {p.code for p in load_provinces() if p.kind in ("province", "autonomous_region")}
    assert set(capitals) == expected
    assert set(capitals.values()) == {1}


def test_every_key_city_lies_in_a_registered_province() -> None:
    province_codes = {p.code for p in load_provinces()}
    for city in load_key_cities():
        assert city.parent_code in province_codes
        assert city.code[:2] == city.parent_code[:2]


def test_61_ministries_have_a_website() -> None:
    ministries = load_ministries()
    with_site = [m for m in ministries if m.has_website]
    assert len(with_site) == 61
    assert all(m.website and m.website.startswith(("http://", "https://")) for m in with_site)


def test_the_3_ministries_of_the_footnote_have_no_website() -> None:
    without = [m for m in load_ministries() if not m.has_website]
    assert {m.name for m in without} == WITHOUT_WEBSITE
    assert all(m.website is None for m in without)


def test_ministry_categories_follow_the_state_council_chart() -> None:
    ministries = load_ministries()
    assert Counter(m.category for m in ministries) == {
        "组成部门": 26,
        "直属特设机构": 1,
        "直属机构": 10,
        "办事机构": 2,
        "直属事业单位": 9,
        "部委管理的国家局": 16,
    }
    assert "国务院办公厅" not in {m.name for m in ministries}
    assert all(m.level == "ministry" and m.kind and m.parent_code is None for m in ministries)


def test_codes_names_and_websites_are_unique_across_the_registry() -> None:
    targets = load_targets()
    for field in ("code", "name"):
        values = [getattr(t, field) for t in targets]
        assert len(values) == len(set(values)), field
    websites = [t.website for t in targets if t.website]
    assert len(websites) == len(set(websites))


def test_load_targets_concatenates_the_levels_in_order() -> None:
    assert load_targets() == load_provinces() + load_key_cities() + load_ministries()
    for level in LEVELS:
        assert {t.level for t in load_targets(level)} == {level}


def test_unknown_level_is_refused() -> None:
    with pytest.raises(TargetError, match="unknown target level 'city', expected one of province, key_city, ministry"):
        load_targets("city")


def test_targets_are_frozen() -> None:
    target: Target = load_provinces()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.code = "120000"  # type: ignore[misc]


# --- validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "line", "field", "value", "expected"),
    [
        ("1100,北京市人民政府,北京,province,municipality,http://www.beijing.gov.cn/", 3, "code", "1100", "6 digits"),
        ("11000a,北京市人民政府,北京,province,municipality,http://x.gov.cn/", 3, "code", "11000a", "6 digits"),
        ("110100,北京市人民政府,北京,province,municipality,http://x.gov.cn/", 3, "code", "110100", "ending in 0000"),
        ("710000,台湾省人民政府,台湾,province,province,http://x.gov.cn/", 3, "code", "710000", "prefix from 11"),
        ("670000,新疆生产建设兵团,兵团,province,corps,http://x.gov.cn/", 3, "code", "670000", "660000"),
        ("120000,天津市人民政府,天津,province,state,http://www.tj.gov.cn/", 3, "kind", "state", "one of province,"),
        ("120000,,天津,province,municipality,http://www.tj.gov.cn/", 3, "name", "", "a non-empty value"),
        ("120000,天津市人民政府,,province,municipality,http://x.gov.cn/", 3, "short_name", "", "a non-empty value"),
        ("120000,天津市人民政府,天津,city,municipality,http://www.tj.gov.cn/", 3, "level", "city", "one of province"),
        ("120000,天津市人民政府,天津,province,municipality,www.tj.gov.cn", 3, "website", "www.tj.gov.cn", "http"),
        ("120000,天津市人民政府,天津,province,municipality,", 3, "website", "", "a non-empty value"),
        (PROVINCE_OK, 3, "code", "110000", "unique codes"),
    ],
)
def test_bad_province_row_names_file_line_and_field(
    tmp_path: Path, row: str, line: int, field: str, value: str, expected: str
) -> None:
    path = write_csv(tmp_path, PROVINCE_HEADER, PROVINCE_OK, row)
    with pytest.raises(TargetError) as info:
        load_provinces(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}: field '{field}' = '{value}': ")
    assert "expected" in message and expected in message


def test_duplicate_code_names_the_first_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path, PROVINCE_HEADER, PROVINCE_OK, "", PROVINCE_OK)
    with pytest.raises(TargetError, match=r"line 4: field 'code' = '110000': duplicate of line 2, expected unique"):
        load_provinces(path)


@pytest.mark.parametrize(
    ("row", "field", "value", "expected"),
    [
        ("130000,河北省人民政府,河北,130000,provincial_capital,key_city,http://x.gov.cn/", "code", "130000", "not 0000"),
        ("130101,长安区人民政府,长安,130000,provincial_capital,key_city,http://x.gov.cn/", "code", "130101", "in 00"),
        ("990100,某市人民政府,某,990000,provincial_capital,key_city,http://x.gov.cn/", "province_code", "990000",
         "the code of a provincial target"),
        ("140100,太原市人民政府,太原,130000,provincial_capital,key_city,http://x.gov.cn/", "province_code", "130000",
         "140000"),
        ("140100,太原市人民政府,太原,14000,provincial_capital,key_city,http://x.gov.cn/", "province_code", "14000",
         "6 digits"),
        ("140100,太原市人民政府,太原,140000,capital,key_city,http://x.gov.cn/", "kind", "capital",
         "one of provincial_capital, separately_planned_city"),
        ("140100,太原市人民政府,太原,140000,provincial_capital,city,http://x.gov.cn/", "level", "city", "key_city"),
        ("140100,,太原,140000,provincial_capital,key_city,http://x.gov.cn/", "name", "", "a non-empty value"),
        (KEY_CITY_OK, "code", "130100", "unique codes"),
    ],
)
def test_bad_key_city_row_names_file_line_and_field(
    tmp_path: Path, row: str, field: str, value: str, expected: str
) -> None:
    path = write_csv(tmp_path, KEY_CITY_HEADER, KEY_CITY_OK, row)
    with pytest.raises(TargetError) as info:
        load_key_cities(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 3: field '{field}' = '{value}': ")
    assert expected in message


def test_key_cities_are_checked_against_the_given_provinces(tmp_path: Path) -> None:
    path = write_csv(tmp_path, KEY_CITY_HEADER, KEY_CITY_OK)
    assert [c.code for c in load_key_cities(path)] == ["130100"]
    with pytest.raises(TargetError, match="field 'province_code' = '130000': no such province"):
        load_key_cities(path, provinces=())


@pytest.mark.parametrize(
    ("row", "field", "value", "expected"),
    [
        ("mss,中华人民共和国国家安全部,国家安全部,组成部门,yes,", "has_website", "yes", "one of true, false"),
        ("mss,中华人民共和国国家安全部,国家安全部,组成部门,,", "has_website", "", "one of true, false"),
        ("mss,中华人民共和国国家安全部,国家安全部,组成部门,false,http://x.gov.cn/", "website", "http://x.gov.cn/",
         "an empty website"),
        ("mot,中华人民共和国交通运输部,交通运输部,组成部门,true,", "website", "", "a non-empty value"),
        ("MOT,中华人民共和国交通运输部,交通运输部,组成部门,true,http://www.mot.gov.cn/", "code", "MOT", "slug"),
        ("mot-gov,中华人民共和国交通运输部,交通运输部,组成部门,true,http://www.mot.gov.cn/", "code", "mot-gov", "slug"),
        (",中华人民共和国交通运输部,交通运输部,组成部门,true,http://www.mot.gov.cn/", "code", "", "a non-empty value"),
        ("mot,中华人民共和国交通运输部,交通运输部,部委,true,http://www.mot.gov.cn/", "category", "部委", "one of 组成部门"),
        ("mot,,交通运输部,组成部门,true,http://www.mot.gov.cn/", "name", "", "a non-empty value"),
        (MINISTRY_OK, "code", "mofcom", "unique codes"),
    ],
)
def test_bad_ministry_row_names_file_line_and_field(
    tmp_path: Path, row: str, field: str, value: str, expected: str
) -> None:
    path = write_csv(tmp_path, MINISTRY_HEADER, MINISTRY_OK, row)
    with pytest.raises(TargetError) as info:
        load_ministries(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 3: field '{field}' = '{value}': ")
    assert expected in message


def test_bad_header_names_missing_and_unknown_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "code,name,short_name,category,website,url", MINISTRY_OK)
    with pytest.raises(TargetError, match=r"line 1: header = .*missing \['has_website'\], unknown \['url'\]"):
        load_ministries(path)


def test_wrong_field_count_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, PROVINCE_HEADER, PROVINCE_OK, "120000,天津市人民政府,天津,province")
    with pytest.raises(TargetError, match=r"line 3: 4 fields, expected 6"):
        load_provinces(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(TargetError, match="empty file"):
        load_ministries(path)


def test_missing_file_is_a_target_error(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="cannot read"):
        load_provinces(tmp_path / "absent.csv")


def test_spreadsheet_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text(f"{MINISTRY_HEADER}\n{MINISTRY_OK}\n", encoding="utf-8-sig")
    assert [m.code for m in load_ministries(path)] == ["mofcom"]
