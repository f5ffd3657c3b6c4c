"""IPv6 support (IPv6 改造), from the crawler's IPv6 probe `site.probes["ipv6"]` (docs/checks.md).

No AAAA record, or an AAAA record the homepage cannot be fetched over, is a finding (medium); a site reachable over
IPv6 gets an info finding carrying the address, so that the report shows what was observed. A site addressed by an
IPv4 literal (an intranet or test server) has no name to hold an AAAA record: the check does not apply there.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Iterator, Mapping
from urllib.parse import urlsplit

from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "ipv6"
TITLE = "IPv6支持"
LEAVES = ("function.ipv6",)


def _evidence(probe: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("addresses", "reachable", "status", "elapsed_ms", "error")
    return {key: list(probe[key]) if key == "addresses" else probe[key] for key in keys if key in probe}


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """One finding: no AAAA, unreachable over IPv6 (medium), or the address reached (info)."""
    probe = site.probes.get("ipv6")
    if probe is None:
        raise CheckNotApplicable("IPv6 probe not run")
    if _is_ipv4_literal(urlsplit(site.root).hostname or ""):
        raise CheckNotApplicable("the site is addressed by an IPv4 literal, not a name")
    addresses = list(probe.get("addresses") or [])
    evidence = _evidence(probe)
    if not addresses:
        yield Finding(NAME, site.root, None, "no AAAA record", "medium", evidence, LEAVES)
    elif probe.get("reachable") is False:
        status = probe.get("status")
        value = probe.get("error") or (f"HTTP {status}" if status else "unreachable over IPv6")
        yield Finding(NAME, site.root, None, str(value), "medium", evidence, LEAVES)
    else:
        # reachable True, or None when only DNS was probed: the AAAA record itself is what was observed.
        yield Finding(NAME, site.root, None, addresses[0], "info", evidence, LEAVES)


def _is_ipv4_literal(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False
