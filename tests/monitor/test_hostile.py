"""Hostile fixtures: each must end in bounded time and memory, and never end the scan.

Bounds are asserted on counts and sizes (requests made, bytes kept), never on timings.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler, CrawlResult
from dgeval.monitor.fetch import Fetcher

FAST = CrawlConfig(allow_private=True, external="skip", total_timeout=5, connect_timeout=2, read_timeout=5,
                   backoff_base=0.01, retry_after_cap=0.2, max_wall_time=60, use_sitemap=False)


async def crawl(url: str, **overrides: Any) -> CrawlResult:
    config = dataclasses.replace(FAST, **overrides)
    async with Fetcher(config) as fetcher:
        return await Crawler(url, config, fetcher).run()


def result_of(result: CrawlResult, url: str) -> Any:
    return next(r for r in result.links if r.url == url)


async def home_linking(site_server: Any, write_site: Any, tmp_path: Path, html: str) -> Any:
    write_site(tmp_path, {"index.html": html})
    return await site_server(tmp_path)


async def test_redirect_loop_is_detected(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/redirect-loop'>loop</a>")
    result = await crawl(server.url)
    loop = result_of(result, server.url + "hostile/redirect-loop")
    assert loop.status == "broken" and loop.error == "redirect loop"
    assert server.count("/hostile/redirect-loop") == 1  # loops are not retried


async def test_endless_redirect_chain_stops_at_the_limit(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/redirect-chain/0'>chain</a>")
    result = await crawl(server.url, max_redirects=5)
    chain = result_of(result, server.url + "hostile/redirect-chain/0")
    assert chain.status == "broken" and "more than 5 redirects" in (chain.error or "")
    assert sum(1 for _, p in server.requests if p.startswith("/hostile/redirect-chain/")) == 6


async def test_infinite_calendar_is_bounded_by_page_limit(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/calendar/2020/1'>日历</a>")
    result = await crawl(server.url, max_pages=40, max_depth=1_000)
    assert len(result.pages) == 40
    assert sum(1 for _, p in server.requests if p.startswith("/hostile/calendar/")) <= 40 + 5


async def test_infinite_calendar_is_bounded_by_depth(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/calendar/2020/1'>日历</a>")
    result = await crawl(server.url, max_depth=4)
    assert max(p.depth for p in result.pages) == 4
    assert len(result.pages) <= 1 + 2 + 2 + 2 + 2


async def test_50_mb_body_is_cut_at_the_cap(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/big'>big</a>")
    result = await crawl(server.url, max_body_bytes=1024 * 1024)
    big = next(p for p in result.pages if p.url.endswith("/hostile/big"))
    assert len(big.text) <= 1024 * 1024
    assert big.error == "body cut at the size cap"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_compression_bomb_is_refused(encoding: str, site_server: Any, write_site: Any, tmp_path: Path) -> None:
    bomb = f"hostile/{encoding}-bomb"
    server = await home_linking(site_server, write_site, tmp_path, f"<a href='/{bomb}'>bomb</a>")
    async with Fetcher(FAST) as fetcher:
        response = await fetcher.fetch(server.url + bomb)
    assert response.status == 200 and response.body == b"" and response.truncated
    assert "expands more than 100-fold" in (response.error or "")
    result = await crawl(server.url)
    page = next(p for p in result.pages if p.url.endswith(bomb))
    assert page.text == "" and "compression bomb" in (page.error or "")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_decoded_size_cap_holds_without_the_ratio_check(encoding: str, site_server: Any, write_site: Any,
                                                              tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "")
    config = dataclasses.replace(FAST, max_decoded_bytes=2 * 1024 * 1024, max_compression_ratio=10**9)
    async with Fetcher(config) as fetcher:
        response = await fetcher.fetch(server.url + f"hostile/{encoding}-bomb")
    assert response.status == 200 and response.truncated and response.error is None
    assert len(response.body) == 2 * 1024 * 1024


CRAWL_A_BOMB = """
import asyncio, resource, sys
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler
from dgeval.monitor.fetch import Fetcher

async def main():
    config = CrawlConfig(allow_private=True, external="skip", use_sitemap=False, retries=0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    async with Fetcher(config) as fetcher:
        result = await Crawler(sys.argv[1], config, fetcher).run()
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(len(result.pages), growth // 1024)

asyncio.run(main())
"""


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_crawling_a_bomb_keeps_memory_bounded(encoding: str, site_server: Any, write_site: Any,
                                                     tmp_path: Path) -> None:
    """Peak RSS of a crawler process that meets a bomb grows by less than 100 MB (the bomb is 200 MB)."""
    server = await home_linking(site_server, write_site, tmp_path, f"<a href='/hostile/{encoding}-bomb'>bomb</a>")
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", CRAWL_A_BOMB, server.url,
                                                 stdout=asyncio.subprocess.PIPE)
    out, _ = await asyncio.wait_for(child.communicate(), timeout=120)
    pages, growth_mb = map(int, out.split())
    assert child.returncode == 0 and pages == 2
    assert growth_mb < 100


async def test_slow_drip_times_out_and_the_scan_goes_on(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path,
                                "<a href='/hostile/drip'>drip</a><a href='ok.html'>ok</a>")
    write_site(tmp_path, {"ok.html": "fine"})
    result = await crawl(server.url, total_timeout=1.0, read_timeout=1.0, retries=1)
    drip = result_of(result, server.url + "hostile/drip")
    assert (drip.status, drip.error) == ("broken", "timeout")
    assert server.count("/hostile/drip") == 2  # one retry, then broken
    assert server.url + "ok.html" in [p.url for p in result.pages]


async def test_invalid_gbk_bytes_are_replaced(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/bad-gbk'>bad</a>")
    result = await crawl(server.url, max_pages=3)
    page = next(p for p in result.pages if p.url.endswith("bad-gbk"))
    assert "通知公告" in page.text and "市人民政府" in page.text and "\ufffd" in page.text
    assert page.charset == "gb18030"
    assert page.links[0].text == "日历"


async def test_ten_thousand_links_are_capped(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path, "<a href='/hostile/many-links'>many</a>")
    result = await crawl(server.url, max_links_per_page=5_000, max_pages=50, max_link_checks=100)
    many = next(p for p in result.pages if p.url.endswith("many-links"))
    assert len(many.links) == 5_000 and "more than 5000 links" in (many.error or "")
    assert len(result.pages) == 50
    assert len(server.requests) <= 50 + 100 + 5
    assert sum(1 for r in result.links if r.error == "link-check limit reached") > 0


async def test_wall_time_limit_ends_the_crawl(site_server: Any, write_site: Any, tmp_path: Path) -> None:
    server = await home_linking(site_server, write_site, tmp_path,
                                "<a href='/hostile/drip'>d</a><a href='/hostile/calendar/2020/1'>c</a>")
    result = await crawl(server.url, max_wall_time=1.5, per_host_interval=0.05, total_timeout=30, read_timeout=30)
    assert result.stats.timed_out
    assert result.pages and result.pages[0].url == server.url
