"""Security headers of the homepage response, with a transparent score (安全防护; docs/checks.md).

Four headers, 25 points each (weights in `WEIGHTS`, overridable through `config.extra["security_header_weights"]`):
Strict-Transport-Security (counts only when the homepage was served over HTTPS, as browsers ignore it over HTTP),
Content-Security-Policy (enforced, not Report-Only), X-Content-Type-Options: nosniff, and X-Frame-Options
DENY/SAMEORIGIN — a CSP `frame-ancestors` directive counts for it too. One finding (low) when the score is below the
maximum, its value "score/maximum" ("50/100"), its evidence what is present and what is missing. Observed: 1 when the
homepage response (and so its headers) was read.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identification import homepage
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "security_headers"
TITLE = gettext_noop("安全响应头")
WEIGHTS: Mapping[str, int] = {
    "strict-transport-security": 25,
    "content-security-policy": 25,
    "x-content-type-options": 25,
    "x-frame-options": 25,
}


def present_headers(headers: Mapping[str, str], https: bool) -> dict[str, str]:
    """The scored headers that are present and effective, by lower-case name, with their values."""
    lower = {name.lower(): value.strip() for name, value in headers.items()}
    present: dict[str, str] = {}
    hsts = lower.get("strict-transport-security", "")
    if https and "max-age=" in hsts.lower() and "max-age=0" not in hsts.lower().replace(" ", ""):
        present["strict-transport-security"] = hsts
    csp = lower.get("content-security-policy", "")
    if csp:
        present["content-security-policy"] = csp
    if lower.get("x-content-type-options", "").lower() == "nosniff":
        present["x-content-type-options"] = lower["x-content-type-options"]
    frame = lower.get("x-frame-options", "")
    if frame.upper() in ("DENY", "SAMEORIGIN"):
        present["x-frame-options"] = frame
    elif "frame-ancestors" in csp.lower():
        present["x-frame-options"] = f"(CSP) {csp}"
    return present


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding when the homepage scores below the maximum."""
    page = homepage(site)
    yield Observed()
    weights = dict(config.extra.get("security_header_weights", WEIGHTS))  # type: ignore[call-overload]
    https = (page.final_url or page.url).lower().startswith("https://")
    present = present_headers(page.headers, https)
    score = sum(weight for name, weight in weights.items() if name in present)
    maximum = sum(weights.values())
    if score < maximum:
        yield Finding(
            check=NAME,
            url=site.root,
            page=page.url,
            value=f"{score}/{maximum}",
            severity="low",
            evidence={
                "score": score,
                "present": present,
                "missing": [name for name in weights if name not in present],
                "weights": weights,
                "https": https,
            },
        )


def _header_label(name: str) -> str:
    return {
        "strict-transport-security": _("强制安全传输（HSTS）"),
        "content-security-policy": _("内容安全策略（CSP）"),
        "x-content-type-options": _("禁止内容类型嗅探"),
        "x-frame-options": _("防止页面被嵌套（点击劫持防护）"),
    }.get(name, name)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    missing = "、".join(_header_label(str(name)) for name in evidence.get("missing", ()))
    return _("首页响应缺少安全响应头：%(missing)s，得分 %(score)s（规则：网站应配置安全响应头，防范常见网络攻击）") % {
        "missing": missing, "score": value}
