"""党政机关网站标识 (the 开办者 badge issued through conac.cn) on the homepage (docs/checks.md).

The badge is markup, not text: an image or link to bszs.conac.cn, the script dcs.conac.cn serves (often written by
`document.write` into `<span id="_ideConac">`), or an image whose alt/title says 党政机关. The footer markup is read
first, then the whole homepage, scripts included. A plain link to www.conac.cn (中国机构编制网, a common 友情链接) is
not the badge.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _
from dgeval.monitor.checks._identification import Observation, describe_mark, finding, homepage
from dgeval.monitor.checks._text import context, footer
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Observed, Site

NAME = "missing_gov_badge"
TITLE = "党政机关网站标识"

# Most telling first: the conac.cn URL, then the placeholder span its script fills, then an image labelled 党政机关.
_BADGE_RES = (
    re.compile(r"(?:bszs|dcs)\.conac\.cn[^\"'\s<>()]*", re.IGNORECASE),
    re.compile(r"_ideConac"),
    re.compile(r"<img\s[^>]*(?:alt|title)\s*=\s*[\"'][^\"']*党政机关[^\"']*[\"'][^>]*>", re.IGNORECASE),
)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: the badge found (info, value = its URL or marker), or none (medium)."""
    page = homepage(site)
    yield Observed()
    foot = footer(page.text)
    places = [("footer", foot.html)] if foot is not None else []
    places.append(("homepage", page.text))
    seen = Observation(False)
    for where, markup in places:
        match = next((m for pattern in _BADGE_RES if (m := pattern.search(markup))), None)
        if match:
            value = html.unescape(match.group(0))
            seen = Observation(True, value, where, context(markup, match.start(), match.end(), width=40))
            break
    yield finding(NAME, site, page, seen)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return describe_mark(_("党政机关网站标识"), _("政府网站应在首页底部展示党政机关网站标识"), value, evidence,
                         show_value=False)
