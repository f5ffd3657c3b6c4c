"""Serve the demo portals on loopback, each on its own port, from one background thread (aiohttp).

The platform scans them (allow_private, external skip) and later rechecks them, so they live as long as the process:
`DemoSites.start()` returns once every site listens, `stop()` shuts them down. Only 127.0.0.1 is ever bound.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Mapping

from aiohttp import web

from dgeval.demo.sites import DEMO_SITES, Resource, SiteSpec, build_site, search_page


@dataclass(frozen=True, slots=True)
class RunningSite:
    spec: SiteSpec
    url: str  # http://127.0.0.1:<port>/
    # What the site serves, by path: the demo edits a page here to show a webmaster's fix (整改) being rechecked.
    # Rebuilt from the spec when the sites start again.
    resources: dict[str, Resource] = field(default_factory=dict, compare=False, repr=False)

    def page_replace(self, path: str, old: bytes, new: bytes) -> bool:
        """Serve PATH with OLD replaced by NEW from now on; False when PATH does not hold OLD."""
        current = self.resources.get(path)
        if current is None or old not in current.body:
            return False
        self.resources[path] = Resource(current.body.replace(old, new), current.content_type, current.status)
        return True


def _app(spec: SiteSpec, resources: dict[str, Resource]) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        if request.path == "/search":
            res = search_page(spec, resources, request.query.get("q", "").strip())
        else:
            res = resources.get(request.path)
        if res is None:
            return web.Response(status=404, text="404 页面不存在", content_type="text/plain", charset="utf-8")
        return web.Response(status=res.status, body=res.body, headers={"Content-Type": res.content_type})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


class DemoSites:
    """The demo portals, served until `stop()` (or the end of a `with` block)."""

    def __init__(self, as_of: dt.date, specs: tuple[SiteSpec, ...] = DEMO_SITES, host: str = "127.0.0.1",
                 ports: Mapping[str, int] | None = None) -> None:
        """PORTS (site key → port) binds sites where an earlier run had them, so stored URLs stay valid."""
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError(f"demo sites bind loopback only (got host={host!r})")
        self.as_of = as_of
        self.specs = specs
        self.host = host
        self.ports = dict(ports or {})
        self.sites: list[RunningSite] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runners: list[web.AppRunner] = []

    def start(self) -> list[RunningSite]:
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._start_all())
            except BaseException as exc:  # reported to the caller of start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._stop_all())
            loop.close()

        self._thread = threading.Thread(target=serve, name="dgeval-demo-sites", daemon=True)
        self._thread.start()
        ready.wait(timeout=30)
        if failure:
            raise failure[0]
        return self.sites

    async def _start_all(self) -> None:
        for spec in self.specs:
            resources = build_site(spec, self.as_of)
            runner = web.AppRunner(_app(spec, resources), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.ports.get(spec.key, 0))
            try:
                await site.start()
            except OSError as exc:
                await runner.cleanup()
                raise OSError(exc.errno, f"演示网站 {spec.name} 无法使用端口 {self.ports.get(spec.key)}：{exc.strerror}"
                                         "（请结束占用该端口的程序，或用 --reset 重建演示）") from exc
            self._runners.append(runner)
            port = runner.addresses[0][1]
            self.sites.append(RunningSite(spec=spec, url=f"http://{self.host}:{port}/", resources=resources))

    async def _stop_all(self) -> None:
        for runner in self._runners:
            await runner.cleanup()
        self._runners.clear()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop = None
        self._thread = None

    def __enter__(self) -> DemoSites:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
