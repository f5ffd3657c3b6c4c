"""Per-host politeness shared by fetchers: in one process (HostSpacing) and across processes (RedisHostSpacing)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.probes import probe_target
from dgeval.monitor.ratelimit import HostSpacing, RateLimiter, RedisHostSpacing

INTERVAL = 0.08
CONFIG = CrawlConfig(allow_private=True, retries=0, per_host=8)


class StampedServer:
    """A loopback server that notes when each request arrived."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.arrivals.append(time.monotonic())
        return web.Response(text="<p>ok</p>", content_type="text/html")


    async def start(self) -> web.AppRunner:
        """Listen on a free loopback port (in the running event loop); the caller cleans the runner up."""
        app = web.Application()
        app.router.add_get("/{tail:.*}", self.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"  # type: ignore[union-attr]
        return runner


@pytest.fixture
async def stamped() -> AsyncIterator[StampedServer]:
    server = StampedServer()
    runner = await server.start()
    yield server
    await runner.cleanup()


def gaps(arrivals: list[float]) -> list[float]:
    ordered = sorted(arrivals)
    return [b - a for a, b in zip(ordered, ordered[1:])]


def assert_spaced(arrivals: list[float]) -> None:
    """Starts are reserved INTERVAL apart; arrivals jitter with the scheduler (a request delayed in transit lands
    close to the next one on time), so: no two at once, at most one pair closer than half the interval, and the whole
    run as long as the reservations make it. Unlimited requests would all land within a few milliseconds."""
    assert min(gaps(arrivals)) >= INTERVAL / 5
    assert sum(1 for gap in gaps(arrivals) if gap < INTERVAL / 2) <= 1
    assert max(arrivals) - min(arrivals) >= (len(arrivals) - 1) * INTERVAL * 0.95


async def fetch_many(url: str, limiter: RateLimiter, count: int) -> None:
    async with Fetcher(CONFIG, limiter=limiter) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{url}p{i}.html") for i in range(count)))


async def test_two_fetchers_sharing_a_limiter_space_their_requests(stamped: StampedServer) -> None:
    limiter = HostSpacing(INTERVAL)
    await asyncio.gather(fetch_many(stamped.url, limiter, 4), fetch_many(stamped.url, limiter, 4))
    assert len(stamped.arrivals) == 8
    assert_spaced(stamped.arrivals)


async def test_without_a_limiter_requests_come_together(stamped: StampedServer) -> None:
    async with Fetcher(CONFIG) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{stamped.url}p{i}.html") for i in range(8)))
    assert min(gaps(stamped.arrivals)) < INTERVAL / 2


async def test_a_probe_takes_its_turn_with_the_scans(stamped: StampedServer) -> None:
    limiter = HostSpacing(INTERVAL)
    import socket

    record, _ = await asyncio.gather(
        probe_target(stamped.url, socket.AF_INET, timeout=5, allow_private=True, user_agent="t", limiter=limiter),
        fetch_many(stamped.url, limiter, 3),
    )
    assert record["ok"] is True
    assert_spaced(stamped.arrivals)


def test_redis_limiter_spaces_requests_of_workers_in_other_threads(redis_url: str, stamped_thread: Any) -> None:
    import redis

    client = redis.Redis.from_url(redis_url.replace("redis+socket://", "unix://"))
    limiters = [RedisHostSpacing(client, INTERVAL, prefix=f"test:{time.time()}:") for _ in range(2)]
    limiters[1]._prefix = limiters[0]._prefix  # two workers of one fleet: one key space
    threads = [threading.Thread(target=asyncio.run, args=(fetch_many(stamped_thread.url, lim, 4),))
               for lim in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(stamped_thread.arrivals) == 8
    assert_spaced(stamped_thread.arrivals)


@pytest.fixture
def stamped_thread() -> Any:
    """A StampedServer on its own thread's event loop, for tests whose clients run in other threads."""
    server = StampedServer()
    ready = threading.Event()
    loop = asyncio.new_event_loop()

    holder: dict[str, web.AppRunner] = {}

    def serve() -> None:
        asyncio.set_event_loop(loop)
        holder["runner"] = loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    yield server
    asyncio.run_coroutine_threadsafe(holder["runner"].cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()
