"""ICP备案编号 on the homepage, e.g. 京ICP备05070218号 or 京ICP备05070218号-1 (docs/checks.md).

Reports the filing number found (severity info) or its absence (medium); "ICP备" with no well-formed number after
it (6-10 digits) counts as malformed.
"""

from __future__ import annotations

import re
from typing import Iterator

from dgeval.monitor.checks._identification import PROVINCE_ABBREVIATIONS, finding, homepage, search_text
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "missing_icp"
TITLE = "ICP备案编号"
LEAVES = ("management.identification",)

_VALID_RE = re.compile(
    rf"[{PROVINCE_ABBREVIATIONS}]\s*ICP\s*备(?:案号?)?\s*[：:]?\s*\d{{6,10}}(?!\d)"
    r"(?:\s*号)?(?:\s*[-－]\s*\d{1,3}(?!\d))?",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"ICP\s*备", re.IGNORECASE)


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """One finding: the ICP filing number found (info), or none (medium)."""
    page = homepage(site)
    yield finding(NAME, LEAVES, site, page, search_text(page, _VALID_RE, _LABEL_RE))
