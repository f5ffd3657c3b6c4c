"""Per-host politeness shared beyond one crawl: a `RateLimiter` spaces the requests to each host.

A `Fetcher` already spaces its own requests (`per_host`, `per_host_interval`); a limiter spaces them across every
fetcher that shares it: the scans and probes of one process (`HostSpacing`), or of every worker of a fleet
(`RedisHostSpacing`, one reservation per request in Redis). Both reserve the next free start time of the host, as a
token bucket of one token refilled every `interval` seconds does, so no two callers ever start requests to one host
closer than `interval` apart, whatever process they run in.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Protocol

import ada_url


def site_key(url: str) -> str:
    """What a limiter spaces requests by: the URL's host with its port (one server, one site), lowercased."""
    try:
        return str(ada_url.parse_url(url, attributes=("host",))["host"]).lower()
    except ValueError:
        return ""


class RateLimiter(Protocol):
    """Waits until a request to HOST (a `site_key`) may start; callers await it right before they send."""

    async def acquire(self, host: str) -> None: ...


class HostSpacing:
    """In-process limiter: thread-safe, usable from any event loop (each scan runs its own)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def reserve(self, host: str) -> float:
        """Seconds to wait before the reserved start; reserves it."""
        now = time.monotonic()
        with self._lock:
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + self.interval
        return start - now

    async def acquire(self, host: str) -> None:
        if self.interval <= 0:
            return
        delay = self.reserve(host)
        if delay > 0:
            await asyncio.sleep(delay)


# KEYS[1] = the host's key; ARGV[1] = interval in microseconds. Redis's own clock is the fleet's one clock, so
# workers on hosts whose clocks differ still space their requests right.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nxt)
redis.call('SET', KEYS[1], start + interval, 'PX', math.floor((start + interval - now) / 1000) + 1000)
return start - now
"""


class RedisHostSpacing:
    """Fleet-wide limiter: the next free start of each host lives in Redis and is reserved atomically (a Lua script).

    CLIENT is a `redis.Redis` (synchronous: the round trip is short, and the clients of one process share it across
    threads and event loops); the reservation runs in a thread so the event loop never waits on the network.
    """

    def __init__(self, client: Any, interval: float, *, prefix: str = "dgeval:host:") -> None:
        self.interval = interval
        self._script = client.register_script(_RESERVE)
        self._prefix = prefix

    def reserve(self, host: str) -> float:
        wait_us = int(self._script(keys=[self._prefix + host], args=[int(self.interval * 1_000_000)]))
        return wait_us / 1_000_000

    async def acquire(self, host: str) -> None:
        if self.interval <= 0:
            return
        delay = await asyncio.to_thread(self.reserve, host)
        if delay > 0:
            await asyncio.sleep(delay)
