"""Fetcher and document decoding units: Retry-After, content encodings, charsets, URL resolution, attachments."""

from __future__ import annotations

import email.utils
import time
import zlib
from pathlib import Path
from typing import Any

import brotli
import pytest

from dgeval.monitor.attachments import attachment_kind
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.fetch import Fetcher, retry_after_seconds
from dgeval.monitor.transport import target_of
from dgeval.monitor.page import decode, parse_html, resolve


def test_retry_after_seconds_and_dates_are_capped() -> None:
    assert retry_after_seconds("3", cap=10) == 3
    assert retry_after_seconds("3600", cap=10) == 10
    later = email.utils.formatdate(time.time() + 5, usegmt=True)
    assert 3 <= (retry_after_seconds(later, cap=10) or 0) <= 5
    assert retry_after_seconds("soon", cap=10) is None and retry_after_seconds(None, cap=10) is None


@pytest.mark.parametrize("encoding, compress", [
    ("br", lambda b: brotli.compress(b)),
    ("gzip", lambda b: zlib.compress(b, wbits=31)),
    ("deflate", lambda b: zlib.compress(b)),
    ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as some servers send it
])
async def test_content_encodings_are_decoded(encoding: str, compress: Any, site_server: Any, tmp_path: Path) -> None:
    from aiohttp import web

    body = "<p>政府信息公开</p>".encode() * 100
    server = await site_server(tmp_path)
    write = tmp_path / "page.bin"
    write.write_bytes(compress(body))
    # The static route serves bytes as stored; wrap them with the encoding header through a one-off app.
    app = web.Application()
    accepted: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        accepted.append(request.headers.get("Accept-Encoding", ""))
        return web.Response(body=write.read_bytes(), headers={"Content-Encoding": encoding,
                                                              "Content-Type": "text/html"})

    app.router.add_get("/", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        async with Fetcher(CrawlConfig(allow_private=True, retries=0)) as fetcher:
            response = await fetcher.fetch(f"http://127.0.0.1:{port}/")
    finally:
        await runner.cleanup()
    assert response.body == body and not response.truncated
    assert server.requests == []
    assert accepted == ["gzip, deflate, br"]  # what is asked for is what is decoded


@pytest.mark.parametrize("url, target", [
    ("http://a.gov.cn/list?", "/list?"),  # an empty query is sent
    ("http://a.gov.cn/?#top", "/?"),
    ("http://a.gov.cn/a/./b/%2e%2E/c?x=%7e+y|`{}", "/a/./b/%2e%2E/c?x=%7e+y|`{}"),  # nothing normalized again
    ("http://a.gov.cn/%E6%94%BF?q=%CD%A8", "/%E6%94%BF?q=%CD%A8"),
])
def test_request_url_keeps_the_serialization(url: str, target: str) -> None:
    assert target_of(url).target == target


@pytest.mark.parametrize("body, content_type, expected_charset", [
    ("<meta charset='utf-8'>通知公告".encode(), "text/html", "utf-8"),
    ("<meta charset='gbk'>通知公告".encode("gbk"), "text/html", "gb18030"),
    ("通知公告".encode("gb2312"), "text/html; charset=GB2312", "gb18030"),
    ("<p>頤和園</p>".encode("big5"), "text/html; charset=big5", "big5hkscs"),  # WHATWG Big5 is Big5-HKSCS
    ("通知公告".encode("utf-8-sig"), "text/html; charset=gbk", "utf-8-sig"),  # a BOM wins
    # A header that the bytes contradict (server default) gives way to the page's own declaration.
    ("<meta charset='gbk'>通知公告".encode("gbk"), "text/html; charset=utf-8", "gb18030"),
])
def test_charset_detection(body: bytes, content_type: str, expected_charset: str) -> None:
    text, charset = decode(body, content_type)
    assert charset == expected_charset
    assert "\ufffd" not in text


def test_gb18030_only_characters_survive_a_gbk_label() -> None:
    name = "王䶮"  # 䶮 is outside GBK, common in personal names
    text, _ = decode(name.encode("gb18030"), "text/html; charset=gbk")
    assert text == name


@pytest.mark.parametrize("base, href, expected", [
    ("http://a.gov.cn/x/y.html", "z.html#frag", "http://a.gov.cn/x/z.html"),
    ("http://a.gov.cn/x/y.html", "../z.html", "http://a.gov.cn/z.html"),
    ("http://a.gov.cn/x/y.html?p=1/2", "/root.html", "http://a.gov.cn/root.html"),
    ("https://a.gov.cn/x/", "//b.gov.cn/p", "https://b.gov.cn/p"),
    ("http://a.gov.cn/x/y.html", "?page=2", "http://a.gov.cn/x/y.html?page=2"),
    ("http://a.gov.cn/", "HTTP://WWW.GOV.CN", "http://www.gov.cn/"),
    ("http://a.gov.cn/", "javascript:;", None),
    ("http://a.gov.cn/", "mailto:x@a.gov.cn", None),
    ("http://a.gov.cn/", "ftp://a.gov.cn/f", None),
    ("http://a.gov.cn/", "http://[bad", None),
])
def test_resolve(base: str, href: str, expected: str | None) -> None:
    assert resolve(base, href) == expected


def test_links_are_capped_per_page() -> None:
    html = "".join(f"<a href='/p{i}'>{i}</a>" for i in range(30)).encode()
    parsed = parse_html(html, "text/html", "http://a.gov.cn/", 10)
    assert len(parsed.links) == 10 and parsed.truncated_links


def test_preconnect_links_are_not_resources() -> None:
    parsed = parse_html(b"<link rel='preconnect' href='//cdn.example'><link rel='stylesheet' href='s.css'>",
                        "text/html", "http://a.gov.cn/")
    assert [u for u, _, _ in parsed.links] == ["http://a.gov.cn/s.css"]


def test_attachment_kind() -> None:
    assert attachment_kind("http://a/b/file.PDF?x=1") == ".pdf"
    assert attachment_kind("http://a/b/download", "application/msword") == ".doc"
    assert attachment_kind("http://a/b/page.html", "text/plain") is None
    assert attachment_kind("http://a/b/logo.png") is None
