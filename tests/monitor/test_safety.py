"""SSRF guard: non-public addresses are refused after resolution, for names and literals alike."""

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


METADATA = ["169.254.169.254", "169.254.0.23", "169.254.170.2", "fe80::1", "fd00:ec2::254", "fd20:ce::254",
            "100.100.100.200", "100.96.0.96", "100.80.80.80", "192.0.0.192", "168.63.129.16",
            "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1"]


@pytest.mark.parametrize("address", METADATA)
def test_metadata_and_link_local_are_refused_even_with_allow_private(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert safety.is_metadata(ip) and not safety.is_allowed(ip, allow_private=True)
    with pytest.raises(RefusedTarget, match="元数据"):
        check_literal_host(f"[{address}]" if ":" in address else address, allow_private=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.2", "100.64.0.1", "fd12:3456::1"])
def test_allow_private_still_allows_intranet_addresses(address: str) -> None:
    ip = ipaddress.ip_address(address)
    assert not safety.is_metadata(ip) and safety.is_allowed(ip, allow_private=True)
    assert not safety.is_allowed(ip, allow_private=False)


@pytest.mark.parametrize("address", ["169.254.169.254", "100.100.100.200", "fd00:ec2::254"])
async def test_resolver_refuses_metadata_answers_with_allow_private(address: str) -> None:
    resolver = GuardedResolver(allow_private=True, inner=FakeResolver([address]))
    with pytest.raises(RefusedAddress, match="元数据"):
        await resolver.resolve("metadata.google.internal", 80)


async def test_resolver_with_allow_private_drops_metadata_keeps_intranet() -> None:
    resolver = GuardedResolver(allow_private=True, inner=FakeResolver(["169.254.169.254", "10.0.0.7"]))
    assert [r["host"] for r in await resolver.resolve("mixed.intranet.example", 80)] == ["10.0.0.7"]


@pytest.mark.parametrize("location", ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/",
                                      "http://100.100.100.200/latest/meta-data/"])
async def test_redirect_to_metadata_literal_is_refused_with_allow_private(site_server: Any, write_site: Any,
                                                                          tmp_path: Path, location: str) -> None:
    write_site(tmp_path, {"index.html": "ok"})
    server = await site_server(tmp_path)
    async with Fetcher(CrawlConfig(allow_private=True, retries=0)) as fetcher:
        response = await fetcher.fetch(f"http://127.0.0.1:{server.port}/redirect?to={location}")
    assert response.refused and response.status is None and "元数据" in (response.error or "")
    assert server.requests == [("GET", f"/redirect?to={location}")]


async def test_redirect_to_a_name_resolving_to_metadata_is_refused_with_allow_private(
        site_server: Any, write_site: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_site(tmp_path, {"index.html": "ok"})
    server = await site_server(tmp_path)
    # The redirect names a host; the connector's resolver answers it with the metadata address (no DNS asked).
    fake = FakeResolver(["169.254.169.254"])
    monkeypatch.setattr(safety, "default_resolver", lambda: fake)
    target = "http://metadata.internal.example/latest/meta-data/"
    async with Fetcher(CrawlConfig(allow_private=True, retries=0)) as fetcher:
        response = await fetcher.fetch(f"http://127.0.0.1:{server.port}/redirect?to={target}")
    assert response.refused and "元数据" in (response.error or "")
    assert fake.asked == ["metadata.internal.example"]
    assert server.requests == [("GET", f"/redirect?to={target}")]
