"""A loopback fixture-site server for monitor tests: serves a directory plus hostile routes, and logs every request.

Usage in a test (any file under tests/monitor):

    async def test_something(site_server, tmp_path):
        write_site(tmp_path, {"index.html": "<a href='a.html'>a</a>", "a.html": "…"})
        server = await site_server(tmp_path)              # http://127.0.0.1:<port>/
        ...; assert ("GET", "/a.html") in server.requests

`site_server(root, host="127.0.0.2", charset="gbk")` serves on another loopback address (a second "host" for
external-link tests) and labels .html responses with a charset header (None: no charset in Content-Type).

Hostile routes (under /hostile/): redirect-loop, redirect-chain/{n}, calendar/{year}/{month} (infinite links),
big (50 MB), gzip-bomb, deflate-bomb and br-bomb (≈200 MB of zeros, ≈200 KB or less on the wire), drip (one byte every 0.2 s, forever),
bad-gbk (GBK page with invalid bytes), many-links (10,000 links). Others: /status/{code}[?retry_after=S],
/flaky/{key}?fail=N&code=503[&retry_after=S] (fails N times, then 200), /head-405 (HEAD 405, GET 200),
/redirect?to=URL (302).
Everything listens on loopback only and each stream route stops when the client goes away.
"""

from __future__ import annotations

import asyncio
import functools
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable

import brotli
import pytest
from aiohttp import web

BIG_BODY_BYTES = 50 * 1024 * 1024
BOMB_DECODED_BYTES = 200 * 1024 * 1024
MANY_LINKS = 10_000
CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".xml": "application/xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".css": "text/css", ".js": "application/javascript",
    ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".doc": "application/msword",
}

#: wbits of each zlib-based bomb: gzip header, zlib header ("deflate" as the RFC means it).
BOMB_WBITS = {"gzip": 31, "deflate": 15}


