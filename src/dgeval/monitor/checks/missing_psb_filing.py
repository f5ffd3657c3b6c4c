"""公安机关备案号 on the homepage, e.g. 京公网安备11010202000001号: a province abbreviation and 14 digits (docs/checks.md).

Reports the filing number found (severity info) or its absence (medium); "公网安备" with another digit count
counts as malformed.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identification import PROVINCE_ABBREVIATIONS, describe_mark, finding, homepage, search_text
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Observed, Site

NAME = "missing_psb_filing"
TITLE = gettext_noop("公安机关备案")

_VALID_RE = re.compile(rf"[{PROVINCE_ABBREVIATIONS}]\s*公网安备\s*\d{{14}}(?!\d)(?:\s*号)?")
_LABEL_RE = re.compile(r"公网安备")


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: the PSB filing number found (info), or none (medium)."""
    page = homepage(site)
    yield Observed()
    yield finding(NAME, site, page, search_text(page, _VALID_RE, _LABEL_RE))


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return describe_mark(_("公安机关备案号"), _("政府网站应在首页底部标注公安机关备案号"), value, evidence)
