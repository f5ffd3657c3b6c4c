"""Pages too deep or too large to judge: told apart from their bytes, kept unparsed and unchecked, and reported."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.dom_limits import nesting, refusal
from dgeval.monitor.runner import scan_site

CONFIG = CrawlConfig(allow_private=True, external="skip", total_timeout=10, connect_timeout=2, read_timeout=10,
                     backoff_base=0.01, max_wall_time=120, use_sitemap=False)
#: A generous bound for the test; the benchmark's figure for the same page is a few seconds.
DEEP_SCAN_SECONDS = 60


def deep_page(levels: int = 100_000) -> str:
    """Nested `<div>`s, as a hostile page would nest them (1.1 MB at 100,000 levels)."""
    return "<html><body>" + "<div>" * levels + "<a href='/deep-link.html'>x</a>" + "</div>" * levels + "</body></html>"


@pytest.mark.parametrize(("html", "low", "high"), [
    ("<div><p>a<p>b<ul><li>c<li>d</ul><img src=x><br></div>", 3, 5),
    ("<div>" * 3000 + "</div>" * 3000, 3000, 3100),
    ("<table>" + "<tr><td>x</td><td>y</td></tr>" * 5000 + "</table>", 1, 5),  # implicit and closed cells: flat
    ("<p>" * 5000 + "x", 0, 10),  # unclosed paragraphs close each other (a tag cut by a chunk counts once)
    ("<div><span>x</span></div>" * 20_000, 1, 300),  # flat but long: errs high by one chunk at most
])
def test_nesting_estimate(html: str, low: int, high: int) -> None:
    assert low <= nesting(("<html><body>" + html + "</body></html>").encode()) <= high


def test_refusal_names_the_cap() -> None:
    assert refusal(b"<html><body><p>x</p></body></html>", 100, 10) is None
    assert (refusal(deep_page(2_000).encode(), 250_000, 1_000) or "").startswith("页面过深，未能判断：嵌套约")
    assert (refusal(("<br>" * 2_000).encode(), 1_000, 1_000) or "").startswith("页面过大，未能判断：有 2000 个标签，超过上限 1000 个")
    normal = ("<html><body>" + "<div class='item'><a href='a.html'>标题</a><span>2020-01-01</span></div>" * 400
              + "</body></html>").encode()
    assert refusal(normal, 250_000, 1_000) is None


async def test_a_100k_deep_page_is_reported_not_parsed(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {
        "index.html": "<html><body><a href='deep.html'>深</a><a href='ok.html'>好</a>"
                      "<div class='footer'>网站标识码：1234567890</div></body></html>",
        "deep.html": deep_page(),
        "ok.html": "<html><body><p>正常页面</p></body></html>",
    })
    server = await site_server(tmp_path)
    started = time.monotonic()
    result = await scan_site(server.url, as_of=dt.date(2020, 11, 20), config=CONFIG)
    assert time.monotonic() - started < DEEP_SCAN_SECONDS
    unjudged = dict(result.stats.unjudged)
    assert "嵌套约" in unjudged[server.url + "deep.html"] and len(unjudged) == 1
    assert {p.url for p in result.site.pages} == {server.url, server.url + "deep.html", server.url + "ok.html"}
    assert server.count("/deep-link.html") == 0  # its links were never read
    assert {"url": server.url + "deep.html", "reason": unjudged[server.url + "deep.html"]} in (
        result.stats_json()["unjudged"])  # type: ignore[operator]


async def test_without_the_checks_worker_too(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "<a href='deep.html'>深</a>", "deep.html": deep_page(5_000)})
    server = await site_server(tmp_path)
    result = await scan_site(server.url, as_of=dt.date(2020, 11, 20), checks=[],
                             config=dataclasses.replace(CONFIG, max_dom_depth=1_000))
    deep = next(p for p in result.site.pages if p.url.endswith("deep.html"))
    assert deep.text == "" and deep.links == () and "嵌套约" in (deep.error or "")