@functools.cache
def compression_bomb(encoding: str) -> bytes:
    """≈200 MB of zeros compressed with `encoding` ("gzip", "deflate" or "br"), built once per test session."""
    block = bytes(1024 * 1024)
    if encoding == "br":
        brotli_compressor = brotli.Compressor(quality=5)
        parts = [brotli_compressor.process(block) for _ in range(BOMB_DECODED_BYTES // len(block))]
        return b"".join(parts) + brotli_compressor.finish()
    compressor = zlib.compressobj(9, zlib.DEFLATED, BOMB_WBITS[encoding])
    parts = [compressor.compress(block) for _ in range(BOMB_DECODED_BYTES // len(block))]
    return b"".join(parts) + compressor.flush()


def write_site(root: Path, pages: dict[str, str | bytes], *, encoding: str = "utf-8") -> Path:
    """Write a fixture site: {relative path: content}; str content is encoded with `encoding`."""
    for rel, content in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return root


@dataclass
class FixtureServer:
    """A running fixture site."""

    host: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path with query)
    user_agents: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def count(self, path: str, method: str | None = None) -> int:
        return sum(1 for m, p in self.requests if p == path and (method is None or m == method))


def build_app(root: Path | None, server: FixtureServer, charset: str | None) -> web.Application:
    flaky: dict[str, int] = {}

    @web.middleware
    async def log_requests(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                           ) -> web.StreamResponse:
        server.requests.append((request.method, request.path_qs))
        server.user_agents.append(request.headers.get("User-Agent", ""))
        return await handler(request)

    async def static(request: web.Request) -> web.StreamResponse:
        if root is None:
            raise web.HTTPNotFound()
        rel = request.match_info["path"]
        path = (root / rel).resolve()
        if not path.is_relative_to(root.resolve()):
            raise web.HTTPNotFound()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            raise web.HTTPNotFound(text="<html><body>not found</body></html>", content_type="text/html")
        ctype = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        if ctype == "text/html" and charset:
            ctype += f"; charset={charset}"
        body = b"" if request.method == "HEAD" else path.read_bytes()
        headers = {"Content-Type": ctype}
        if request.method == "HEAD":
            headers["Content-Length"] = str(path.stat().st_size)
        return web.Response(body=body, headers=headers)

    async def redirect_loop(request: web.Request) -> web.StreamResponse:
        target = "/hostile/redirect-loop2" if request.path.endswith("loop") else "/hostile/redirect-loop"
        raise web.HTTPFound(target)

    async def redirect_chain(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/hostile/redirect-chain/{int(request.match_info['n']) + 1}")

    async def redirect(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(request.query["to"])

    async def calendar(request: web.Request) -> web.StreamResponse:
        year, month = int(request.match_info["year"]), int(request.match_info["month"])
        nxt = (year + month // 12, month % 12 + 1)
        prev = (year - (month == 1), 12 if month == 1 else month - 1)
        html = (f"<html><head><title>日历 {year}-{month}</title></head><body>"
                f"<a href='/hostile/calendar/{nxt[0]}/{nxt[1]}'>下月</a>"
                f"<a href='/hostile/calendar/{prev[0]}/{prev[1]}'>上月</a></body></html>")
        return web.Response(text=html, content_type="text/html")

    async def big(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.content_length = BIG_BODY_BYTES
        await response.prepare(request)
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            while sent < BIG_BODY_BYTES:
                piece = chunk[: BIG_BODY_BYTES - sent]
                await response.write(piece)
                sent += len(piece)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def bomb(request: web.Request) -> web.StreamResponse:
        encoding = request.match_info["encoding"]
        return web.Response(body=compression_bomb(encoding),
                            headers={"Content-Type": "text/html", "Content-Encoding": encoding})

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        try:
            for _ in range(10_000):  # bounded even if nobody hangs up: ≈ 33 minutes
                await response.write(b"x")
                await asyncio.sleep(0.2)
        except (ConnectionError, RuntimeError):
            pass
        return response

    async def bad_gbk(request: web.Request) -> web.StreamResponse:
        body = ("<html><head><title>无效字节测试</title></head><body><p>通知公告".encode("gbk") + b"\xff\xfe\x81"
                + "市人民政府</p><a href='/hostile/calendar/2020/1'>日历</a></body></html>".encode("gbk"))
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=gbk"})

    async def many_links(request: web.Request) -> web.StreamResponse:
        links = "".join(f"<a href='/hostile/many/{i}'>{i}</a>" for i in range(MANY_LINKS))
        return web.Response(text=f"<html><body>{links}</body></html>", content_type="text/html")

    async def many_target(request: web.Request) -> web.StreamResponse:
        return web.Response(text="<html><body>ok</body></html>", content_type="text/html")

    async def status(request: web.Request) -> web.StreamResponse:
        headers = {"Retry-After": request.query["retry_after"]} if "retry_after" in request.query else {}
        return web.Response(status=int(request.match_info["code"]), text="status", headers=headers)

    async def flaky_route(request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        flaky[key] = flaky.get(key, 0) + 1
        if flaky[key] <= int(request.query.get("fail", "1")):
            headers = {"Retry-After": request.query["retry_after"]} if "retry_after" in request.query else {}
            return web.Response(status=int(request.query.get("code", "503")), text="busy", headers=headers)
        return web.Response(text="<html><body>ok</body></html>", content_type="text/html")

    async def head_405(request: web.Request) -> web.StreamResponse:
        if request.method == "HEAD":
            return web.Response(status=405)
        return web.Response(body=b"\x89PNG", content_type="image/png")

    app = web.Application(middlewares=[log_requests])
    app.router.add_get("/hostile/redirect-loop", redirect_loop)
    app.router.add_get("/hostile/redirect-loop2", redirect_loop)
    app.router.add_get("/hostile/redirect-chain/{n}", redirect_chain)
    app.router.add_get("/hostile/calendar/{year}/{month}", calendar)
    app.router.add_get("/hostile/big", big)
    app.router.add_get("/hostile/{encoding:gzip|deflate|br}-bomb", bomb)
    app.router.add_get("/hostile/drip", drip)
    app.router.add_get("/hostile/bad-gbk", bad_gbk)
    app.router.add_get("/hostile/many-links", many_links)
    app.router.add_get("/hostile/many/{i}", many_target)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/flaky/{key}", flaky_route)
    app.router.add_get("/redirect", redirect)
    app.router.add_route("*", "/head-405", head_405)
    app.router.add_get("/{path:.*}", static)  # GET also answers HEAD
    return app


SiteServerFactory = Callable[..., Awaitable[FixtureServer]]


@pytest.fixture
async def site_server() -> AsyncIterator[SiteServerFactory]:
    """Factory fixture: `await site_server(root_dir, host="127.0.0.1", charset="utf-8")` → a running FixtureServer."""
    runners: list[web.AppRunner] = []

    async def start(root: Path | None = None, *, host: str = "127.0.0.1", charset: str | None = "utf-8"
                    ) -> FixtureServer:
        server = FixtureServer(host, 0)
        runner = web.AppRunner(build_app(root, server, charset), handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, host, 0)
        await site.start()
        runners.append(runner)
        sockets = site._server.sockets if site._server is not None else []  # type: ignore[union-attr]
        server.port = sockets[0].getsockname()[1]
        return server

    yield start
    for runner in runners:
        await runner.cleanup()


@pytest.fixture(name="write_site")
def write_site_fixture() -> Callable[..., Path]:
    """`write_site(root, {path: content}, encoding="gbk")` as a fixture, so test modules need no imports from here."""
    return write_site
