"""Dates as Chinese government pages print them, for the freshness and message checks (see docs/checks.md).

Full dates: 2020-10-12, 2020/10/12, 2020.10.12, 2020年10月12日 (an optional time after them is ignored).
Short dates: 10-12, [10-12], 10月12日 — month and day only, the year printed elsewhere (the item's link, the page's
URL path) or, failing that, inferred from the as-of date. A year alone ("2019年工作报告", "Copyright 2003-2020") is
never a date, and dates behind labels that describe the page rather than an item (更新时间, 今天是, 访问量) are
dropped by `item_dates`' callers through `is_page_label`.
"""

from __future__ import annotations

import datetime as dt
import re

FULL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})\s*"
    r"(?:(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日?)"
    r"(?![\d])"
)
#: A month-day token standing alone (after the title has been removed from an item's text).
SHORT_DATE_TOKEN = re.compile(
    r"^[\[\(（【〔]?\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?\s*[\]\)）】〕]?$"
)
#: Years in URL paths: /2020/, /202010/, /2020-10/, /t20201012_123.html, /art/2020/10/12/.
URL_YEAR = re.compile(r"(?:^|[/_\-t])((?:19|20)\d{2})(?:[/_\-]|(?:0[1-9]|1[0-2])(?:[0-3]\d)?(?:[/_\-.]|$))")
#: Labels whose date describes the page or the visitor's day, not a list item.
PAGE_LABEL = re.compile(r"(更新时间|更新日期|最后更新|今天是|今日|当前日期|当前时间|访问量|浏览次数|copyright|©|版权)\s*[:：]?\s*$", re.I)

MIN_YEAR = 1990


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < MIN_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every full date in `text` with its (start, end) span; impossible dates (2020-13-40) are skipped."""
    out = []
    for match in FULL_DATE.finditer(text):
        month = match.group("m") or match.group("m2")
        day = match.group("d") or match.group("d2")
        date = _make(int(match.group("y")), int(month), int(day))
        if date is not None:
            out.append((date, match.start(), match.end()))
    return out


def is_page_label(text: str, start: int) -> bool:
    """True when the date at `start` follows a label such as 更新时间： (within the 12 characters before it)."""
    return PAGE_LABEL.search(text[max(0, start - 12) : start]) is not None


def item_full_dates(text: str) -> list[dt.date]:
    """Full dates of an item's text, without those behind page-level labels."""
    return [date for date, start, _ in full_dates(text) if not is_page_label(text, start)]


def short_date(token: str) -> tuple[int, int] | None:
    """(month, day) when `token` is nothing but a month-day date such as "[10-12]" or "10月12日"."""
    match = SHORT_DATE_TOKEN.match(token.strip())
    if not match:
        return None
    month, day = int(match.group("m")), int(match.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return month, day


def year_from_url(url: str | None) -> int | None:
    """The year a URL path carries (/2020/, /202010/, t20201012), if any; the host and query are ignored."""
    if not url:
        return None
    path = url.split("://", 1)[-1]
    slash = path.find("/")
    path = path[slash:] if slash >= 0 else ""
    path = path.split("?", 1)[0]
    match = URL_YEAR.search(path)
    if not match:
        return None
    year = int(match.group(1))
    return year if year >= MIN_YEAR else None


def with_year(month: int, day: int, year: int | None, as_of: dt.date) -> dt.date | None:
    """Complete a month-day date: with the known year, else the latest year that does not put it after `as_of`.

    The inference errs toward "recent", so an unknown year can hide a stale column but never invent one.
    """
    if year is not None:
        return _make(year, month, day)
    for candidate in (as_of.year, as_of.year - 1):
        date = _make(candidate, month, day)
        if date is not None and date <= as_of:
            return date
    return None


def latest(dates: list[dt.date], as_of: dt.date) -> dt.date | None:
    """The newest date not after `as_of`; if every date is later (event dates), the earliest of them."""
    past = [d for d in dates if d <= as_of]
    if past:
        return max(past)
    return min(dates) if dates else None


def past_period(days_old: int | None, period_days: int) -> bool:
    """Whether something last updated `days_old` days ago (None: never, as far as anyone can tell) is past a period.

    The rules say 超过 (more than) two weeks, six months, a year: the period's last day is still within it, so a
    14-day column whose newest item is 14 days old is fresh and one 15 days old is stale.
    """
    return days_old is None or days_old > period_days
