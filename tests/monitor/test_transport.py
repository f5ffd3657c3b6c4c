"""The fetcher's HTTP/1.1 connections, against scripted servers on loopback: reuse, framing, limits, TLS."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.failures import failure_sentence
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.safety import GuardedResolver
from dgeval.monitor.transport import MAX_HEADER_BYTES, ConnectionPool, target_of

CONFIG = CrawlConfig(allow_private=True, retries=0, per_host_interval=0, read_timeout=2, total_timeout=5)
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class Script:
    """A loopback server answering each request with the handler's bytes; counts connections and requests."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.connections = 0
        self.requests: list[bytes] = []

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self.handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def read_request(self, reader: asyncio.StreamReader) -> bytes:
        request = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(request)
        return request


@pytest.fixture
async def scripted() -> AsyncIterator[Callable[..., Awaitable[tuple[Script, str]]]]:
    servers: list[asyncio.Server] = []

    async def start(handler_of: Callable[[Script], Handler], tls: ssl.SSLContext | None = None) -> tuple[Script, str]:
        script = Script(lambda r, w: handler_of(script)(r, w))
        server = await asyncio.start_server(script.serve, "127.0.0.1", 0, ssl=tls)
        servers.append(server)
        port = server.sockets[0].getsockname()[1]
        return script, f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def answering(*responses: bytes, close_after: bool = False) -> Callable[[Script], Handler]:
    """Each request on a connection gets the next response; `close_after` closes the connection after each."""

    def handler_of(script: Script) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while True:
                await script.read_request(reader)
                writer.write(responses[min(len(script.requests), len(responses)) - 1])
                await writer.drain()
                if close_after:
                    return
        return handle

    return handler_of


def ok(body: bytes, *extra: str) -> bytes:
    head = "".join(f"{line}\r\n" for line in extra)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body


async def test_keep_alive_carries_every_request_on_one_connection(scripted) -> None:
    script, url = await scripted(answering(ok(b"<p>a</p>"), ok(b"<p>b</p>"), ok(b"<p>c</p>")))
    async with Fetcher(CONFIG) as fetcher:
        bodies = [(await fetcher.fetch(f"{url}/{n}.html")).body for n in range(3)]
    assert bodies == [b"<p>a</p>", b"<p>b</p>", b"<p>c</p>"]
    assert script.connections == 1
    assert [r.split(b"\r\n", 1)[0] for r in script.requests] == [
        b"GET /0.html HTTP/1.1", b"GET /1.html HTTP/1.1", b"GET /2.html HTTP/1.1"]


async def test_a_connection_the_server_closed_while_idle_is_replaced(scripted) -> None:
    script, url = await scripted(answering(ok(b"one"), ok(b"two"), close_after=True))
    async with Fetcher(CONFIG) as fetcher:
        first = await fetcher.fetch(f"{url}/1")
        await asyncio.sleep(0.05)  # the close reaches the client before the next request
        second = await fetcher.fetch(f"{url}/2")
    assert (first.body, second.body, second.error) == (b"one", b"two", None)
    assert script.connections == 2


async def test_connection_close_is_honoured(scripted) -> None:
    script, url = await scripted(answering(ok(b"one", "Connection: close"), ok(b"two")))
    async with Fetcher(CONFIG) as fetcher:
        bodies = [(await fetcher.fetch(f"{url}/{n}")).body for n in range(2)]
    assert bodies == [b"one", b"two"] and script.connections == 2


async def test_idle_connections_are_capped_the_least_recently_used_origin_first(scripted) -> None:
    servers = [await scripted(answering(ok(b"a"), ok(b"b"))) for _ in range(3)]
    config = CrawlConfig(allow_private=True, retries=0, per_host_interval=0, concurrency=2, per_host=2)
    async with Fetcher(config) as fetcher:
        for _, url in servers:  # three origins, room for two idle connections: the first one's is closed
            await fetcher.fetch(url)
        await fetcher.fetch(servers[1][1])  # kept: the same connection again
        await asyncio.sleep(0.05)
        await fetcher.fetch(servers[0][1])  # closed: a new one
    assert [script.connections for script, _ in servers] == [2, 1, 1]


