"""A fleet of synthetic government sites on loopback: many ports, one process, for scale tests and benchmarks.

Each site has `pages` pages linked in a chain from a homepage listing them all, a few broken links and a leaked
phone number now and then, so that a scan finds the same problems every time. Every response waits `latency`
seconds first, and each site answers 429 to requests beyond one every `min_interval` seconds (judged over a window of
`WINDOW` intervals; it counts them: `violations`), so a test sees whether the scanners were polite. A site listed in `failing` answers 503 to a share of
its homepage requests (the probes' 故障率). Only 127.0.0.1 is bound; `python -m dgeval.demo.fleet` serves a fleet
until interrupted and prints its URLs, one a line.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from aiohttp import web

HOST = "127.0.0.1"
#: A site's rate limit is judged over WINDOW intervals, with BURST requests of slack.
WINDOW = 10
BURST = 2


@dataclass(slots=True)
class SiteState:
    """One site's counters: requests served, and those that came too soon after the previous one."""

    index: int
    requests: int = 0
    violations: int = 0
    homepage_hits: int = 0
    recent: deque[float] = field(default_factory=deque)


@dataclass(frozen=True, slots=True)
class FleetSpec:
    sites: int
    pages: int = 20
    latency: float = 0.0
    min_interval: float = 0.0
    #: site index → share of homepage requests answered 503 (one in round(1/share))
    failing: Mapping[int, float] = field(default_factory=dict)


def page_html(site: int, page: int, pages: int) -> str:
    """Page PAGE of site SITE (0 is the homepage). Every fifth page links a page that does not exist; every
    seventh names a private applicant with a mobile number."""
    if page == 0:
        items = "".join(f'<li><a href="/p{n}.html">第{n}条 政务公开信息</a> 2020-09-{1 + n % 28:02d}</li>'
                        for n in range(1, pages))
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{site}号县人民政府</title></head>"
                f"<body><h1>{site}号县人民政府门户网站</h1><ul>{items}</ul></body></html>")
    links = f'<a href="/p{page + 1}.html">下一条</a>' if page + 1 < pages else '<a href="/">首页</a>'
    broken = f'<a href="/missing{page}.html">相关文件</a>' if page % 5 == 0 else ""
    phone = f"<p>申请人：张{page}，手机 1390571{site % 10000:04d}</p>" if page % 7 == 0 else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>第{page}条 - {site}号县</title></head>"
            f"<body><p>第{page}条政务信息正文，发布于2020年9月。</p>{phone}{links}{broken}</body></html>")


def site_app(spec: FleetSpec, state: SiteState) -> web.Application:
    fail_every = round(1 / spec.failing[state.index]) if spec.failing.get(state.index) else 0

    async def handle(request: web.Request) -> web.Response:
        now = time.monotonic()
        state.requests += 1
        too_soon = False
        if spec.min_interval > 0:
            # More than WINDOW + BURST requests within WINDOW intervals is faster than the rate allows; the slack
            # forgives the scheduling jitter that bunches a late request with the next one on time.
            window = WINDOW * spec.min_interval
            while state.recent and now - state.recent[0] > window:
                state.recent.popleft()
            state.recent.append(now)
            too_soon = len(state.recent) > WINDOW + BURST
        if spec.latency:
            await asyncio.sleep(spec.latency)
        if too_soon:
            state.violations += 1
            return web.Response(status=429, text="too many requests", headers={"Retry-After": "1"})
        path = request.path
        if path == "/":
            state.homepage_hits += 1
            if fail_every and state.homepage_hits % fail_every == 0:
                return web.Response(status=503, text="service unavailable")
            return web.Response(text=page_html(state.index, 0, spec.pages), content_type="text/html")
        if path.startswith("/p") and path.endswith(".html") and path[2:-5].isdigit():
            number = int(path[2:-5])
            if 0 < number < spec.pages:
                return web.Response(text=page_html(state.index, number, spec.pages), content_type="text/html")
        if path == "/robots.txt":
            return web.Response(text="User-agent: *\nAllow: /\n", content_type="text/plain")
        return web.Response(status=404, text="404 页面不存在", content_type="text/plain")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


class Fleet:
    """The fleet's sites, served from one background thread until `stop()` (or the end of a `with` block)."""

    def __init__(self, spec: FleetSpec) -> None:
        self.spec = spec
        self.states = [SiteState(index) for index in range(spec.sites)]
        self.urls: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runners: list[web.AppRunner] = []

    def start(self) -> list[str]:
        ready = threading.Event()
        errors: list[BaseException] = []

        def serve() -> None:
            loop = self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._start_all())
            except BaseException as exc:  # reported to start()'s caller
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._stop_all())
            loop.close()

        self._thread = threading.Thread(target=serve, name="dgeval-fleet", daemon=True)
        self._thread.start()
        ready.wait(120)
        if errors:
            raise errors[0]
        return self.urls

    async def _start_all(self) -> None:
        for state in self.states:
            runner = web.AppRunner(site_app(self.spec, state), access_log=None, handle_signals=False,
                                   shutdown_timeout=0.5)
            await runner.setup()
            site = web.TCPSite(runner, HOST, 0, backlog=64)
            await site.start()
            self._runners.append(runner)
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self.urls.append(f"http://{HOST}:{port}/")

    async def _stop_all(self) -> None:
        for runner in self._runners:
            await runner.cleanup()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(30)
        self._loop = None

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.states)

    @property
    def violations(self) -> int:
        return sum(s.violations for s in self.states)

    def __enter__(self) -> Fleet:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a fleet of synthetic sites on loopback.")
    parser.add_argument("--sites", type=int, default=30)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--min-interval", type=float, default=0.0)
    args = parser.parse_args()
    fleet = Fleet(FleetSpec(args.sites, args.pages, args.latency, args.min_interval))
    for url in fleet.start():
        print(url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fleet.stop()


if __name__ == "__main__":
    main()
