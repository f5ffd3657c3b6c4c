"""HTTP/1.1 exchanges for the fetcher: keep-alive connections per origin, responses parsed by llhttp (httptools).

Why not a general client: a crawl of a fast site is CPU-bound in the crawling process, and aiohttp's request path
cost 90–120 µs of CPU a request on loopback (160 µs through the fetcher) where a bare asyncio protocol with
llhttp costs 16 µs; at 14,000 requests a scan that is two seconds of the process that sets the pace. The fetcher
needs little of a general client: it follows redirects, retries, caps and decodes bodies itself, sends no cookies,
uses no proxy and sends the request target exactly as the WHATWG parser serialized it. What is left is here:
- one request at a time per connection, the idle ones kept per (scheme, host, port) up to the host's concurrency;
  a reused connection the server had closed before answering is replaced once by a new one;
- names resolved through the SSRF guard (`GuardedResolver`: the addresses it drops are never connected to), each
  address tried in turn, IPv4 first; IP literals are connected to directly (the fetcher has checked them);
- TLS with the system trust store and the host name checked, as browsers do;
- the body streamed in the chunks that arrive, reading paused while more than `BUFFERED_BYTES` wait, so a caller
  that stops at a cap holds at most that much beyond it;
- limits against hostile servers: header bytes (`MAX_HEADER_BYTES`), the time to connect, the time between two
  reads, and (by the caller) the whole exchange.
Errors are the OS's and the TLS library's own exceptions, or `ProtocolError` for a response that is not HTTP.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import AsyncIterator, Sequence

import httptools

from dgeval.monitor.safety import GuardedResolver, RefusedAddress, parse_ip

#: Body bytes a connection buffers before it stops reading from the socket (back-pressure to the server).
BUFFERED_BYTES = 256 * 1024
#: Status line and header fields of one response; a server sending more is not answering HTTP (aiohttp allowed
#: 8 KB per line, browsers about 256 KB in all).
MAX_HEADER_BYTES = 256 * 1024
#: Seconds a resolved name is reused for (aiohttp's connector kept 300 too).
DNS_TTL = 300.0
DEFAULT_PORTS = {"http": 80, "https": 443}


class ProtocolError(Exception):
    """The server's answer is not an HTTP/1.x response, or it broke off in the middle of one."""


class Disconnected(ConnectionError):
    """The server closed the connection before the response was complete."""


class DnsError(OSError):
    """The name did not resolve."""


class ConnectError(OSError):
    """No connection could be made to any address of the host (refused, unreachable, TLS handshake failed)."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a URL is requested: the origin connected to and the request target sent, as serialized."""

    scheme: str
    host: str  # without brackets: the address or name connected to
    port: int
    authority: str  # the Host header: as in the URL, brackets and a non-default port kept
    target: str  # path and query, byte for byte as in the URL; "/" when the URL has no path


