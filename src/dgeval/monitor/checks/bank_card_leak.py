"""Bank card numbers of private persons (隐私保护; docs/checks.md).

A number is reported when all hold: 16-19 digits (plain or in groups of four), not inside a longer digit run, not
masked (6222 **** **** 1234), passing the Luhn check every card number passes, and labelled as a card or account
number — by a keyword just before it on its line (银行卡, 卡号, 账号, 开户…) or by the heading of its table column.
An 18-digit number that is a valid resident ID number belongs to `id_number_leak` and is not reported twice.
Organisations' accounts (户名：某某市财政局 账号：…) are public by design, so a line or row naming an organisation
and no private person is left out; one such account in ten passes the Luhn check by chance. Observed: each page or
attachment whose text was read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks._identifiers import (
    CARD_RE,
    digit_windows,
    digits_only,
    is_resident_id,
    luhn_valid,
    normalize,
)
from dgeval.monitor.checks._sentences import field_place, masked
from dgeval.monitor.checks._text import Table, context, page_content, readable, where
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "bank_card_leak"
TITLE = gettext_noop("银行卡号泄露")

_KEYWORD_RE = re.compile(r"银行卡|卡号|账号|帐号|开户|银行账户|存折|社保卡|工资卡|一卡通|折号")
_HEADING_RE = re.compile(r"银行卡|卡号|账号|帐号|账户|帐户|开户|存折|折号|一卡通")
_ORGANISATION_RE = re.compile(r"财政|局|委员会|政府|公司|中心|办公室|专户|基金会|医院|学校|协会|红十字|管委会|单位")
_ORGANISATION_NAME_RE = re.compile(r"(?:局|厅|委员会|政府|公司|中心|办公室|专户|基金会|医院|学校|协会|红十字会|管委会|所|站|院)$")
_PERSON_RE = re.compile(r"姓名|持卡人|户主|申请人|收款人|领取人|本人|个人")
_NAME_HEADING_RE = re.compile(r"户名|名称|单位|收款人|账户名")
_KEYWORD_WINDOW = 30


def _cards(text: str, as_of: dt.date, pos: int = 0) -> Iterator[tuple[str, int, int]]:
    for match in CARD_RE.finditer(text, pos):
        number = digits_only(match.group(1))
        if 16 <= len(number) <= 19 and luhn_valid(number) and not is_resident_id(number, as_of):
            yield number, match.start(1), match.end(1)


def _may_leak(page: Page, as_of: dt.date) -> bool:
    """A cheap pass over the raw page: parse only pages holding a Luhn-valid candidate somewhere (in markup too)."""
    return any(True for window, pos in digit_windows(page.text) for _ in _cards(window, as_of, pos))


def _table_cards(table: Table, site: Site) -> Iterator[tuple[str, str]]:
    """(number, heading) of card numbers in columns headed as card or account numbers."""
    for row in table.rows:
        named_org = any(
            _NAME_HEADING_RE.search(table.heading(i)) and _ORGANISATION_NAME_RE.search(cell)
            for i, cell in enumerate(row)
        )
        if named_org:
            continue
        for i, cell in enumerate(row):
            heading = table.heading(i)
            if _HEADING_RE.search(heading):
                for number, _, _ in _cards(normalize(cell), site.as_of):
                    yield number, heading


def _page_findings(page: Page, site: Site) -> Iterator[Finding]:
    content = page_content(page)
    url, seen_on, location = where(page)
    text = normalize(content.text)
    found: dict[str, tuple[int, int, str, str]] = {}  # number -> (start, end, field, label)
    for table in content.tables:
        for number, heading in _table_cards(table, site):
            found.setdefault(number, (-1, -1, "table", heading))
    for number, start, end in _cards(text, site.as_of):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        before = text[max(line_start, start - _KEYWORD_WINDOW) : start]
        keyword = _KEYWORD_RE.search(before)
        if number in found:
            found[number] = (start, end, found[number][2], found[number][3])
        elif keyword and (_PERSON_RE.search(line) or not _ORGANISATION_RE.search(line)):
            found[number] = (start, end, "text", keyword.group(0))
    for number, (start, end, field, label) in found.items():
        yield Finding(
            check=NAME,
            url=url,
            page=seen_on,
            value=number,
            severity="high",
            evidence={
                "context": context(text, start, end) if start >= 0 else number,
                "field": location or field,
                "label": label,
            },
        )


def run_page(page: Page, site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding per distinct labelled card number on this page or attachment."""
    if not readable(page):
        return
    yield Observed()
    if _may_leak(page, site.as_of):
        yield from _page_findings(page, site)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    for page in site.pages:
        yield from run_page(page, site, config)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return _("%(place)s公开了个人银行卡号 %(number)s（规则：网站不得泄露个人隐私信息）") % {
        "place": field_place(evidence.get("field")), "number": masked(value or "", 4, 4)}
