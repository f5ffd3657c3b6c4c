"""SSRF guard: non-public addresses are refused after resolution, for names and literals alike (issue 4 §6)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from dgeval.monitor import safety
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.safety import GuardedResolver, RefusedAddress, RefusedTarget, check_literal_host, is_public


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("224.0.0.1", False), ("0.0.0.0", False), ("240.0.0.1", False),
    ("100.64.0.1", False), ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::ffff:127.0.0.1", False),
    ("202.108.22.5", True), ("2400:da00::6666", True),
])
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


class FakeResolver(AbstractResolver):
    """Answers every name with fixed addresses; never touches DNS."""

    def __init__(self, addresses: list[str]) -> None:
        self.addresses = addresses
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:
        self.asked.append(host)
        return [{"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
                for a in self.addresses]

    async def close(self) -> None:
        pass


async def test_resolver_refuses_names_resolving_to_private_addresses() -> None:
    resolver = GuardedResolver(allow_private=False, inner=FakeResolver(["10.0.0.7"]))
    with pytest.raises(RefusedAddress, match="--allow-private"):
        await resolver.resolve("intranet.example.gov.cn", 80)


async def test_resolver_drops_private_answers_keeps_public_ones() -> None:
    resolver = GuardedResolver(allow_private=False, inner=FakeResolver(["192.168.0.2", "202.108.22.5"]))
    assert [r["host"] for r in await resolver.resolve("mixed.example.gov.cn", 80)] == ["202.108.22.5"]


async def test_resolver_never_asks_dns_for_localhost() -> None:
    inner = FakeResolver(["202.108.22.5"])
    with pytest.raises(RefusedAddress):
        await GuardedResolver(allow_private=False, inner=inner).resolve("localhost", 80)
    assert inner.asked == []


def test_literal_hosts_are_checked_before_connecting() -> None:
    with pytest.raises(RefusedTarget):
        check_literal_host("127.0.0.1", allow_private=False)
    with pytest.raises(RefusedTarget):
        check_literal_host("[::1]", allow_private=False)
    check_literal_host("127.0.0.1", allow_private=True)
    check_literal_host("www.gov.cn", allow_private=False)  # names are judged after resolution


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_fetcher_refuses_loopback_without_sending(site_server: Any, write_site: Any, tmp_path: Path,
                                                        host: str) -> None:
    write_site(tmp_path, {"index.html": "secret"})
    server = await site_server(tmp_path)
    async with Fetcher(CrawlConfig(allow_private=False, retries=0)) as fetcher:
        response = await fetcher.fetch(f"http://{host}:{server.port}/")
    assert response.refused and response.status is None and "--allow-private" in (response.error or "")
    assert server.requests == []


async def test_redirect_to_private_address_is_refused(site_server: Any, write_site: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, {"index.html": "ok"})
    server = await site_server(tmp_path)
    # Pretend the loopback test server is a public site, so that only the redirect's target is private.
    real_is_public = safety.is_public
    monkeypatch.setattr(safety, "is_public", lambda ip: str(ip) == "127.0.0.1" or real_is_public(ip))
    async with Fetcher(CrawlConfig(allow_private=False, retries=0)) as fetcher:
        response = await fetcher.fetch(f"http://127.0.0.1:{server.port}/redirect?to=http://10.0.0.1/")
    assert response.refused and response.final_url == "http://10.0.0.1/"
    assert server.requests == [("GET", "/redirect?to=http://10.0.0.1/")]
