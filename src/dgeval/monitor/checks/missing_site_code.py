"""网站标识码 on the homepage: 10 digits for local sites, `bm` + 8 digits for ministries (docs/checks.md).

Read after a 网站标识码 / 网站识别码 / 标识码 label from the footer's text and its images' alt/title labels (a 标识码
picture labelled with the code counts as the code shown), then the whole homepage's, then the `<meta name="SiteCode">`
tag the national page design rules also require; commented-out markup never counts. Reports the code found
(severity info) or its absence (medium).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identification import Observation, describe_mark, finding, homepage, search_text
from dgeval.monitor.checks._text import without_comments
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Observed, Site

NAME = "missing_site_code"
TITLE = gettext_noop("网站标识码")

_VALID_RE = re.compile(r"(?:网站)?(?:标识|识别)码\s*[：:]?\s*(?:[Bb][Mm]\d{8}|\d{10})(?![0-9A-Za-z])")
_LABEL_RE = re.compile(r"网站标识码|网站识别码")
_META_RE = re.compile(
    r"<meta\s[^>]*name\s*=\s*[\"']?SiteCode[\"']?[^>]*content\s*=\s*[\"']\s*([Bb][Mm]\d{8}|\d{10})\s*[\"']",
    re.IGNORECASE,
)
_CODE_RE = re.compile(r"[Bb][Mm]\d{8}|\d{10}")


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: the site code found (info), or none (medium)."""
    page = homepage(site)
    yield Observed()
    seen = search_text(page, _VALID_RE, _LABEL_RE)
    if seen.found is True and seen.value is not None:
        code = _CODE_RE.search(seen.value)
        seen = dataclasses.replace(seen, value=code.group(0) if code else seen.value)
    elif (meta := _META_RE.search(without_comments(page.text))) is not None:
        seen = Observation(True, meta.group(1), "meta", meta.group(0))
    yield finding(NAME, site, page, seen)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return describe_mark(_("网站标识码"), _("政府网站应在首页底部标注网站标识码"), value, evidence)
