"""The runner: checks split over forked workers give the same findings, in registry order, as running in-process."""

from __future__ import annotations

import datetime as dt

from dgeval.monitor.checks import run_checks
from dgeval.monitor.model import LinkResult, Page, Site
from dgeval.monitor.runner import run_checks_parallel


def big_site() -> Site:
    pages = tuple(
        Page(url=f"http://a.gov.cn/p{i}.html", final_url=f"http://a.gov.cn/p{i}.html", status=200,
             headers={"content-type": "text/html"}, content_type="text/html",
             text=f"<html><body><p>第{i}页</p></body></html>")
        for i in range(250)
    )
    links = tuple(LinkResult(url=f"http://a.gov.cn/gone{i}.html", status="broken", http_status=404,
                             pages=(f"http://a.gov.cn/p{i}.html",)) for i in range(7))
    return Site(root="http://a.gov.cn/", as_of=dt.date(2020, 10, 12), pages=pages, links=links)


def test_parallel_checks_match_in_process_checks() -> None:
    site = big_site()
    names = ("broken_link", "missing_icp", "missing_site_code")
    parallel, parallel_skipped = run_checks_parallel(site, names)
    serial, serial_skipped = run_checks(site, names)
    assert [f.to_json() for f in parallel] == [f.to_json() for f in serial]
    assert parallel_skipped == serial_skipped
    assert sum(1 for f in parallel if f.check == "broken_link") == 7


def test_empty_selection_runs_nothing() -> None:
    assert run_checks_parallel(big_site(), ()) == ([], {})
