"""response_time: the homepage answered slower than CheckConfig.slow_response_ms (issue 4 §2; docs/checks.md).

The crawler's measured elapsed time of the homepage fetch is the evidence; a slow homepage is a usability defect,
not a failure (availability has its own probe), hence severity low.
"""

from __future__ import annotations

from typing import Iterator

from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "response_time"
TITLE = "响应时间"
LEAVES = ("management.daily_operation",)


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    home = site.homepage
    if home is None or home.error or home.status is None:
        raise CheckNotApplicable("homepage not fetched")
    if home.elapsed_ms <= config.slow_response_ms:
        return
    yield Finding(
        check=NAME,
        url=site.root,
        page=home.url,
        value=f"{home.elapsed_ms:.0f} ms",
        severity="low",
        evidence={"elapsed_ms": round(home.elapsed_ms, 1), "threshold_ms": config.slow_response_ms,
                  "status": home.status},
        leaves=LEAVES,
    )
