"""response_time: the homepage answered slower than CheckConfig.slow_response_ms (docs/checks.md).

The crawler's measured elapsed time of the homepage fetch is the evidence (value: whole milliseconds); a slow
homepage is a usability defect, not a failure (availability has its own probe), hence severity low. Observed: 1 when
the homepage was fetched and timed.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "response_time"
TITLE = gettext_noop("响应时间")


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    home = site.homepage
    if home is None or home.error or home.status is None:
        raise CheckNotApplicable("homepage not fetched")
    yield Observed()
    if home.elapsed_ms <= config.slow_response_ms:
        return
    yield Finding(
        check=NAME,
        url=site.root,
        page=home.url,
        value=f"{home.elapsed_ms:.0f}",
        severity="low",
        evidence={"elapsed_ms": round(home.elapsed_ms, 1), "threshold_ms": config.slow_response_ms,
                  "status": home.status},
    )


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return _("首页打开用时 %(seconds).1f 秒，超过 %(limit).1f 秒（规则：首页应能快速打开）") % {
        "seconds": float(evidence["elapsed_ms"]) / 1000, "limit": float(evidence["threshold_ms"]) / 1000}
