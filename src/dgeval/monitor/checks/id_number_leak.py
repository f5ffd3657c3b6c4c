"""Resident ID numbers (居民身份证号码) published in pages, tables and attachments (隐私保护; docs/checks.md).

An 18-character number is reported only when a real person could hold it: a province prefix of GB/T 2260, a birth
date between 1900 and the as-of date, and a valid GB 11643-1999 check character. Fewer than one random 18-digit
string in 50,000 passes all three, so order numbers and codes are not reported, nor are masked numbers
(110101********1234), digit runs longer than 18, and unified social credit codes (a number that is also a valid
GB 32100 code and follows a 信用代码/税号 label is an organisation's). 15-digit first-generation numbers carry no check
digit, so they cannot be told from other 15-digit numbers with the precision this check needs; they are not reported
(documented limit). Observed: each page or attachment whose text was read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identifiers import (
    ID_NUMBER_RE,
    digit_windows,
    digits_only,
    is_credit_code,
    is_resident_id,
    normalize,
)
from dgeval.monitor.checks._sentences import field_place, masked
from dgeval.monitor.checks._text import context, page_content, readable, where
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "id_number_leak"
TITLE = gettext_noop("身份证号泄露")

_ORGANISATION_LABEL_RE = re.compile(r"信用代码|税号|纳税人识别号|组织机构代码|注册号")


def id_numbers(text: str, as_of: dt.date, pos: int = 0) -> Iterator[tuple[str, int, int]]:
    """(number, start, end) of each resident ID number in normalized text (from `pos`); shared with bank_card_leak."""
    for match in ID_NUMBER_RE.finditer(text, pos):
        number = digits_only(match.group(1))
        if not is_resident_id(number, as_of):
            continue
        if is_credit_code(number) and _ORGANISATION_LABEL_RE.search(text[max(0, match.start() - 15) : match.start()]):
            continue
        yield number, match.start(1), match.end(1)


def _page_findings(page: Page, site: Site) -> Iterator[Finding]:
    content = page_content(page)
    url, seen_on, field = where(page)

    in_tables = {
        number
        for table in content.tables
        for cells in (table.header, *table.rows)
        for cell in cells
        for number, _, _ in id_numbers(normalize(cell), site.as_of)
    }
    text = normalize(content.text)
    reported: set[str] = set()
    for number, start, end in id_numbers(text, site.as_of):
        if number in reported:
            continue
        reported.add(number)
        yield Finding(
            check=NAME,
            url=url,
            page=seen_on,
            value=number,
            severity="high",
            evidence={
                "context": context(text, start, end),
                "field": field or ("table" if number in in_tables else "text"),
            },
        )


def _may_leak(page: Page, as_of: dt.date) -> bool:
    """A cheap pass over the raw page: parse only pages holding a valid ID number somewhere (in markup too)."""
    return any(True for window, pos in digit_windows(page.text) for _ in id_numbers(window, as_of, pos))


def run_page(page: Page, site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding per distinct valid ID number on this page or attachment."""
    if not readable(page):
        return
    yield Observed()
    if _may_leak(page, site.as_of):
        yield from _page_findings(page, site)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    for page in site.pages:
        yield from run_page(page, site, config)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return _("%(place)s公开了居民身份证号码 %(number)s（规则：网站不得泄露个人隐私信息）") % {
        "place": field_place(evidence.get("field")), "number": masked(value or "", 6, 4)}
