"""HTTP fetching with politeness, retries, redirects and hard caps.

One `Fetcher` per scan owns the connection pool (`transport`). Every request:
- waits for a per-host slot (at most `per_host` at a time, `per_host_interval` seconds apart), a global one and,
  when given a `RateLimiter`, the turn of the host among every fetcher sharing it (other scans, other workers);
- follows redirects itself, so each hop passes the SSRF guard and a loop or a chain longer than `max_redirects`
  ends with an error instead of a hang;
- sends the URL exactly as serialized by the WHATWG parser (`transport.target_of`): no re-quoting, an empty query
  kept;
- streams the body with running counters of wire bytes and decoded bytes: a 50 MB body stops at the size cap, and
  gzip, deflate and brotli are decoded here in bounded steps (`body_decoder`), so a compression bomb is refused once
  it expands past `max_compression_ratio`, with at most one step of output in memory beyond what was kept;
- is retried with exponential backoff on timeouts, dropped connections, 429 and 5xx, honouring Retry-After up to a
  cap. Nothing here raises for a bad response: the outcome is a `Response` with `status` or `error` set.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal

import brotli

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.page import host_of, resolve
from dgeval.monitor.ratelimit import RateLimiter, site_key
from dgeval.monitor.safety import GuardedResolver, RefusedAddress, RefusedTarget, check_literal_host
from dgeval.monitor.transport import (
    ConnectError, ConnectionPool, Disconnected, DnsError, ProtocolError, Response as Answer,
)
from dgeval.monitor.warc import WarcArchive

log = logging.getLogger(__name__)

Method = Literal["GET", "HEAD"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate, br"
#: output of one decompression step: the most a bomb can add to memory before the counters see it.
INFLATE_STEP = 256 * 1024
#: the ratio check starts past this many decoded bytes: tiny bodies of repeated markup compress very well.
RATIO_FLOOR = 1024 * 1024
#: headers of a Response worth keeping (the rest are dropped to keep 10,000 pages small).
KEPT_HEADERS = frozenset(
    {
        "content-type", "content-length", "last-modified", "date", "server", "location", "retry-after",
        "strict-transport-security", "content-security-policy", "x-content-type-options", "x-frame-options",
        "referrer-policy", "permissions-policy", "x-xss-protection", "content-encoding", "etag", "cache-control",
    }
)


@dataclass(slots=True)
class Response:
    """The outcome of one request after redirects and retries. `error` is set when no HTTP status was obtained, or
    when the body was refused (then `status` is set and `body` is empty)."""

    url: str
    final_url: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed_ms: float = 0.0
    error: str | None = None
    truncated: bool = False
    redirects: tuple[str, ...] = ()
    refused: bool = False  # the SSRF guard refused the target or a redirect

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(slots=True)
class FetchStats:
    requests: int = 0
    bytes: int = 0  # bytes received on the wire (bodies)
    retries: int = 0


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), capped; None if absent or unparsable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), cap))


class _HostGate:
    """Per-host concurrency and minimum spacing between request starts."""

    __slots__ = ("semaphore", "next_start", "interval")

    def __init__(self, limit: int, interval: float) -> None:
        self.semaphore = asyncio.Semaphore(limit)
        self.next_start = 0.0
        self.interval = interval

    async def wait_turn(self) -> None:
        if self.interval <= 0:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, self.next_start)
        self.next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)


class Fetcher:
    """Owns the session; use as `async with Fetcher(config) as fetcher:`."""

    def __init__(
        self, config: CrawlConfig, *, archive: WarcArchive | None = None, limiter: RateLimiter | None = None
    ) -> None:
        self.config = config
        self.archive = archive
        self.limiter = limiter
        self.stats = FetchStats()
        self._pool: ConnectionPool | None = None
        self._gates: dict[str, _HostGate] = {}
        self._host_intervals: dict[str, float] = defaultdict(float)
        self._global = asyncio.Semaphore(config.concurrency)
        self._headers = (
            ("User-Agent", config.user_agent),
            ("Accept-Encoding", ACCEPT_ENCODING),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"),
        )

    async def __aenter__(self) -> Fetcher:
        self._pool = ConnectionPool(
            resolver=GuardedResolver(allow_private=self.config.allow_private),
            connect_timeout=self.config.connect_timeout, read_timeout=self.config.read_timeout,
            idle_per_origin=self.config.per_host, idle_total=self.config.concurrency,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._pool is not None:
            await self._pool.close()
        self._pool = None

    def set_host_interval(self, host: str, seconds: float) -> None:
        """Slow down one host (e.g. its robots.txt Crawl-delay), never below the configured interval."""
        self._host_intervals[host] = max(seconds, self.config.per_host_interval)
        if host in self._gates:
            self._gates[host].interval = self._host_intervals[host]

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            interval = self._host_intervals.get(host, self.config.per_host_interval)
            gate = self._gates[host] = _HostGate(self.config.per_host, interval)
        return gate

    async def fetch(
        self,
        url: str,
        *,
        method: Method = "GET",
        max_bytes: int | None = None,
        read_body: bool = True,
        retries: int | None = None,
    ) -> Response:
        """Fetch with redirects and retries. Never raises for network or HTTP trouble."""
        retries = self.config.retries if retries is None else retries
        attempt = 0
        while True:
            response = await self._follow(url, method, max_bytes, read_body)
            if attempt >= retries or response.refused or not self._retryable(response):
                return response
            delay = self.config.backoff_base * (2**attempt)
            if response.status in (429, 503):
                after = retry_after_seconds(response.headers.get("retry-after"), self.config.retry_after_cap)
                if after is not None:
                    delay = after
            attempt += 1
            self.stats.retries += 1
            await asyncio.sleep(delay)

    @staticmethod
    def _retryable(response: Response) -> bool:
        if response.status is not None:
            return response.status in RETRY_STATUSES
        error = response.error or ""
        return error.startswith(("timeout", "disconnected"))

    async def _follow(self, url: str, method: Method, max_bytes: int | None, read_body: bool) -> Response:
        chain: list[str] = []
        current = url
        started = time.perf_counter()
        while True:
            response = await self._exchange(url, current, method, max_bytes, read_body)
            response.redirects = tuple(chain)
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                response.elapsed_ms = (time.perf_counter() - started) * 1000
                return response
            target = resolve(current, location)
            if target is None:
                response.error = f"redirect to unusable location {location[:200]!r}"
                return response
            chain.append(current)
            if target in chain or target == current:
                return Response(url, target, None, error="redirect loop", redirects=tuple(chain),
                                elapsed_ms=(time.perf_counter() - started) * 1000)
            if len(chain) > self.config.max_redirects:
                return Response(url, target, None, error=f"more than {self.config.max_redirects} redirects",
                                redirects=tuple(chain), elapsed_ms=(time.perf_counter() - started) * 1000)
            current = target

    async def _exchange(
        self,
        original: str,
        url: str,
        method: Method,
        max_bytes: int | None,
        read_body: bool,
    ) -> Response:
        """One request/response, no redirects, no retries."""
        assert self._pool is not None, "use Fetcher as an async context manager"
        if len(url) > self.config.max_url_length:
            return Response(original, url, None, error=f"URL longer than {self.config.max_url_length} characters")
        host = host_of(url)
        gate = self._gates.get(host)
        if gate is None:  # a host with a gate passed this check (parsed as an IP at every request: 2 % of a crawl)
            try:
                check_literal_host(host, allow_private=self.config.allow_private)
            except RefusedTarget as exc:
                return Response(original, url, None, error=str(exc), refused=True)
            gate = self._gate(host)
        cap = max_bytes if max_bytes is not None else self.config.max_body_bytes
        async with gate.semaphore:
            await gate.wait_turn()
            if self.limiter is not None:
                await self.limiter.acquire(site_key(url))
            async with self._global:
                return await self._send(original, url, method, cap, read_body)

    async def _send(self, original: str, url: str, method: Method, cap: int, read_body: bool) -> Response:
        assert self._pool is not None
        self.stats.requests += 1
        try:
            async with asyncio.timeout(self.config.total_timeout):
                async with self._pool.exchange(method, url, self._headers) as resp:
                    headers = _keep_headers(resp.headers)
                    status = resp.status
                    body = b""
                    truncated = False
                    raw = b""
                    wants_body = read_body and method != "HEAD" and status not in REDIRECT_STATUSES
                    error = None
                    if wants_body:
                        try:
                            body, raw, truncated = await self._read_capped(resp, cap)
                        except _Refused as exc:
                            error, truncated = str(exc), True
                    if self.archive is not None:
                        self.archive.record(
                            method=method, url=url, request_headers=self._headers, status=status,
                            reason=resp.reason, payload=raw, truncated=truncated,
                            response_headers=[(k, v) for k, v in resp.headers if k.lower() != "transfer-encoding"],
                        )
                    return Response(original, url, status, headers, body, truncated=truncated, error=error)
        except TimeoutError:
            return Response(original, url, None, error="timeout")
        except RefusedAddress as exc:
            return Response(original, url, None, error=str(exc), refused=True)
        except DnsError as exc:
            return Response(original, url, None, error=f"dns: {exc}")
        except ConnectError as exc:
            return Response(original, url, None, error=f"connect: {exc}")
        except (Disconnected, OSError) as exc:  # reset, broken pipe: after the connection was made
            return Response(original, url, None, error=f"disconnected: {exc}")
        except ProtocolError as exc:
            return Response(original, url, None, error=f"invalid response: {exc}")
        except ValueError as exc:
            return Response(original, url, None, error=f"invalid URL: {exc}")

    async def _read_capped(self, resp: Answer, cap: int) -> tuple[bytes, bytes, bool]:
        """(decoded body, wire bytes, truncated). Stops reading once either counter passes its cap; raises
        `_Refused` when the body expands past the compression ratio."""
        inflate = body_decoder(resp.header("Content-Encoding"))
        # A page may inflate to max_decoded_bytes; a smaller caller cap (link checks) bounds the decoded size too.
        decoded_cap = self.config.max_decoded_bytes
        if cap < self.config.max_body_bytes:
            decoded_cap = min(cap, decoded_cap)
        ratio = self.config.max_compression_ratio
        wire = bytearray()
        decoded = bytearray()
        truncated = False
        async for chunk in resp.chunks():
            self.stats.bytes += len(chunk)
            if len(wire) + len(chunk) > cap:
                chunk = chunk[: cap - len(wire)]
                truncated = True
            wire += chunk
            if inflate is not None:
                try:
                    for piece in inflate(chunk):
                        decoded += piece
                        if len(decoded) > RATIO_FLOOR and len(decoded) > ratio * len(wire):
                            raise _Refused(f"compressed body expands more than {ratio}-fold (a compression bomb?); "
                                           f"not read past {len(decoded)} bytes")
                        if len(decoded) > decoded_cap:
                            truncated = True
                            break
                except (zlib.error, brotli.error):  # corrupt stream: keep what decoded so far
                    truncated = True
            if truncated:
                break
        raw = bytes(wire)
        if inflate is None:
            return raw, raw, truncated
        return bytes(decoded[:decoded_cap]), raw, truncated


class _Refused(Exception):
    """A body not worth reading further; the message says why."""


def body_decoder(content_encoding: str) -> Callable[[bytes], Iterator[bytes]] | None:
    """A decoder for a Content-Encoding (None for identity or one we do not ask for): called with each received
    chunk, it yields the decoded output in steps of at most `INFLATE_STEP` bytes, so the caller can stop a bomb
    after any step."""
    encoding = content_encoding.strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflate(raw_fallback=encoding == "deflate")
    if encoding == "br":
        return _Unbrotli()
    return None


class _Inflate:
    """gzip or deflate (zlib header detected; raw deflate, which some servers send, tried when that fails)."""

    def __init__(self, *, raw_fallback: bool) -> None:
        self._decoder = zlib.decompressobj(47)
        self._raw_fallback = raw_fallback

    def __call__(self, chunk: bytes) -> Iterator[bytes]:
        try:
            piece = self._decoder.decompress(chunk, INFLATE_STEP)
        except zlib.error:
            if not self._raw_fallback:
                raise
            self._decoder = zlib.decompressobj(-15)
            piece = self._decoder.decompress(chunk, INFLATE_STEP)
        self._raw_fallback = False
        yield piece
        while self._decoder.unconsumed_tail:
            yield self._decoder.decompress(self._decoder.unconsumed_tail, INFLATE_STEP)


class _Unbrotli:
    """brotli, in steps of `INFLATE_STEP` output bytes."""

    def __init__(self) -> None:
        self._decoder = brotli.Decompressor()

    def __call__(self, chunk: bytes) -> Iterator[bytes]:
        yield self._decoder.process(chunk, output_buffer_limit=INFLATE_STEP)
        while not self._decoder.can_accept_more_data():
            yield self._decoder.process(b"", output_buffer_limit=INFLATE_STEP)


def _keep_headers(headers: list[tuple[str, str]]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for key, value in headers:
        name = key.lower()
        if name in KEPT_HEADERS:
            kept[name] = f"{kept[name]}, {value}" if name in kept else value
    return kept
