"""broken_link: a link target that failed after the crawler's retries (docs/checks.md).

Reads `site.links`: only status "broken" (4xx/5xx other than persistent 403/429, DNS failure, refused, timeout)
counts; "blocked", "unchecked" and "skipped" targets are not findings. One finding per target: `url` is the
target, `page` the first page linking it. Links from the homepage weigh more (severity high) than links from
inner pages (medium); images, scripts and attachments count as links.
"""

from __future__ import annotations

from typing import Iterator

from dgeval.monitor.checks._urls import url_key
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "broken_link"
TITLE = "不可用链接"
LEAVES = ("management.daily_operation",)
MAX_LINKED_FROM = 5


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    home = site.homepage
    home_keys = {url_key(site.root)}
    if home is not None:
        home_keys.update(url_key(u) for u in (home.url, home.final_url) if u)
    seen: set[str] = set()
    for result in site.links:
        if result.status != "broken" or result.url in seen:
            continue
        seen.add(result.url)
        on_homepage = any(url_key(page) in home_keys for page in result.pages)
        yield Finding(
            check=NAME,
            url=result.url,
            page=result.pages[0] if result.pages else None,
            value=str(result.http_status) if result.http_status is not None else (result.error or "error"),
            severity="high" if on_homepage else "medium",
            evidence={
                "status": result.http_status,
                "error": result.error,
                "kind": result.kind,
                "external": result.external,
                "linked_from": list(result.pages[:MAX_LINKED_FROM]),
                "on_homepage": on_homepage,
            },
            leaves=LEAVES,
        )
