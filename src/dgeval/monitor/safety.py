"""SSRF guard: the monitor fetches only public addresses unless told otherwise, and never metadata endpoints.

The check runs after DNS resolution, inside the aiohttp connector (`GuardedResolver`), so it applies to the address
actually connected to — for the target, every redirect hop and every link check — and a DNS answer that changes
between a pre-check and the connection cannot slip through. IP-literal hosts bypass aiohttp's resolver, so
`check_literal_host` guards those before each request.

`allow_private` (an intranet or test site) lifts the refusal of private and loopback addresses, but never that of
link-local ranges and cloud instance-metadata endpoints (`METADATA_NETWORKS`): they hand out the server's own
credentials to whoever asks from inside, so no scanned site may point the monitor at them. IPv6 addresses that embed
an IPv4 one (mapped, NAT64, 6to4, Teredo) are judged by the IPv4 address too.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING, Any

from dgeval.errors import FetchError
from dgeval.i18n import gettext as _

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver, ResolveResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Refused even with allow_private: link-local ranges and the documented instance-metadata addresses of clouds.
METADATA_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(network) for network in (
        # IPv4 link-local: the metadata service of AWS, Google Cloud, Azure, Oracle Cloud, OpenStack, DigitalOcean,
        # Huawei Cloud, Baidu AI Cloud, JD Cloud, Kingsoft Cloud; Tencent Cloud (169.254.0.23), Scaleway
        # (169.254.42.42), AWS ECS task metadata (169.254.170.2).
        "169.254.0.0/16",
        "fe80::/10",  # IPv6 link-local
        "fd00:ec2::254/128",  # AWS instance metadata over IPv6
        "fd00:ec2::23/128",  # AWS EKS Pod Identity agent over IPv6
        "fd20:ce::254/128",  # Google Cloud metadata over IPv6
        "fd00:42::42/128",  # Scaleway metadata over IPv6
        "100.100.100.200/32",  # Alibaba Cloud (阿里云) metadata
        "100.96.0.96/32",  # Volcengine (火山引擎) metadata
        "100.80.80.80/32",  # UCloud (优刻得) metadata
        "192.0.0.192/32",  # Oracle Cloud Classic metadata
        "168.63.129.16/32",  # Azure WireServer (platform agent endpoint)
    )
)
#: NAT64 prefixes (RFC 6052 well-known, RFC 8215 local use): the last 32 bits are an IPv4 address.
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class RefusedTarget(FetchError):
    """A target or redirect points at a non-public address and private addresses are not allowed."""


class RefusedAddress(OSError):
    """Raised inside the connector; aiohttp wraps it, the fetcher unwraps it into a `refused` result."""


def embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, NAT64, 6to4, Teredo client); none for IPv4."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if any(ip in network for network in NAT64_NETWORKS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in found if address is not None]


def is_metadata(ip: IPAddress) -> bool:
    """True for link-local and cloud metadata addresses, also when embedded in an IPv6 address."""
    return any(
        address in network
        for address in (ip, *embedded_ipv4(ip))
        for network in METADATA_NETWORKS
        if address.version == network.version
    )


def is_public(ip: IPAddress) -> bool:
    """True for globally routable unicast addresses; an IPv6 address embedding an IPv4 one is judged by both."""
    return all(_is_public_address(address) for address in (ip, *embedded_ipv4(ip)))


def is_allowed(ip: IPAddress, *, allow_private: bool) -> bool:
    """May the monitor connect to IP? Metadata and link-local never; private ones only with allow_private."""
    return not is_metadata(ip) and (allow_private or is_public(ip))


def _is_public_address(ip: IPAddress) -> bool:
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


def metadata_refusal_message(host: str, address: str) -> str:
    return _("拒绝访问 %(host)s（%(address)s）：这是链路本地或云服务器元数据地址，即使允许内网地址也不访问") % {
        "host": host, "address": address}


def check_literal_host(host: str, *, allow_private: bool) -> None:
    """Refuse an IP-literal (or localhost) host that is not allowed. Names are checked later, by the resolver."""
    ip = parse_ip(host)
    if ip is not None and is_metadata(ip):
        raise RefusedTarget(metadata_refusal_message(host, str(ip)))
    if allow_private:
        return
    if ip is not None and not is_public(ip):
        raise RefusedTarget(refusal_message(host, str(ip)))
    if ip is None and is_loopback_host(host):
        raise RefusedTarget(refusal_message(host, "loopback"))


def default_resolver() -> AbstractResolver:
    """aiohttp's default resolver (the system's, in a thread), imported when a first name is looked up: importing
    aiohttp takes 0.15 s, which a scan would otherwise spend before its first request."""
    from aiohttp.resolver import DefaultResolver

    return DefaultResolver()


class GuardedResolver:
    """Wraps a resolver (aiohttp's default one unless given) and drops non-public addresses; refuses when none are
    left. It has the methods of aiohttp's `AbstractResolver`, which its connectors call, and serves the monitor's
    own transport as well."""

    def __init__(self, *, allow_private: bool, inner: AbstractResolver | None = None) -> None:
        self._allow_private = allow_private
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if not self._allow_private and is_loopback_host(host):
            raise RefusedAddress(refusal_message(host, "loopback"))
        if self._inner is None:
            self._inner = default_resolver()
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if _result_is_allowed(r, allow_private=self._allow_private)]
        if not allowed:
            address = str(results[0]["host"]) if results else "no address"
            ip = parse_ip(address.split("%", 1)[0])
            if ip is not None and is_metadata(ip):
                raise RefusedAddress(metadata_refusal_message(host, address))
            raise RefusedAddress(refusal_message(host, address))
        return allowed

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()


def _result_is_allowed(result: ResolveResult | dict[str, Any], *, allow_private: bool) -> bool:
    ip = parse_ip(str(result["host"]).split("%", 1)[0])
    return ip is not None and is_allowed(ip, allow_private=allow_private)


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
