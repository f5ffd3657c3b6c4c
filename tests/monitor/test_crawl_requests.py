"""The crawler requests what a browser requests, byte for byte: WPT URL cases end to end, seen by a raw HTTP server
on loopback that records each request line exactly as it arrived (no framework parsing the target)."""

from __future__ import annotations

import asyncio
import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import ada_url
import pytest

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler
from dgeval.monitor.fetch import Fetcher

WPT_DATA = Path(__file__).parent / "data" / "wpt" / "urltestdata.json"


class RawServer:
    """A minimal HTTP/1.1 server: answers each request from `pages` (target → HTML) or with an empty page, and
    keeps every request target as the bytes on the wire (decoded as Latin-1)."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages
        self.targets: list[str] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                self.targets.append(target)
                status = "404 Not Found" if target == "/robots.txt" else "200 OK"
                body = self.pages.get(target, "<html><body>ok</body></html>").encode()
                writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode() + (b"" if method == "HEAD" else body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[dict[str, str]], Any]]:
    servers: list[asyncio.Server] = []

    async def start(pages: dict[str, str]) -> RawServer:
        raw = RawServer(pages)
        server = await asyncio.start_server(raw.handle, "127.0.0.1", 0)
        servers.append(server)
        raw.port = server.sockets[0].getsockname()[1]
        return raw

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def target_of(parsed: dict[str, str], href: str) -> str:
    """The request target for a parsed URL: path, then the query with its "?" even when empty."""
    return parsed["pathname"] + (parsed["search"] or ("?" if href.split("#", 1)[0].endswith("?") else ""))


def relative_to_host(base: str, href: str) -> bool:
    """Whether `href` takes its host from the base (the parser decides; the expected result stays WPT's)."""
    elsewhere = base.replace(ada_url.parse_url(base)["host"], "elsewhere.invalid", 1)
    try:
        return ada_url.parse_url(ada_url.join_url(elsewhere, href))["host"] == "elsewhere.invalid"
    except ValueError:
        return False


def end_to_end_cases() -> list[dict[str, Any]]:
    """WPT cases a loopback page can carry: an http base without credentials, an input an HTML attribute keeps
    as it is (no NUL or CR, which the HTML parser rewrites), and a result on the base's own host (others would
    leave loopback) or a failure or a same-document reference (then nothing may be requested)."""
    cases = []
    for case in json.loads(WPT_DATA.read_text(encoding="utf-8")):
        if not isinstance(case, dict) or not (case.get("base") or "").startswith("http://"):
            continue
        base = ada_url.parse_url(case["base"])
        if base["username"] or base["password"] or "\x00" in case["input"] or "\r" in case["input"]:
            continue
        if any(0xD800 <= ord(c) <= 0xDFFF or 0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE
               for c in case["input"]):
            continue
        if not case.get("failure") and case["href"].startswith(("http:", "https:")):
            if not relative_to_host(case["base"], case["input"]):
                continue  # names a host of its own: not reachable on loopback
            case["expected_target"] = target_of(case, case["href"])
        case["base_target"] = target_of(base, case["base"])
        cases.append(case)
    return cases


async def test_wpt_cases_are_requested_exactly_end_to_end(raw_server: Any) -> None:
    cases = end_to_end_cases()
    assert len(cases) >= 120
    by_base: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        by_base[case["base_target"]].append(case["input"])
    index = "/wpt-index.html"
    pages = {index: "".join(f"<a href='{html.escape(t)}'>base</a>" for t in by_base)}
    for base_target, inputs in by_base.items():
        pages[base_target] = ("<meta charset=utf-8>"
                              + "".join(f'<a href="{html.escape(href)}">case</a>' for href in inputs))
    server = await raw_server(pages)
    config = CrawlConfig(allow_private=True, external="skip", use_sitemap=False, max_depth=2, max_pages=2_000,
                         per_host=4, per_host_interval=0, retries=0, total_timeout=10, max_wall_time=120)
    async with Fetcher(config) as fetcher:
        await Crawler(f"http://127.0.0.1:{server.port}{index}", config, fetcher).run()
    received = set(server.targets)
    expected = {c["expected_target"] for c in cases if "expected_target" in c}
    missing = [(c["base"], c["input"], c["expected_target"]) for c in cases
               if "expected_target" in c and c["expected_target"] not in received]
    assert missing == []
    # Nothing else was asked for: no case was requested in a wrong form, none that should fetch nothing did.
    assert received - expected - set(pages) - {"/robots.txt"} == set()