def target_of(url: str) -> Target:
    """The request for `url`, a URL serialized by the WHATWG parser: nothing is quoted or normalized again, an empty
    query ("…?") is kept, the fragment is dropped. Raises ValueError for what is not an absolute http(s) URL."""
    url = url.split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:200]!r}")
    cut = len(rest)
    for mark in "/?":
        at = rest.find(mark)
        if at != -1:
            cut = min(cut, at)
    authority, target = rest[:cut], rest[cut:]
    if "@" in authority:  # credentials are not sent (the crawler never follows them to a login)
        authority = authority.rsplit("@", 1)[1]
    if authority.startswith("["):
        end = authority.find("]")
        if end == -1:
            raise ValueError(f"unclosed IPv6 address in {url[:200]!r}")
        host, port_text = authority[1:end], authority[end + 1:].removeprefix(":")
    else:
        host, _, port_text = authority.partition(":")
    if not host:
        raise ValueError(f"no host in {url[:200]!r}")
    if port_text and not port_text.isdigit():
        raise ValueError(f"bad port in {url[:200]!r}")
    port = int(port_text) if port_text else DEFAULT_PORTS[scheme]
    if port > 65535:  # port 0 is requested, and the connection fails, as in a browser
        raise ValueError(f"bad port in {url[:200]!r}")
    if not target.startswith("/"):
        target = "/" + target
    return Target(scheme, host, port, authority, target)


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one exchange at a time, the response parsed as it arrives."""

    def __init__(self, loop: asyncio.AbstractEventLoop, read_timeout: float) -> None:
        self._loop = loop
        self._read_timeout = read_timeout
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        # What browsers and aiohttp forgive a server (bad header tokens, bare LF line ends, spaces after a chunk
        # size); what would let one response pass for another (a length beside chunked framing) stays refused.
        self._parser.set_dangerous_leniencies(lenient_headers=True, lenient_optional_cr_before_lf=True,
                                              lenient_spaces_after_chunk_size=True)
        self._waiter: asyncio.Future[None] | None = None
        self._paused = False
        self.closed = False
        self._reset()

    def _reset(self) -> None:
        self.status = 0
        self.reason = ""
        self.headers: list[tuple[str, str]] = []
        self._header_bytes = 0
        self.headers_done = False
        self.complete = False
        self.received_any = False
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._error: BaseException | None = None
        self._until_close = False
        self._keep_alive = False

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.received_any = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(ProtocolError("the server switched protocols"))
        except httptools.HttpParserCallbackError as exc:  # a limit here, raised inside a callback
            self._fail(exc.__context__ if isinstance(exc.__context__, ProtocolError) else ProtocolError(str(exc)))
        except httptools.HttpParserError as exc:
            self._fail(ProtocolError(f"invalid HTTP response: {exc}"))
        self._wake()

    def eof_received(self) -> bool | None:
        return None  # close the transport: connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.complete and self._error is None:
            if self._until_close and exc is None:
                self.complete = True  # no length given: the body ends with the connection
            else:
                self._error = exc if exc is not None else Disconnected("server disconnected")
        self._wake()

    # httptools callbacks
    def on_status(self, status: bytes) -> None:
        self.reason += status.decode("latin-1")
        self._count(len(status))

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value))
        # llhttp strips the white space before a value, not after it (RFC 9110 5.5: it is not part of it).
        self.headers.append((name.decode("latin-1"), value.rstrip(b" \t").decode("utf-8", "surrogateescape")))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        if 100 <= status < 200:  # an interim response (100 Continue, 103 Early Hints): the real one follows
            self.headers, self.reason, self._header_bytes = [], "", 0
            return
        self.status = status
        self.headers_done = True
        names = {name.lower() for name, _ in self.headers}
        self._until_close = ("content-length" not in names and "transfer-encoding" not in names
                             and status not in (204, 304))

    def on_body(self, body: bytes) -> None:
        self._chunks.append(body)
        self._buffered += len(body)
        if self._buffered > BUFFERED_BYTES and not self._paused and self._transport is not None:
            self._transport.pause_reading()
            self._paused = True

    def on_message_complete(self) -> None:
        if self.headers_done:
            self.complete = True
            self._keep_alive = self._parser.should_keep_alive()  # read now: the parser resets for the next one

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_HEADER_BYTES:
            raise ProtocolError(f"response headers longer than {MAX_HEADER_BYTES} bytes")

    def _fail(self, exc: BaseException) -> None:
        if self._error is None:
            self._error = exc
        self.close()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _wait(self) -> None:
        """Until something arrives, the connection ends, or `read_timeout` passes without either."""
        waiter = self._waiter = self._loop.create_future()
        timer = self._loop.call_later(self._read_timeout, self._time_out, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None

    def _time_out(self, waiter: asyncio.Future[None]) -> None:
        if not waiter.done():
            waiter.set_exception(TimeoutError(f"no data for {self._read_timeout} seconds"))

    # the exchange
    def send(self, request: bytes) -> None:
        assert self._transport is not None
        self._reset()
        self._transport.write(request)

    async def head(self) -> None:
        """Until the status line and the header fields are in."""
        while not self.headers_done:
            if self._error is not None:
                raise self._error
            await self._wait()

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives; ends when the response is complete."""
        while True:
            while self._chunks:
                chunk = self._chunks.popleft()
                self._buffered -= len(chunk)
                if self._paused and self._buffered <= BUFFERED_BYTES // 4 and self._transport is not None:
                    self._transport.resume_reading()
                    self._paused = False
                yield chunk
            if self.complete:
                return
            if self._error is not None:
                raise self._error
            await self._wait()

    @property
    def reusable(self) -> bool:
        return self.complete and self._keep_alive and not self.closed and self._error is None and not self._chunks

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()


class Response:
    """A response whose header is in; its body is read with `chunks()` while its `Exchange` lasts."""

    __slots__ = ("status", "reason", "headers", "_connection")

    def __init__(self, connection: _Connection) -> None:
        self.status = connection.status
        self.reason = connection.reason
        self.headers = connection.headers
        self._connection = connection

    def header(self, name: str) -> str:
        """The first field named `name` (ASCII case ignored), or ""."""
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return ""

    def chunks(self) -> AsyncIterator[bytes]:
        return self._connection.chunks()


