"""IPv6 support (IPv6 改造), from the crawler's IPv6 probe `site.probes["ipv6"]` (docs/checks.md).

No AAAA record (value `no_aaaa`), or an AAAA record the homepage cannot be fetched over (`unreachable`, the error or
HTTP status in the evidence), is a finding (medium); a site reachable over IPv6 gets an info finding carrying the
address, so that the report shows what was observed. Observed: 1 when the probe came to a conclusion; a DNS lookup
that failed (rather than answering "no AAAA record") proves nothing, and the check does not apply. A site addressed
by an IPv4 literal (an intranet or test server) has no name to hold an AAAA record: the check does not apply there.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Iterator, Mapping
from urllib.parse import urlsplit

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "ipv6"
TITLE = gettext_noop("IPv6支持")


def _evidence(probe: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("addresses", "reachable", "status", "elapsed_ms", "error")
    return {key: list(probe[key]) if key == "addresses" else probe[key] for key in keys if key in probe}


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: no AAAA, unreachable over IPv6 (medium), or the address reached (info)."""
    probe = site.probes.get("ipv6")
    if probe is None:
        raise CheckNotApplicable("IPv6 probe not run")
    if _is_ipv4_literal(urlsplit(site.root).hostname or ""):
        raise CheckNotApplicable("the site is addressed by an IPv4 literal, not a name")
    addresses = list(probe.get("addresses") or [])
    if not addresses and probe.get("error"):
        raise CheckNotApplicable(f"the AAAA lookup failed ({probe['error']})")
    yield Observed()
    evidence = _evidence(probe)
    if not addresses:
        yield Finding(NAME, site.root, None, "no_aaaa", "medium", evidence)
    elif probe.get("reachable") is False:
        yield Finding(NAME, site.root, None, "unreachable", "medium", evidence)
    else:
        # reachable True, or None when only DNS was probed: the AAAA record itself is what was observed.
        yield Finding(NAME, site.root, None, addresses[0], "info", evidence)


def _is_ipv4_literal(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv4Address)
    except ValueError:
        return False


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    rule = _("规则：政府网站应支持 IPv6 访问")
    if value == "no_aaaa":
        return _("网站域名没有配置 IPv6 地址，无法通过 IPv6 访问（%(rule)s）") % {"rule": rule}
    if value == "unreachable":
        status = evidence.get("status")
        why = _("返回 HTTP %(status)s 错误") % {"status": status} if status else _("连接失败或超时")
        return _("网站域名配置了 IPv6 地址，但通过 IPv6 访问首页失败：%(why)s（%(rule)s）") % {"why": why, "rule": rule}
    return _("首页可以通过 IPv6 正常访问")
