"""Site search (智能搜索), from the crawler's search probe `site.probes["search"]` (docs/checks.md).

The crawler finds the homepage search form, submits a title taken from the site and records whether the results show
it. No search form, or a search that does not find the site's own title, is a finding (medium); a search that finds
it gives none. A probe that found a form but had no query to try cannot judge, so the check does not apply.
"""

from __future__ import annotations

from typing import Iterator

from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "search"
TITLE = "站内搜索"
LEAVES = ("function.smart_search",)


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """At most one finding: no site search, or the query it failed to find."""
    probe = site.probes.get("search")
    if probe is None:
        raise CheckNotApplicable("search probe not run")
    evidence = dict(probe)
    if not probe.get("form_found"):
        yield Finding(NAME, site.root, None, "no site search", "medium", evidence, LEAVES)
    elif not probe.get("query") or probe.get("found") is None:
        raise CheckNotApplicable("search form found but no query was tried")
    elif probe.get("found") is False:
        yield Finding(NAME, site.root, None, str(probe["query"]), "medium", evidence, LEAVES)
