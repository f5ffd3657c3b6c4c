"""HTTPS (安全防护), from the crawler's TLS probe `site.probes["https"]` (docs/checks.md).

Findings, with a machine-readable value: `no_https` (high); `http_not_redirected`, HTTP not redirecting to HTTPS
(medium); `certificate_invalid` (high); `certificate_expired` at the as-of date (high) or `certificate_expiring`
within `config.cert_expiry_warning_days` of it (medium). Nothing is reported for a site served over HTTPS with a
valid certificate that is not about to expire. Observed: 1 when the probe came to a conclusion (plain HTTP answered,
or HTTPS did); a probe that reached neither proves nothing, and the check does not apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator, Mapping

from dgeval.errors import CheckError
from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Severity, Site

NAME = "https"
TITLE = gettext_noop("HTTPS与证书")


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """The HTTPS problems of the site, one finding each."""
    probe = site.probes.get("https")
    if probe is None:
        raise CheckNotApplicable("HTTPS probe not run")
    if probe.get("http_redirects_to_https") is None and not probe.get("https_reachable"):
        raise CheckNotApplicable("neither HTTP nor HTTPS answered the probe")
    yield Observed()
    evidence = dict(probe)

    def problem(value: str, severity: Severity, **extra: Any) -> Finding:
        return Finding(NAME, site.root, None, value, severity, {**evidence, **extra})

    if not probe.get("https_reachable"):
        yield problem("no_https", "high")
        return
    if probe.get("http_redirects_to_https") is False:
        yield problem("http_not_redirected", "medium")
    if probe.get("cert_valid") is False:
        yield problem("certificate_invalid", "high")
    not_after = probe.get("cert_not_after")
    if not_after:
        try:
            expires = dt.date.fromisoformat(not_after)
        except ValueError as exc:
            raise CheckError(f"https probe: cert_not_after = {not_after!r}, expected YYYY-MM-DD") from exc
        days_left = (expires - site.as_of).days
        if days_left < 0:
            yield problem("certificate_expired", "high", days_left=days_left)
        elif days_left <= config.cert_expiry_warning_days:
            yield problem("certificate_expiring", "medium", days_left=days_left)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    expires = evidence.get("cert_not_after") or _("（日期不详）")
    what = {
        "no_https": _("首页未启用 HTTPS（规则：政府网站应支持 HTTPS 访问）"),
        "http_not_redirected": _("通过 HTTP 访问网站时没有自动跳转到 HTTPS（规则：政府网站应支持 HTTPS 访问）"),
        "certificate_invalid": _("网站的 HTTPS 证书无效，浏览器会提示不安全（规则：应使用有效的数字证书）"),
        "certificate_expired": _("网站的 HTTPS 证书已于 %(date)s 过期（规则：应使用有效的数字证书）"),
        "certificate_expiring": _("网站的 HTTPS 证书将于 %(date)s 过期，还剩 %(days)s 天（规则：证书应在到期前更换）"),
    }[str(value)]
    return what % {"date": expires, "days": evidence.get("days_left")}
