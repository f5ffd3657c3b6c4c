"""stale_column: columns past their class's period, on fixture sites with fresh, unclassified and single-page decoys."""

from __future__ import annotations

from pathlib import Path

import pytest

from dgeval.errors import CheckError
from dgeval.monitor.checks import _columns, stale_column
from dgeval.monitor.checks.config import CheckConfig
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
    classes, exclude = _columns.load_column_classes(CheckConfig().column_classes_file)
    found = _columns.classify(name, classes, exclude)
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
