"""overdue_message: a public message (留言) shown unanswered more than 5 working days after it was sent
(docs/checks.md).

Working days are counted by `dgeval.workdays` (the platform's one counter), strictly after the sent date up to the
as-of date, so holidays and make-up working days (调休) count right: a message sent 2020-09-29 has 4 working days by
2020-10-12, not 9. A message in a year the official calendar does not cover is not judged.

A message page is told by what it shows, wherever it sits and whatever its URL (`is_message_page`): labelled message
fields (留言人：, 留言时间：, 来信时间, 办理状态, 答复单位… followed by a colon or as a table heading), at least two of
them with one a sent date or a status; or, on a list, rows that each carry a status (暂无答复, 处理中, 已办结…) and a
date. A news article that mentions 留言 in passing, or a FAQ that explains how to look up a 办理状态, shows neither.
Messages are then read two ways:
- detail pages: one labelled sent date (留言时间：…); unanswered when a status says so (未回复, 待回复, 办理中…), or
  when no reply is shown (no reply date, empty reply, 暂无回复);
- list rows: a row with a pending status and a date; a row whose detail page was fetched defers to that page.
Messages answered late are not reported: the rule (and the verdict's 3-month rule) is about messages left
unanswered; `working_days` of answered ones is not evidence of a defect on the page as shown.
Observed: each message page whose dates were read (a detail page with its sent date, a list page with a dated row
that shows a status).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping, NamedTuple

import ahocorasick_rs

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import _dates, _items, _markup, _site_index, _urls
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks._text import visible_text
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site
from dgeval.workdays import working_days_between

NAME = "overdue_message"
TITLE = gettext_noop("留言超期未回复")

PENDING_WORDS = ("未回复", "待回复", "未答复", "待答复", "办理中", "处理中", "受理中", "未办结", "待处理", "未处理", "待办理",
                 "暂未回复", "暂无回复", "暂无答复", "尚未回复")
DONE_WORDS = ("已回复", "已答复", "已办结", "已处理", "已反馈", "已回应", "办结")
PENDING = re.compile("|".join(PENDING_WORDS))
DONE = re.compile("|".join(DONE_WORDS))
_SENDERS = ("留言", "来信", "写信", "提问", "咨询", "投诉")
#: Every message field name. None is the start of another, so a page's text matches at most one at a place.
FIELD_NAMES = (
    *(sender + part for sender in _SENDERS for part in ("人", "时间", "日期", "标题", "主题", "内容")),
    *("信件" + part for part in ("标题", "编号", "内容")),
    *(handling + part for handling in ("办理", "处理", "回复", "答复")
      for part in ("状态", "时间", "日期", "单位", "部门", "内容", "意见", "结果")),
    "受理单位", "办结时间",
)
#: A message field as a page labels it: followed by a colon, or alone on its line (a table heading or <dt>).
FIELD_LABEL = re.compile(rf"({'|'.join(FIELD_NAMES)})\s*(?:[:：]|\n|$)", re.M)
#: The fields that make two labels a message page: a sent date, a sender or a status.
KEY_FIELD = re.compile(r"人$|(?:留言|来信|写信|提问|咨询|投诉)(?:时间|日期)$|状态$")
#: The raw-HTML pre-filter's two automata, over the page's UTF-8 bytes (20,000-character pages: `re` took 0.5 ms a
#: page over these alternations, Aho–Corasick 0.05 ms). The status words keep the order of the alternation and
#: leftmost-first matching, as `re` reads an alternation, so their non-overlapping matches are those `re.finditer`
#: would find; UTF-8 holds a word's bytes exactly where the word occurs.
_FIELD_SEARCH = ahocorasick_rs.BytesAhoCorasick([name.encode() for name in FIELD_NAMES])
_STATUS_SEARCH = ahocorasick_rs.BytesAhoCorasick([word.encode() for word in PENDING_WORDS + DONE_WORDS],
                                                 matchkind=ahocorasick_rs.MatchKind.LeftmostFirst)
#: A list row with a status: short lines (a news paragraph is longer) holding a status and a date.
MAX_ROW_CHARS = 80
MIN_STATUS_ROWS = 2
SENT_LABEL = re.compile(r"(?:留言|来信|提交|写信|咨询|投诉|提问|发表|发布|信件|诉求)(?:时间|日期)\s*[:：]?\s*")
REPLY_DATE = re.compile(r"(?:回复|答复|办理|处理|反馈|办结)(?:时间|日期)\s*[:：]?\s*")
REPLY_BODY = re.compile(r"(?:回复内容|答复内容|回复意见|答复意见|办理结果|处理结果|回复|答复)\s*[:：]\s*")
STATUS_LABEL = re.compile(r"(?:状态|办理状态|处理状态|回复状态)\s*[:：]\s*(\S{2,6})")
#: Text after a reply label that still means "no reply".
EMPTY_REPLY = re.compile(r"^(?:暂无|无|空|未回复|待回复|—+|-+)?\s*$")
NEXT_LABEL = re.compile(r"(?:留言|来信|回复|答复|办理|处理|状态|标题|主题|内容|时间|日期|单位|部门)[^\s:：]{0,4}\s*[:：]")


def is_message_page(text: str) -> bool:
    """Whether a page's visible text (block boundaries as newlines) shows messages: two labelled message fields,
    one of them a sent date, a sender or a status; or `MIN_STATUS_ROWS` short rows holding a status and a date."""
    labels = {match.group(1) for match in FIELD_LABEL.finditer(text)}
    if len(labels) >= 2 and any(KEY_FIELD.search(label) for label in labels):
        return True
    rows = 0
    for line in text.split("\n"):
        if len(line) <= MAX_ROW_CHARS and (PENDING.search(line) or DONE.search(line)) and _dates.full_dates(line):
            rows += 1
            if rows >= MIN_STATUS_ROWS:
                return True
    return False


def _is_candidate(page: Page) -> bool:
    """A fetched HTML page that shows messages (`is_message_page`). Looks at this page alone, so a scan notes it
    as pages arrive; the raw-HTML pre-filter spares the parse of nearly every other page."""
    if not page.is_html or page.is_attachment or page.error or (page.status or 200) >= 400:
        return False
    return _may_be_messages(page.text) and is_message_page(visible_text(page.text))


def _may_be_messages(html: str) -> bool:
    """A raw-HTML pre-filter: a message field name, or a status word twice (most pages of a site have neither)."""
    data = html.encode("utf-8", "surrogatepass")
    return bool(_FIELD_SEARCH.find_matches_as_indexes(data)) or len(_STATUS_SEARCH.find_matches_as_indexes(data)) >= 2


def notice_page(page: Page, site: Site, config: CheckConfig) -> bool | None:
    """True for a page that shows messages (see `_is_candidate`); `run` reads these from `site.notes`."""
    return True if _is_candidate(page) else None


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
    try:
        working = working_days_between(sent, site.as_of)
    except ValueError:  # a year the official calendar does not cover: not judged rather than guessed
        return None
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


def _detail(page: Page, index: _site_index.SiteIndex) -> tuple[dt.date, str, str] | None | bool:
    """(sent date, status text, title) of an unanswered detail page; False if answered; None if not a detail page."""
    text = _markup.main_text(page.text)
    sent, count = _date_after(SENT_LABEL, text)
    if sent is None or count != 1:
        return None
    title = _markup.page_title(index.tree(page, keep=False))
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


class Messages(NamedTuple):
    """What `read` saw on a site: the findings, and how much it could judge (for a scan's coverage figures)."""

    findings: list[Finding]
    pages: int  # message pages (detail pages and lists)
    dated: int  # messages with a readable sent date, answered or not: detail pages and list rows
    dated_pages: int  # message pages whose dates were read: what a scan counts as observed


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    messages = read(site, config)
    if messages.dated_pages:
        yield Observed(messages.dated_pages)
    yield from messages.findings


def read(site: Site, config: CheckConfig) -> Messages:
    """The overdue messages of a site and what was observed to find them."""
    index = _site_index.site_index(site)
    noted = site.notes.get(NAME)
    pages = [p for p in site.pages if (p.url in noted if noted is not None else _is_candidate(p))]
    findings: list[Finding] = []
    emitted: set[tuple[str, str]] = set()  # (url, title): a list page can show several overdue messages
    details: set[str] = set()
    for page in pages:
        result = _detail(page, index)
        if result is None:
            continue
        details.add(_urls.url_key(page.url))  # a detail page whose sent date was read
        if result is False:
            continue
        sent, status, title = result  # type: ignore[misc]
        finding = _finding(page.url, title, sent, status, site, config)
        if finding is not None and (page.url, title) not in emitted:
            emitted.add((page.url, title))
            findings.append(finding)
    dated_rows = 0
    dated_lists = 0  # list pages showing the dates of messages with their status
    for page in pages:
        if _urls.url_key(page.url) in details:
            continue
        base = page.final_url or page.url
        rows_before = dated_rows
        for item in _items.extract_items(index.tree(page, keep=False), base, site.as_of):
            if item.url and _urls.url_key(item.url) in details:
                continue
            pending = PENDING.search(item.row_text)
            if item.dates and (pending or DONE.search(item.row_text)):
                dated_rows += 1
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
                findings.append(finding)
        dated_lists += dated_rows > rows_before
    return Messages(findings, len(pages), len(details) + dated_rows, len(details) + dated_lists)


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
