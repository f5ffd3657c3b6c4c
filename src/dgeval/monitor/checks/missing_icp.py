"""ICP备案编号 on the homepage, e.g. 京ICP备05070218号 or 京ICP备05070218号-1 (docs/checks.md).

Reports the filing number found (severity info) or its absence (medium); "ICP备" with no well-formed number after
it (6-10 digits) counts as malformed.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identification import PROVINCE_ABBREVIATIONS, describe_mark, finding, homepage, search_text
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Observed, Site

NAME = "missing_icp"
TITLE = gettext_noop("ICP备案编号")

_VALID_RE = re.compile(
    rf"[{PROVINCE_ABBREVIATIONS}]\s*ICP\s*备(?:案号?)?\s*[：:]?\s*\d{{6,10}}(?!\d)"
    r"(?:\s*号)?(?:\s*[-－]\s*\d{1,3}(?!\d))?",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(r"ICP\s*备", re.IGNORECASE)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding: the ICP filing number found (info), or none (medium)."""
    page = homepage(site)
    yield Observed()
    yield finding(NAME, site, page, search_text(page, _VALID_RE, _LABEL_RE))


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return describe_mark(_("ICP备案编号"), _("政府网站应在首页底部标注ICP备案编号"), value, evidence)
