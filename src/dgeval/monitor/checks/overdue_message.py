"""overdue_message: a public message (留言) shown unanswered more than 5 working days after it was sent
(docs/checks.md).

Working days are counted with chinese_calendar, strictly after the sent date up to the as-of date, so holidays and
make-up working days (调休) count right: a message sent 2020-09-29 has 4 working days by 2020-10-12, not 9.

Messages are read two ways, on pages about messages (留言, 来信, 信箱, 咨询, 诉求… in the URL, title or breadcrumb):
- detail pages: one labelled sent date (留言时间：…); unanswered when a status says so (未回复, 待回复, 办理中…), or
  when no reply is shown (no reply date, empty reply, 暂无回复);
- list rows: a row with a pending status and a date; a row whose detail page was fetched defers to that page.
Messages answered late are not reported: the issue's rule (and the verdict's 3-month rule) is about messages left
unanswered; `working_days` of answered ones is not evidence of a defect on the page as shown.
Observed: each message page whose dates were read (a detail page with its sent date, a list page with a dated row
that shows a status).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping

import chinese_calendar
from selectolax.lexbor import LexborHTMLParser

from dgeval.i18n import gettext as _
from dgeval.monitor.checks import _columns, _dates
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "overdue_message"
TITLE = "留言超期未回复"

MESSAGE_CONTEXT = re.compile(r"留言|来信|信箱|咨询|诉求|投诉|问政|建言|民声|民意|网民|写信|guestbook|liuyan|xinxiang|mailbox", re.I)
PENDING = re.compile(r"未回复|待回复|未答复|待答复|办理中|处理中|受理中|未办结|待处理|未处理|待办理|暂未回复|暂无回复|尚未回复")
DONE = re.compile(r"已回复|已答复|已办结|已处理|已反馈|已回应|办结")
SENT_LABEL = re.compile(r"(?:留言|来信|提交|写信|咨询|投诉|提问|发表|发布|信件|诉求)(?:时间|日期)\s*[:：]?\s*")
REPLY_DATE = re.compile(r"(?:回复|答复|办理|处理|反馈|办结)(?:时间|日期)\s*[:：]?\s*")
REPLY_BODY = re.compile(r"(?:回复内容|答复内容|回复意见|答复意见|办理结果|处理结果|回复|答复)\s*[:：]\s*")
STATUS_LABEL = re.compile(r"(?:状态|办理状态|处理状态|回复状态)\s*[:：]\s*(\S{2,6})")
#: Text after a reply label that still means "no reply".
EMPTY_REPLY = re.compile(r"^(?:暂无|无|空|未回复|待回复|—+|-+)?\s*$")
NEXT_LABEL = re.compile(r"(?:留言|来信|回复|答复|办理|处理|状态|标题|主题|内容|时间|日期|单位|部门)[^\s:：]{0,4}\s*[:：]")


def working_days_after(sent: dt.date, as_of: dt.date) -> int:
    """Working days strictly after `sent`, up to and including `as_of` (weekdays where the calendar has no data)."""
    count = 0
    day = sent + dt.timedelta(days=1)
    while day <= as_of:
        try:
            workday = chinese_calendar.is_workday(day)
        except NotImplementedError:  # years the calendar does not cover yet
            workday = day.weekday() < 5
        count += workday
        day += dt.timedelta(days=1)
    return count


def _is_candidate(page: Page, index: _columns.SiteIndex) -> bool:
    """A page that may show messages: fetched, holding a sent-date label or a pending status, and about messages
    (by its URL, title or breadcrumb). Looks at this page alone, so a scan notes it as pages arrive."""
    if not index.usable(page):
        return False
    text = page.text
    if not (SENT_LABEL.search(text) or PENDING.search(text)):
        return False
    if MESSAGE_CONTEXT.search(page.url):
        return True
    title, crumb = index.outline(page)
    return bool(MESSAGE_CONTEXT.search(title) or MESSAGE_CONTEXT.search(crumb))


def read_tree(text: str, tree: LexborHTMLParser) -> tuple[str, str] | None:
    """The (title, breadcrumb) `_is_candidate` would parse the page for, read from a tree parsed already (the
    crawler's, for its links); None for a page `_is_candidate` decides without them. The tree loses its scripts and
    styles here, as `_columns.parse` drops them."""
    if not (SENT_LABEL.search(text) or PENDING.search(text)):
        return None
    for node in tree.css(_columns.SKIP_TAGS):
        node.decompose()
    return _columns.page_title(tree), _columns.breadcrumb(tree)


def notice_page(page: Page, site: Site, config: CheckConfig, outline: tuple[str, str] | None = None) -> bool | None:
    """True for a page that may show messages (see `_is_candidate`); `run` reads these from `site.notes`. OUTLINE
    is what `read_tree` read from the crawler's tree of the page, so that the page is not parsed again."""
    index = _columns.site_index(site)
    if outline is not None:
        index.outlines[page.url] = outline
    try:
        return True if _is_candidate(page, index) else None
    finally:
        index.outlines.pop(page.url, None)


def _date_after(label: re.Pattern[str], text: str) -> tuple[dt.date | None, int]:
    """The full date right after the first `label` in text, and how many such labels with a date there are."""
    found: list[dt.date] = []
    for match in label.finditer(text):
        dates = _dates.full_dates(text[match.end() : match.end() + 24])
        if dates and dates[0][1] == 0:
            found.append(dates[0][0])
    return (found[0] if found else None), len(found)


def _reply_shown(text: str) -> bool:
    for match in REPLY_BODY.finditer(text):
        after = text[match.end() : match.end() + 200]
        cut = NEXT_LABEL.search(after)
        body = after[: cut.start()] if cut else after
        if not EMPTY_REPLY.match(body.strip()) and not PENDING.search(body[:10]):
            return True
    return False


def _finding(url: str, title: str, sent: dt.date, status: str, site: Site, config: CheckConfig) -> Finding | None:
    if sent > site.as_of:
        return None
    working = working_days_after(sent, site.as_of)
    if working <= config.message_reply_working_days:
        return None
    days = (site.as_of - sent).days
    return Finding(
        check=NAME,
        url=url,
        page=url,
        value=title or None,
        severity="high" if days > 90 else "medium",
        evidence={
            "sent_date": sent.isoformat(),
            "working_days": working,
            "threshold_working_days": config.message_reply_working_days,
            "days_unanswered": days,
            "status_text": status,
        },
    )


def _detail(page: Page, index: _columns.SiteIndex) -> tuple[dt.date, str, str] | None | bool:
    """(sent date, status text, title) of an unanswered detail page; False if answered; None if not a detail page."""
    text = _columns.main_text(page.text)
    sent, count = _date_after(SENT_LABEL, text)
    if sent is None or count != 1:
        return None
    title = _columns.page_title(index.tree(page, keep=False))
    title_match = re.search(r"(?:留言标题|来信标题|信件标题|标题|主题)\s*[:：]\s*(\S[^:：]{1,60}?)\s+(?=\S{2,6}\s*[:：])", text)
    if title_match:
        title = title_match.group(1).strip()
    status_match = STATUS_LABEL.search(text)
    status = status_match.group(1) if status_match else ""
    if status and DONE.search(status) and not PENDING.search(status):
        return False
    if status and PENDING.search(status):
        return sent, PENDING.search(status).group(0), title  # type: ignore[union-attr]
    reply_date, _ = _date_after(REPLY_DATE, text)
    if reply_date is not None or _reply_shown(text):
        return False
    pending = PENDING.search(text)
    return sent, pending.group(0) if pending else "无回复", title


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    index = _columns.site_index(site)
    noted = site.notes.get(NAME)
    pages = [p for p in site.pages if (p.url in noted if noted is not None else _is_candidate(p, index))]
    emitted: set[tuple[str, str]] = set()  # (url, title): a list page can show several overdue messages
    details: set[str] = set()
    for page in pages:
        result = _detail(page, index)
        if result is None:
            continue
        yield Observed()  # a detail page whose sent date was read
        details.add(_columns.url_key(page.url))
        if result is False:
            continue
        sent, status, title = result  # type: ignore[misc]
        finding = _finding(page.url, title, sent, status, site, config)
        if finding is not None and (page.url, title) not in emitted:
            emitted.add((page.url, title))
            yield finding
    for page in pages:
        if _columns.url_key(page.url) in details:
            continue
        base = page.final_url or page.url
        dated_rows = False
        for item in _columns.extract_items(index.tree(page, keep=False), base, site.as_of):
            if item.url and _columns.url_key(item.url) in details:
                continue
            pending = PENDING.search(item.row_text)
            dated_rows = dated_rows or bool(item.dates and (pending or DONE.search(item.row_text)))
            if pending is None or not item.dates or (DONE.search(item.row_text) and not pending):
                continue
            detail = index.page(item.url)
            url = detail.url if detail is not None else page.url
            if (url, item.title) in emitted:
                continue
            labelled, _ = _date_after(SENT_LABEL, item.row_text)
            finding = _finding(url, item.title, labelled or min(item.dates), pending.group(0), site, config)
            if finding is not None:
                emitted.add((url, item.title))
                yield finding
        if dated_rows:
            yield Observed()  # a list page showing the dates of messages with their status


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    status = evidence.get("status_text")
    facts = {"message": _("留言%(title)s") % {"title": quoted(value)} if value else _("一条留言"),
             "sent": evidence["sent_date"], "days": evidence["working_days"],
             "limit": evidence["threshold_working_days"],
             # "无回复" is the check's own word for a page that shows no reply at all
             "shown": _("页面显示%(status)s") % {"status": quoted(status)} if status and status != "无回复"
             else _("页面没有显示答复")}
    return _("%(message)s于 %(sent)s 提交，已过 %(days)s 个工作日仍未答复，%(shown)s"
             "（规则：留言应在 %(limit)s 个工作日内答复）") % facts