class ConnectionPool:
    """Keep-alive connections of one fetcher, by origin; `exchange()` sends a request and returns its response."""

    def __init__(self, *, resolver: GuardedResolver, connect_timeout: float, read_timeout: float,
                 idle_per_origin: int, idle_total: int) -> None:
        """At most `idle_per_origin` idle connections are kept for one origin and `idle_total` in all, the least
        recently used origin's closed first: checking the links to thousands of other sites must not hold a socket
        open to each."""
        self._resolver = resolver
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._idle_per_origin = idle_per_origin
        self._idle_total = idle_total
        self._idle: OrderedDict[tuple[str, str, int], list[_Connection]] = OrderedDict()  # least recently used first
        self._idle_count = 0
        self._addresses: dict[tuple[str, int], tuple[float, list[dict]]] = {}
        self._tls: ssl.SSLContext | None = None

    def exchange(self, method: str, url: str, headers: Sequence[tuple[str, str]]) -> Exchange:
        """`async with pool.exchange(…) as response:` — the connection goes back to the pool on exit when the
        response was read to its end, and is closed otherwise."""
        return Exchange(self, method, target_of(url), headers)

    async def close(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
        self._idle_count = 0

    def _take_idle(self, key: tuple[str, str, int]) -> _Connection | None:
        idle = self._idle.get(key)
        while idle:
            connection = idle.pop()
            self._idle_count -= 1
            if not idle:
                del self._idle[key]
            if not connection.closed:
                return connection
        return None

    def give_back(self, key: tuple[str, str, int], connection: _Connection) -> None:
        if not connection.reusable:
            connection.close()
            return
        idle = self._idle.get(key)
        if idle is None:
            idle = self._idle[key] = []
        else:
            self._idle.move_to_end(key)
        if len(idle) >= self._idle_per_origin:
            connection.close()
            return
        idle.append(connection)
        self._idle_count += 1
        while self._idle_count > self._idle_total:
            oldest_key, oldest = next(iter(self._idle.items()))
            oldest.pop(0).close()
            self._idle_count -= 1
            if not oldest:
                del self._idle[oldest_key]

    async def connect(self, target: Target) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = None
        if target.scheme == "https":
            if self._tls is None:
                self._tls = ssl.create_default_context()
            tls = self._tls
        async with asyncio.timeout(self._connect_timeout):
            addresses = await self._resolve(target)
        # Each address gets its share of the connect time: one that never answers leaves time for the next.
        share = self._connect_timeout / len(addresses)
        last: OSError | None = None
        for address in addresses:
            try:
                async with asyncio.timeout(share):
                    _, connection = await loop.create_connection(
                        lambda: _Connection(loop, self._read_timeout), address["host"], address["port"],
                        family=address["family"], proto=address["proto"], flags=address["flags"],
                        ssl=tls, server_hostname=target.host if tls is not None else None)
                return connection
            except TimeoutError as exc:
                last = exc
            except OSError as exc:  # ssl.SSLError is an OSError: a bad certificate ends here too
                last = ConnectError(str(exc))
                last.__cause__ = exc
        assert last is not None
        raise last

    async def _resolve(self, target: Target) -> list[dict]:
        """The addresses to try: the literal itself, or what the guard lets through of the name's records."""
        ip = parse_ip(target.host.split("%", 1)[0])
        if ip is not None:
            family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            return [{"host": target.host, "port": target.port, "family": family, "proto": 0, "flags": 0}]
        key = (target.host, target.port)
        cached = self._addresses.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            found = await self._resolver.resolve(target.host, target.port, family=socket.AF_UNSPEC)
        except RefusedAddress:
            raise
        except OSError as exc:
            raise DnsError(str(exc)) from exc
        # IPv4 first: many sites publish an AAAA record nothing answers on, which would spend the whole connect time
        # of every request; the ipv6 probe judges IPv6 on its own.
        addresses = sorted((dict(result) for result in found), key=lambda a: a["family"] != socket.AF_INET)
        self._addresses[key] = (now + DNS_TTL, addresses)
        return addresses


class Exchange:
    """One request and its response on a pooled connection (see `ConnectionPool.exchange`)."""

    __slots__ = ("_pool", "_method", "_target", "_headers", "_connection", "_key")

    def __init__(self, pool: ConnectionPool, method: str, target: Target,
                 headers: Sequence[tuple[str, str]]) -> None:
        self._pool = pool
        self._method = method
        self._target = target
        self._headers = headers
        self._connection: _Connection | None = None
        self._key = (target.scheme, target.host, target.port)

    def _request(self) -> bytes:
        lines = [f"{self._method} {self._target.target} HTTP/1.1", f"Host: {self._target.authority}"]
        lines.extend(f"{name}: {value}" for name, value in self._headers)
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")

    async def __aenter__(self) -> Response:
        """Sends the request; returns once the response's header is in. A HEAD response's connection is not
        reused: llhttp would read the length it announces as a body."""
        request = self._request()
        connection = self._pool._take_idle(self._key)
        try:
            if connection is not None:
                connection.send(request)
                try:
                    await connection.head()
                except (Disconnected, ConnectionResetError, BrokenPipeError):
                    if connection.received_any:
                        raise
                    connection.close()  # the server closed it while it was idle: one new connection, as browsers do
                    connection = None
            if connection is None:
                connection = await self._pool.connect(self._target)
                connection.send(request)
                await connection.head()
        except BaseException:
            if connection is not None:
                connection.close()
            raise
        self._connection = connection
        return Response(connection)

    async def __aexit__(self, *exc: object) -> None:
        connection = self._connection
        if connection is not None:
            self._pool.give_back(self._key, connection)
