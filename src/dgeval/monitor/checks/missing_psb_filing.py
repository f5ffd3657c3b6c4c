"""公安机关备案号 on the homepage, e.g. 京公网安备11010202000001号: a province abbreviation and 14 digits (docs/checks.md).

Reports the filing number found (severity info) or its absence (medium); "公网安备" with another digit count
counts as malformed.
"""

from __future__ import annotations

import re
from typing import Iterator

from dgeval.monitor.checks._identification import PROVINCE_ABBREVIATIONS, finding, homepage, search_text
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

NAME = "missing_psb_filing"
TITLE = "公安机关备案"
LEAVES = ("management.identification",)

_VALID_RE = re.compile(rf"[{PROVINCE_ABBREVIATIONS}]\s*公网安备\s*\d{{14}}(?!\d)(?:\s*号)?")
_LABEL_RE = re.compile(r"公网安备")


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    """One finding: the PSB filing number found (info), or none (medium)."""
    page = homepage(site)
    yield finding(NAME, LEAVES, site, page, search_text(page, _VALID_RE, _LABEL_RE))
