"""HTTPS (安全防护), from the crawler's TLS probe `site.probes["https"]` (docs/checks.md).

Findings: no HTTPS at all (high); HTTP not redirecting to HTTPS (medium); an invalid certificate (high); a
certificate expired at the as-of date (high) or expiring within `config.cert_expiry_warning_days` of it (medium).
Nothing is reported for a site served over HTTPS with a valid certificate that is not about to expire.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from dgeval.errors import CheckError
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Severity, Site

NAME = "https"
TITLE = "HTTPS与证书"
LEAVES = ("management.security",)


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """The HTTPS problems of the site, one finding each."""
    probe = site.probes.get("https")
    if probe is None:
        raise CheckNotApplicable("HTTPS probe not run")
    evidence = dict(probe)

    def problem(value: str, severity: Severity, **extra: Any) -> Finding:
        return Finding(NAME, site.root, None, value, severity, {**evidence, **extra}, LEAVES)

    if not probe.get("https_reachable"):
        yield problem("no HTTPS", "high")
        return
    if probe.get("http_redirects_to_https") is False:
        yield problem("HTTP does not redirect to HTTPS", "medium")
    if probe.get("cert_valid") is False:
        yield problem(f"invalid certificate: {probe.get('cert_error') or 'unknown error'}", "high")
    not_after = probe.get("cert_not_after")
    if not_after:
        try:
            expires = dt.date.fromisoformat(not_after)
        except ValueError as exc:
            raise CheckError(f"https probe: cert_not_after = {not_after!r}, expected YYYY-MM-DD") from exc
        days_left = (expires - site.as_of).days
        if days_left < 0:
            yield problem(f"certificate expired on {expires.isoformat()}", "high", days_left=days_left)
        elif days_left <= config.cert_expiry_warning_days:
            yield problem(f"certificate expires on {expires.isoformat()}", "medium", days_left=days_left)
