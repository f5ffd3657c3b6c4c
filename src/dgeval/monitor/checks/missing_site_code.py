"""网站标识码 on the homepage: 10 digits for local sites, `bm` + 8 digits for ministries (docs/checks.md).

Read after a 网站标识码 / 网站识别码 / 标识码 label from the footer's text and its images' alt/title labels (a 标识码
picture labelled with the code counts as the code shown), then the whole homepage's, then the `<meta name="SiteCode">`
tag the national page design rules also require; commented-out markup never counts. Reports the code found
(severity info) or its absence (medium).
"""

from __future__ import annotations

import re
from typing import Iterator

from dgeval.monitor.checks._identification import Observation, finding, homepage, search_text
from dgeval.monitor.checks._text import without_comments
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "missing_site_code"
TITLE = "网站标识码"
LEAVES = ("management.identification",)

_VALID_RE = re.compile(r"(?:网站)?(?:标识|识别)码\s*[：:]?\s*(?:[Bb][Mm]\d{8}|\d{10})(?![0-9A-Za-z])")
_LABEL_RE = re.compile(r"网站标识码|网站识别码")
_META_RE = re.compile(
    r"<meta\s[^>]*name\s*=\s*[\"']?SiteCode[\"']?[^>]*content\s*=\s*[\"']\s*([Bb][Mm]\d{8}|\d{10})\s*[\"']",
    re.IGNORECASE,
)
_CODE_RE = re.compile(r"[Bb][Mm]\d{8}|\d{10}")


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """One finding: the site code found (info), or none (medium)."""
    page = homepage(site)
    seen = search_text(page, _VALID_RE, _LABEL_RE)
    if seen.found is True and seen.value is not None:
        code = _CODE_RE.search(seen.value)
        seen = Observation(True, code.group(0) if code else seen.value, seen.where, seen.context)
    elif (meta := _META_RE.search(without_comments(page.text))) is not None:
        seen = Observation(True, meta.group(1), "meta", meta.group(0))
    yield finding(NAME, LEAVES, site, page, seen)