async def test_the_request_is_sent_byte_for_byte(scripted) -> None:
    script, url = await scripted(answering(ok(b"")))
    async with Fetcher(CONFIG) as fetcher:
        await fetcher.fetch(f"{url}/a/./b/%2e%2E/c?x=%7e+y|`{{}}&empty=#frag")
        await fetcher.fetch(f"{url}/list?")
    lines = [r.split(b"\r\n") for r in script.requests]
    assert lines[0][0] == b"GET /a/./b/%2e%2E/c?x=%7e+y|`{}&empty= HTTP/1.1"
    assert lines[1][0] == b"GET /list? HTTP/1.1"
    assert lines[0][1] == f"Host: {url.split('://')[1]}".encode()


async def test_chunked_and_close_delimited_bodies(scripted) -> None:
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>\xe6\x94\r\n5\r\n\xbf</p>\r\n0\r\n\r\n"
    _, chunked_url = await scripted(answering(chunked))
    _, close_url = await scripted(answering(b"HTTP/1.0 200 OK\r\n\r\n<p>until close</p>", close_after=True))
    async with Fetcher(CONFIG) as fetcher:
        assert (await fetcher.fetch(chunked_url)).body == "<p>政</p>".encode()
        assert (await fetcher.fetch(close_url)).body == b"<p>until close</p>"


async def test_what_browsers_forgive_a_server_is_forgiven(scripted) -> None:
    """Bare LF line ends (old CGI servers) and white space after a header value, as browsers and aiohttp take them."""
    _, url = await scripted(answering(b"HTTP/1.1 200 OK\nContent-Type: text/html; charset=gbk \t\n"
                                      b"Content-Length: 4\n\n\xd5\xfe\xb8\xae"))
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert (response.status, response.body) == (200, "政府".encode("gbk"))
    assert response.headers["content-type"] == "text/html; charset=gbk"


async def test_a_length_beside_chunked_framing_is_refused(scripted) -> None:
    """Which of the two frames the body is what response smuggling plays on: neither is guessed."""
    _, url = await scripted(answering(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                                      b"2\r\nok\r\n0\r\n\r\n"))
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert response.status is None and (response.error or "").startswith("invalid response")


