"""_dates: date styles of government pages; years alone and page labels are not dates."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.monitor.checks import _dates

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-10-12", [D(2020, 10, 12)]),
        ("发布日期：2020年10月12日 09:30", [D(2020, 10, 12)]),
        ("2020/1/5", [D(2020, 1, 5)]),
        ("2020.03.02", [D(2020, 3, 2)]),
        ("Copyright 2003-2020 版权所有", []),
        ("2019年工作报告", []),
        ("2020年10月", []),
        ("2020-13-40", []),
        ("更新时间：2020-10-11", []),
        ("今天是2020年10月12日 星期一", []),
        ("文号 20201012001", []),
    ],
)
def test_item_full_dates(text: str, expected: list[dt.date]) -> None:
    assert _dates.item_full_dates(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("[10-12]", (10, 12)), ("10-12", (10, 12)), ("（09/28）", (9, 28)), ("10月12日", (10, 12)),
     ("3.5%", None), ("13-01", None), ("2020", None), ("第1/2页", None)],
)
def test_short_date(token: str, expected: tuple[int, int] | None) -> None:
    assert _dates.short_date(token) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [("http://a.gov.cn/news/2020/0920/c1.html", 2020), ("http://a.gov.cn/gzdt/202010/t20201009_1.html", 2020),
     ("http://a.gov.cn/art/2019/10/12/art_1.html", 2019), ("http://a.gov.cn/xzdt/content_12.html", None),
     ("http://www2020.gov.cn/x/index.html", None)],
)
def test_year_from_url(url: str, expected: int | None) -> None:
    assert _dates.year_from_url(url) == expected


def test_short_dates_never_land_after_as_of() -> None:
    as_of = D(2020, 10, 12)
    assert _dates.with_year(10, 15, None, as_of) == D(2019, 10, 15)
    assert _dates.with_year(10, 12, None, as_of) == as_of
    assert _dates.with_year(2, 29, 2019, as_of) is None
