"""Site search (智能搜索), from the crawler's search probe `site.probes["search"]` (docs/checks.md).

The crawler finds the homepage search form, submits a title taken from the site and records whether the results show
it. A search that does not find the site's own title is a finding (medium; value = the query); a search that finds
it gives none. Observed: 1 when a query was submitted and its result page read. A homepage without a search form the
probe recognises (a search run by script, an image button) proves nothing about the site's search: the check does
not apply, and the leaf goes to manual collection, as it does for a form with no query to try.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import CheckNotApplicable
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "search"
TITLE = gettext_noop("站内搜索")


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """At most one finding: the query the site search failed to find."""
    probe = site.probes.get("search")
    if probe is None:
        raise CheckNotApplicable("search probe not run")
    if not probe.get("form_found"):
        raise CheckNotApplicable("no search form found on the homepage")
    if not probe.get("query") or probe.get("found") is None:
        raise CheckNotApplicable("search form found but no query was tried")
    yield Observed()
    if probe.get("found") is False:
        yield Finding(NAME, site.root, None, str(probe["query"]), "medium", dict(probe))


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    status = evidence.get("status")
    if isinstance(status, int) and status >= 400:
        outcome = _("搜索结果页返回 HTTP %(status)s 错误") % {"status": status}
    else:
        outcome = _("搜索结果中没有这条信息")
    return _("用本站页面标题%(query)s进行站内搜索，%(outcome)s（规则：站内搜索应能检索到本站发布的信息）") % {
        "query": quoted(value or evidence.get("query") or ""), "outcome": outcome}
