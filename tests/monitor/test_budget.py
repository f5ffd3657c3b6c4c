"""Time budgets: a check that overruns a page's budget is stopped for that page, one that overruns the scan's
deadline is reported as not completed; the scan ends in time either way."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import signal
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from dgeval.monitor import stream
from dgeval.monitor.budget import CheckBudget, OverBudget
from dgeval.monitor.checks import Skip, stale_column, wrong_word
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.model import Finding, Observed, Page, Site
from dgeval.monitor.runner import ScanResult, scan_site

CONFIG = CrawlConfig(allow_private=True, external="skip", total_timeout=5, connect_timeout=2, read_timeout=5,
                     backoff_base=0.01, max_wall_time=60, use_sitemap=False, page_check_seconds=1.0)


def test_limit_stops_python_code_and_honours_the_deadline() -> None:
    budget = CheckBudget(page_seconds=0.2, deadline=time.monotonic() + 30)
    started = time.monotonic()
    with pytest.raises(OverBudget):
        with budget.limit(budget.page_seconds):
            while True:
                pass
    assert time.monotonic() - started < 5
    with budget.limit(1.0):
        assert sum(range(1000)) == 499500  # within the budget: nothing happens
    with pytest.raises(OverBudget):
        with CheckBudget(1.0, time.monotonic() - 1).limit(1.0):
            pass  # the deadline has passed: not even started


def test_a_budget_owning_the_alarm_stops_code_without_touching_the_handler() -> None:
    original = signal.getsignal(signal.SIGALRM)
    try:
        budget = CheckBudget(page_seconds=0.2, deadline=time.monotonic() + 30).owning_the_alarm()
        handler = signal.getsignal(signal.SIGALRM)
        assert handler is not original
        with pytest.raises(OverBudget):
            with budget.limit(budget.page_seconds):
                while True:
                    pass
        with budget.limit(1.0):
            assert sum(range(1000)) == 499500
        assert signal.getsignal(signal.SIGALRM) is handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, original)


def _spinning_on(target: str, original: Any) -> Any:
    def run_page(page: Page, site: Site, config: Any) -> Iterator[Finding]:
        while target in page.url:
            pass
        yield from original(page, site, config)
    return run_page


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_a_check_over_the_page_budget_is_stopped_for_that_page(
        site_server: Any, write_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A check that never ends on one page (the worker is forked: it runs the patched check).
    monkeypatch.setattr(wrong_word, "run_page", _spinning_on("slow.html", wrong_word.run_page))
    write_site(tmp_path, {"index.html": "<a href='slow.html'>慢</a><a href='next.html'>下</a>",
                          "slow.html": "<p>中华人民共合国</p>", "next.html": "<p>中华人民共合国</p>"})
    server = await site_server(tmp_path)
    result = await scan_site(server.url, as_of=dt.date(2020, 11, 20), config=CONFIG)
    unjudged = dict(result.stats.unjudged)
    assert list(unjudged) == [server.url + "slow.html"] and wrong_word.TITLE in unjudged[server.url + "slow.html"]
    wrong = [f.url for f in result.findings if f.check == "wrong_word"]
    assert server.url + "next.html" in wrong and server.url + "slow.html" not in wrong  # the next page is judged
    assert "wrong_word" not in result.skipped


async def _scan_ending_in_time(site_server: Any, write_site: Any, tmp_path: Path, max_time: float,
                               files: dict[str, str]) -> tuple[Any, ScanResult]:
    """Serve `files`, scan them with `max_time` seconds for everything, and hold the scan to its time."""
    write_site(tmp_path, files)
    server = await site_server(tmp_path)
    started = time.monotonic()
    result = await scan_site(server.url, as_of=dt.date(2020, 11, 20),
                             config=dataclasses.replace(CONFIG, max_wall_time=max_time))
    assert time.monotonic() - started < 15
    return server, result


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_site_checks_past_the_deadline_are_reported_not_completed(
        site_server: Any, write_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(site: Site, config: Any) -> Iterator[Finding | Observed]:
        yield Observed(2)  # what it saw before the deadline stopped it
        while True:
            yield from ()

    monkeypatch.setattr(stale_column, "run", endless)
    server, result = await _scan_ending_in_time(
        site_server, write_site, tmp_path, 4,
        {"index.html": "<a href='a.html'>甲</a><a href='gone.html'>乙</a>", "a.html": "<p>正文</p>"})
    assert result.reports["stale_column"].skip == Skip("stopped", "scan time limit reached")
    assert result.observed["stale_column"] == 2  # a stopped check keeps what it observed
    assert result.reports["missing_icp"].skip == Skip("stopped", "scan time limit reached")  # no time left after it
    assert [f.url for f in result.findings if f.check == "broken_link"] == [server.url + "gone.html"]  # before it


@pytest.mark.skipif(not stream.available(), reason="the checks worker needs two CPUs and fork")
async def test_attachments_still_unread_at_the_deadline_are_listed(
        site_server: Any, write_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def never_done(*args: Any) -> Any:
        await asyncio.sleep(3600)

    monkeypatch.setattr(stream, "extract_attachments", never_done)
    server, result = await _scan_ending_in_time(
        site_server, write_site, tmp_path, 3, {"index.html": "<a href='files/a.txt'>附件</a>", "files/a.txt": "公示"})
    assert dict(result.stats.unjudged)[server.url + "files/a.txt"] == "扫描时限已到，附件未读取"
