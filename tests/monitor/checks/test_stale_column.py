"""stale_column: columns past their class's period, on fixture sites with fresh, unclassified and single-page decoys."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from dgeval.errors import CheckError
from dgeval.monitor.checks import _column_classes, _site_index, run_check, stale_column
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Site
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites

COUNTY = FIXTURES / "stale_column" / "county_utf8"


@pytest.mark.parametrize("folder", fixture_sites("stale_column"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(stale_column, folder)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("政务动态", "dynamic"), ("图片新闻", "dynamic"), ("通知公告", "notice"), ("政策文件", "notice"),
        ("人事信息", "long"), ("规划计划", "long"), ("财政预决算", "long"), ("政策解读", None),
        ("领导之窗", None), ("人口和计划生育", None), ("新闻发布会", None),
    ],
)
def test_column_names_are_classified_by_the_data_file(name: str, expected: str | None) -> None:
    classes, exclude = _column_classes.load_column_classes(CheckConfig().column_classes_file)
    found = _column_classes.classify(name, classes, exclude)
    assert (found.name if found else None) == expected


def test_threshold_override_from_config() -> None:
    config = CheckConfig(column_stale_days={"dynamic": 30, "long": 500})
    values = {f.value for f in findings_of(stale_column.run(build_site(COUNTY), config))}
    assert values == {"政策文件", "统计数据"}  # 政务动态 27, 乡镇动态 22, 财政信息 438 days: now within


def test_threshold_data_file_errors_name_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "column_classes.toml"
    bad.write_text('[classes.dynamic]\nthreshold_days = "two weeks"\nkeywords = ["动态"]\n', encoding="utf-8")
    with pytest.raises(CheckError, match=r"\[classes.dynamic\]: threshold_days"):
        findings_of(stale_column.run(build_site(COUNTY), CheckConfig(column_classes_file=bad)))


def test_pagination_pages_count_toward_the_column() -> None:
    finding = next(f for f in findings_of(stale_column.run(build_site(COUNTY), CheckConfig())) if f.value == "政务动态")
    assert [p.rsplit("/", 1)[-1] for p in finding.evidence["pages"]] == ["index.html", "index_1.html"]


BOUNDARIES = FIXTURES / "stale_column" / "county_boundaries_gbk"
CLASSES = _column_classes.load_column_classes(CheckConfig().column_classes_file)[0]


def _renamed(site: Site, old: str, new: str, as_of: dt.date) -> Site:
    pages = tuple(dataclasses.replace(p, text=p.text.replace(old, new)) for p in site.pages)
    return dataclasses.replace(site, pages=pages, as_of=as_of)


@pytest.mark.parametrize("offset", [-1, 0, 1])
@pytest.mark.parametrize("column_class", CLASSES, ids=lambda c: c.name)
def test_every_class_is_stale_only_after_its_period(column_class: _column_classes.ColumnClass, offset: int) -> None:
    """A column named for the class, newest item 2020-11-05, judged 1 day before, on and 1 day after its period."""
    name = max(column_class.keywords, key=len)
    as_of = dt.date(2020, 11, 5) + dt.timedelta(days=column_class.threshold_days + offset)
    site = _renamed(build_site(BOUNDARIES), "工作动态", name, as_of)
    found = [f for f in findings_of(stale_column.run(site, CheckConfig())) if f.value == name]
    expected = [column_class.threshold_days + offset] if offset > 0 else []
    assert [f.evidence["days_since_update"] for f in found] == expected
    if found:
        assert found[0].evidence["column_class"] == column_class.name


@pytest.mark.parametrize(
    ("column", "items", "newest"),
    [("xwzx/gzdt", 10, "2020-11-05"), ("xwzx/xzdt", 1, "2020-11-06"), ("zwgk/ghjh", 3, "2019-11-21")],
)
def test_items_are_the_main_list_only(column: str, items: int, newest: str) -> None:
    """Nav sub-menus, breadcrumb, the left 子栏目 menu, the 热点专题 box, the pager and the footer are not items."""
    index = _site_index.site_index(build_site(BOUNDARIES))
    (found,) = [c for c in index.columns() if c.url.endswith(f"/{column}/index.html")]
    assert len(found.items) == items
    assert max(i.date for i in found.items if i.date).isoformat() == newest


def test_read_counts_the_columns_it_judged() -> None:
    columns = stale_column.read(build_site(BOUNDARIES), CheckConfig())
    assert (len(columns.findings), columns.judged, columns.dated) == (3, 6, 6)  # 公示公告 is blank: no items to judge


def test_columns_without_dates_are_judged_but_not_observed() -> None:
    """A classified column whose items carry no date is reported stale, but shows nothing a scan could weigh."""
    site = build_site(COUNTY)
    columns = stale_column.read(site, CheckConfig())
    undated = [f for f in columns.findings if f.evidence["latest_date"] is None]
    assert undated and columns.dated == columns.judged - len(undated)
    assert run_check(stale_column.NAME, site, CheckConfig()).observed == columns.dated