async def test_an_interim_response_is_skipped(scripted) -> None:
    _, url = await scripted(answering(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n" + ok(b"final")))
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert (response.status, response.body) == (200, b"final")


async def test_a_head_answer_is_not_read_as_the_next_body(scripted) -> None:
    script, url = await scripted(answering(b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", ok(b"second")))
    async with Fetcher(CONFIG) as fetcher:
        head = await fetcher.fetch(f"{url}/h", method="HEAD")
        get = await fetcher.fetch(f"{url}/g")
    assert (head.status, head.body, get.body) == (200, b"", b"second")
    assert script.connections == 2


async def test_endless_headers_are_refused(scripted) -> None:
    flood = b"HTTP/1.1 200 OK\r\n" + b"X-Filler: " + b"a" * 1000 + b"\r\n"

    def handler_of(script: Script) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await script.read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(2 * MAX_HEADER_BYTES // 1000):
                writer.write(flood[17:])
                await writer.drain()
        return handle

    _, url = await scripted(handler_of)
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert response.status is None and "headers longer than" in (response.error or "")


async def test_what_is_not_http_is_an_error(scripted) -> None:
    _, url = await scripted(answering(b"SSH-2.0-OpenSSH_9.2\r\n", close_after=True))
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert response.status is None and (response.error or "").startswith("invalid response")


async def test_a_stalled_body_times_out(scripted) -> None:
    def handler_of(script: Script) -> Handler:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await script.read_request(reader)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf")
            await writer.drain()
            await asyncio.sleep(5)
        return handle

    _, url = await scripted(handler_of)
    config = CrawlConfig(allow_private=True, retries=0, read_timeout=0.3, total_timeout=5)
    async with Fetcher(config) as fetcher:
        response = await fetcher.fetch(url)
    assert (response.status, response.error) == (None, "timeout")


async def test_a_refused_connection_is_reported_as_such(unused_tcp_port: int) -> None:
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(f"http://127.0.0.1:{unused_tcp_port}/")
    assert (response.error or "").startswith("connect: ")
    assert failure_sentence(response.error) == "连接被拒绝"


class TwoFamilies:
    """A name with an IPv6 and an IPv4 address, IPv6 first, as resolvers commonly order them."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[dict]:
        return [{"hostname": host, "host": address, "port": self.port, "family": fam, "proto": 0, "flags": 0}
                for address, fam in (("::1", socket.AF_INET6), ("127.0.0.1", socket.AF_INET))]

    async def close(self) -> None:
        pass


async def read_all(pool: ConnectionPool, url: str) -> bytes:
    async with pool.exchange("GET", url, ()) as response:
        return b"".join([chunk async for chunk in response.chunks()])


async def test_a_name_is_connected_over_ipv4_first(scripted) -> None:
    _, url = await scripted(answering(ok(b"four")))
    port = int(url.rsplit(":", 1)[1])
    six = await asyncio.start_server(lambda r, w: w.close(), "::1", port)  # answers nothing useful over IPv6
    try:
        pool = ConnectionPool(resolver=GuardedResolver(allow_private=True, inner=TwoFamilies(port)),
                              connect_timeout=2, read_timeout=2, idle_per_origin=1, idle_total=4)
        assert await read_all(pool, f"http://portal.test:{port}/") == b"four"
        await pool.close()
    finally:
        six.close()
        await six.wait_closed()


async def test_an_address_that_never_answers_leaves_time_for_the_next() -> None:
    """A listener whose backlog is full drops the SYN: connecting hangs, as to a host that is down."""
    live = Script(lambda reader, writer: asyncio.sleep(0))
    live.handler = answering(ok(b"reached"))(live)
    server = await asyncio.start_server(live.serve, "::1", 0)
    stuck = socket.socket(socket.AF_INET)
    stuck.bind(("127.0.0.1", 0))
    stuck.listen(0)
    fillers = []
    try:
        for _ in range(8):  # fill the backlog of the listener nobody accepts on
            filler = socket.socket(socket.AF_INET)
            filler.setblocking(False)
            filler.connect_ex(stuck.getsockname())
            fillers.append(filler)

        class DeadFirst(TwoFamilies):
            async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[dict]:
                return [{"hostname": host, "host": "127.0.0.1", "port": stuck.getsockname()[1],
                         "family": socket.AF_INET, "proto": 0, "flags": 0},
                        {"hostname": host, "host": "::1", "port": self.port, "family": socket.AF_INET6,
                         "proto": 0, "flags": 0}]

        port = server.sockets[0].getsockname()[1]
        pool = ConnectionPool(resolver=GuardedResolver(allow_private=True, inner=DeadFirst(port)),
                              connect_timeout=2, read_timeout=2, idle_per_origin=1, idle_total=4)
        started = time.monotonic()
        assert await read_all(pool, f"http://portal.test:{port}/") == b"reached"
        assert 0.9 < time.monotonic() - started < 2  # the first address had its half of the connect time
        await pool.close()
    finally:
        for filler in fillers:
            filler.close()
        stuck.close()
        server.close()
        await server.wait_closed()


def _self_signed(tmp_path: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return context


async def test_an_untrusted_certificate_is_refused(scripted, tmp_path: Path) -> None:
    script, url = await scripted(answering(ok(b"secret")), tls=_self_signed(tmp_path))
    async with Fetcher(CONFIG) as fetcher:
        response = await fetcher.fetch(url)
    assert response.status is None and "certificate verify failed" in (response.error or "")
    assert failure_sentence(response.error) == "HTTPS 证书或加密连接出错"
    assert script.requests == []


@pytest.mark.parametrize("url, expected", [
    ("http://a.gov.cn", ("a.gov.cn", 80, "a.gov.cn", "/")),
    ("https://a.gov.cn:8443/x?", ("a.gov.cn", 8443, "a.gov.cn:8443", "/x?")),
    ("http://[::1]:8080/p#f", ("::1", 8080, "[::1]:8080", "/p")),
    ("http://user:pw@a.gov.cn/p", ("a.gov.cn", 80, "a.gov.cn", "/p")),
    ("http://a.gov.cn?q", ("a.gov.cn", 80, "a.gov.cn", "/?q")),
])
def test_target_of(url: str, expected: tuple[str, int, str, str]) -> None:
    target = target_of(url)
    assert (target.host, target.port, target.authority, target.target) == expected


@pytest.mark.parametrize("url", ["ftp://a.gov.cn/", "http://:80/", "http://a.gov.cn:99999/", "http://[::1/"])
def test_target_of_refuses_what_cannot_be_requested(url: str) -> None:
    with pytest.raises(ValueError):
        target_of(url)
