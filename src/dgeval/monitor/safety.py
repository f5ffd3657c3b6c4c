"""SSRF guard: the monitor fetches only public addresses unless told otherwise (issue 4 §6).

The check runs after DNS resolution, inside the aiohttp connector (`GuardedResolver`), so it applies to the address
actually connected to — for the target, every redirect hop and every link check — and a DNS answer that changes
between a pre-check and the connection cannot slip through. IP-literal hosts bypass aiohttp's resolver, so
`check_literal_host` guards those before each request.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from dgeval.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedTarget(FetchError):
    """A target or redirect points at a non-public address and private addresses are not allowed."""


class RefusedAddress(OSError):
    """Raised inside the connector; aiohttp wraps it, the fetcher unwraps it into a `refused` result."""


def is_public(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses; IPv4-mapped IPv6 is judged by its IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def parse_ip(host: str) -> IPAddress | None:
    """The address of an IP-literal host (brackets allowed), or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    """Loopback by literal or by the conventional name: such hosts are never looked up in public DNS."""
    ip = parse_ip(host)
    if ip is not None:
        return ip.is_loopback
    return host.lower().rstrip(".") in {"localhost", "localhost.localdomain"} or host.lower().endswith(".localhost")


def refusal_message(host: str, address: str) -> str:
    return (
        f"refusing to fetch {host} ({address}): it is a loopback, private, link-local, multicast or reserved "
        "address; pass --allow-private to scan an intranet or test site"
    )


def check_literal_host(host: str, *, allow_private: bool) -> None:
    """Refuse an IP-literal (or localhost) host that is not public. Names are checked later, by the resolver."""
    if allow_private:
        return
    ip = parse_ip(host)
    if ip is not None and not is_public(ip):
        raise RefusedTarget(refusal_message(host, str(ip)))
    if ip is None and is_loopback_host(host):
        raise RefusedTarget(refusal_message(host, "loopback"))


class GuardedResolver(AbstractResolver):
    """Wraps aiohttp's default resolver and drops non-public addresses; refuses when none are left."""

    def __init__(self, *, allow_private: bool, inner: AbstractResolver | None = None) -> None:
        self._allow_private = allow_private
        self._inner: AbstractResolver = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if not self._allow_private and is_loopback_host(host):
            raise RefusedAddress(refusal_message(host, "loopback"))
        results = await self._inner.resolve(host, port, family)
        if self._allow_private:
            return results
        public = [r for r in results if _result_is_public(r)]
        if not public:
            address = results[0]["host"] if results else "no address"
            raise RefusedAddress(refusal_message(host, address))
        return public

    async def close(self) -> None:
        await self._inner.close()


def _result_is_public(result: ResolveResult | dict[str, Any]) -> bool:
    ip = parse_ip(str(result["host"]).split("%", 1)[0])
    return ip is not None and is_public(ip)


def find_refusal(exc: BaseException) -> RefusedAddress | None:
    """The `RefusedAddress` behind an aiohttp connection error, if policy is why it failed."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, RefusedAddress):
            return current
        seen.add(id(current))
        current = getattr(current, "os_error", None) or current.__cause__ or current.__context__
    return None
