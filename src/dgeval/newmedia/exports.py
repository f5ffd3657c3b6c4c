"""The columns of the three export files — accounts, posts, messages — and their parsing into typed rows.

Documented column by column in docs/new-media.md. Headers are matched by their Chinese name or an alias (the names
the WeChat and Weibo back offices use, or English ones); unknown columns are ignored. Every bad value is reported
with its row and column, all of them at once (up to `MAX_ERRORS`), and the file is refused as a whole: the caller
stores nothing from a file with an error. Rows that share a natural key within one file are an error too: the key
is what makes a second import of the same file change nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Generic, Mapping, TypeVar

from dgeval.i18n import gettext as _
from dgeval.newmedia.files import ExportError, Limits, Record, RowError, Table, read_table
from dgeval.newmedia.model import Message, Post

MAX_ERRORS = 50
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases, self.key)


ACCOUNT_COLUMNS = (
    Column("owner", "主办单位", ("主办单位编码", "单位", "owner_code"), True),
    Column("kind", "账号类型", ("平台", "类型", "platform"), True),
    Column("name", "账号名称", ("名称", "account_name"), True),
    Column("key", "账号ID", ("原始ID", "微博UID", "UID", "包名", "platform_id"), True),
    Column("verification", "认证状态", ("认证", "verified")),
    Column("verified_subject", "认证主体", ("认证信息", "主体", "subject")),
    Column("url", "链接", ("网址", "下载地址", "url")),
    Column("opened_on", "开通日期", ("开设日期", "注册日期", "opened")),
    Column("status", "状态", ("账号状态", "运行状态")),
    Column("registered", "已备案", ("备案", "已纳入名录", "registered")),
)
POST_COLUMNS = (
    Column("published_at", "发布时间", ("发表时间", "时间", "date"), True),
    Column("title", "标题", ("文章标题", "微博标题"), True),
    Column("original", "类型", ("原创/转载", "是否原创", "type")),
    Column("category", "分类", ("栏目", "信息类别")),
    Column("link", "链接", ("文章链接", "网址", "url")),
    Column("text", "正文", ("内容", "摘要", "微博内容")),
    Column("reads", "阅读数", ("阅读", "阅读量")),
    Column("likes", "点赞数", ("点赞", "在看", "赞")),
    Column("comments", "评论数", ("评论",)),
    Column("shares", "转发数", ("转发", "分享数", "分享")),
)
MESSAGE_COLUMNS = (
    Column("sent_at", "留言时间", ("时间", "提交时间"), True),
    Column("text", "留言内容", ("内容", "留言"), True),
    Column("shown", "是否公开", ("精选", "是否精选", "公开", "shown")),
    Column("replied_at", "回复时间", ("答复时间",)),
    Column("reply", "回复内容", ("回复", "答复内容")),
)

KIND_WORDS: Mapping[str, str] = {
    "微信服务号": "wechat_service", "服务号": "wechat_service", "wechat_service": "wechat_service",
    "微信订阅号": "wechat_subscription", "订阅号": "wechat_subscription", "微信公众号": "wechat_subscription",
    "wechat_subscription": "wechat_subscription",
    "微信小程序": "mini_program", "小程序": "mini_program", "mini_program": "mini_program",
    "政务app": "app", "app": "app", "客户端": "app", "移动客户端": "app",
    "政务微博": "weibo", "微博": "weibo", "weibo": "weibo",
}
VERIFICATION_WORDS: Mapping[str, str] = {
    "已认证": "verified", "认证": "verified", "是": "verified", "verified": "verified",
    "未认证": "unverified", "否": "unverified", "unverified": "unverified",
    "": "unknown", "未核实": "unknown", "unknown": "unknown",
}
STATUS_WORDS: Mapping[str, str] = {
    "": "active", "正常": "active", "在用": "active", "运行": "active", "active": "active",
    "休眠": "dormant", "停更": "dormant", "dormant": "dormant",
    "已关停": "closed", "关停": "closed", "注销": "closed", "已注销": "closed", "closed": "closed",
}
YES = frozenset({"是", "y", "yes", "true", "1", "已精选", "精选", "公开", "已公开", "已备案"})
NO = frozenset({"否", "n", "no", "false", "0", "未精选", "不公开", "未公开", "未备案"})
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S")
_COUNT = re.compile(r"^(\d+(?:\.\d+)?)(万)?\+?$")
#: Years an export may speak of: a typo such as 2002 or 20200 is an error, not a date.
_YEARS = range(2009, 2101)


@dataclass(frozen=True, slots=True)
class Row(Generic[T]):
    """A parsed row and its number in the file."""

    number: int
    value: T


@dataclass(frozen=True, slots=True)
class AccountRow:
    owner: str
    kind: str
    name: str
    key: str
    verification: str
    verified_subject: str
    url: str
    opened_on: dt.date | None
    status: str
    registered: bool


class _Bad(ValueError):
    """A value that does not parse; the message says what was expected."""


def parse_datetime(text: str) -> dt.datetime:
    text = text.strip().replace("T", " ")
    if not text:
        raise _Bad(_("不能为空"))
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = None
        day, _sep, clock = text.partition(" ")
        for date_format in _DATE_FORMATS:
            for time_format in (_TIME_FORMATS if clock else ("",)):
                try:
                    value = dt.datetime.strptime(f"{day} {clock}".strip(), f"{date_format} {time_format}".strip())
                    break
                except ValueError:
                    continue
            if value is not None:
                break
    if value is None:
        raise _Bad(_("“%(text)s”不是日期时间（应如 2020-10-05 09:30）") % {"text": text})
    if value.tzinfo is not None:  # exports speak Beijing time; an offset is turned into it
        value = value.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
    if value.year not in _YEARS:
        raise _Bad(_("年份 %(year)d 不合理") % {"year": value.year})
    return value


def parse_date(text: str) -> dt.date | None:
    return parse_datetime(text).date() if text.strip() else None


def parse_count(text: str) -> int | None:
    """A non-negative count; “10万+” as the WeChat back office shows large ones, “1,234” with separators."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    match = _COUNT.match(text)
    if not match:
        raise _Bad(_("“%(text)s”不是非负整数") % {"text": text})
    number = float(match.group(1)) * (10_000 if match.group(2) else 1)
    if not number.is_integer():
        raise _Bad(_("“%(text)s”不是整数") % {"text": text})
    return int(number)


def parse_yes_no(text: str, default: bool) -> bool:
    word = text.strip().lower()
    if not word:
        return default
    if word in YES:
        return True
    if word in NO:
        return False
    raise _Bad(_("“%(text)s”应为“是”或“否”") % {"text": text})


def parse_original(text: str) -> bool | None:
    word = text.strip()
    if not word:
        return None
    if word in ("原创", "是"):
        return True
    if word in ("转载", "否", "分享"):
        return False
    raise _Bad(_("“%(text)s”应为“原创”或“转载”") % {"text": text})


def _word(table: Mapping[str, str], what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        key = text.strip().lower()
        if key in table:
            return table[key]
        known = "、".join(dict.fromkeys(w for w in table if w and not w.isascii()))
        raise _Bad(_("“%(text)s”不是有效的%(what)s（可选：%(known)s）") % {"text": text, "what": what, "known": known})
    return parse


def parse_url(text: str) -> str:
    text = text.strip()
    if text and not re.match(r"^https?://[^\s/]+", text, re.I):
        raise _Bad(_("“%(text)s”不是以 http:// 或 https:// 开头的网址") % {"text": text})
    return text


def _text(limit: int, required: bool = False) -> Callable[[str], str]:
    def parse(text: str) -> str:
        text = text.strip()
        if required and not text:
            raise _Bad(_("不能为空"))
        if len(text) > limit:
            raise _Bad(_("超过 %(limit)d 字") % {"limit": limit})
        return text
    return parse


class _Reader:
    """Finds the columns of a table and parses cells, collecting every error instead of stopping at the first."""

    def __init__(self, table: Table, columns: tuple[Column, ...]) -> None:
        self.table = table
        self.errors: list[RowError] = []
        self.names: dict[str, str] = {}
        present = {h.lower(): h for h in table.header}
        for column in columns:
            found = next((present[n.lower()] for n in column.names() if n.lower() in present), None)
            if found is not None:
                self.names[column.key] = found
            elif column.required and (table.records or table.header):
                self.errors.append(RowError(None, column.label, _("缺少必填列（表头应为“%(label)s”）") % {
                    "label": column.label}, table.unit))
        self.labels = {c.key: c.label for c in columns}
        self.done()  # without its required columns no row can be read

    def cell(self, record: Record, key: str, parse: Callable[[str], T]) -> T | None:
        raw = record.values.get(self.names[key], "") if key in self.names else ""
        try:
            return parse(raw)
        except _Bad as exc:
            self.errors.append(RowError(record.number, self.names.get(key, self.labels[key]), str(exc),
                                        self.table.unit))
            return None

    def duplicate(self, record: Record, first: int, what: str) -> None:
        self.errors.append(RowError(record.number, "", _("与第 %(first)d %(unit)s重复（%(what)s相同）") % {
            "first": first, "unit": _("条") if self.table.unit == "item" else _("行"), "what": what},
            self.table.unit))

    def done(self) -> None:
        if self.errors:
            raise ExportError(self.table.source, self.errors[:MAX_ERRORS])

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_ERRORS


def _rows(reader: _Reader, parse: Callable[[Record], T | None], key: Callable[[T], object], what: str) -> list[Row[T]]:
    """Every row PARSE reads without an error, refusing rows whose KEY came before (WHAT names the key)."""
    rows: list[Row[T]] = []
    seen: dict[object, int] = {}
    for record in reader.table.records:
        if reader.full:
            break
        errors = len(reader.errors)
        value = parse(record)
        if value is None or len(reader.errors) > errors:
            continue
        if key(value) in seen:
            reader.duplicate(record, seen[key(value)], what)
            continue
        seen[key(value)] = record.number
        rows.append(Row(record.number, value))
    reader.done()
    return rows


def read_accounts(data: bytes, filename: str, limits: Limits = Limits()) -> list[Row[AccountRow]]:
    """Accounts of an account list; the natural key is (账号类型, 账号ID)."""
    reader = _Reader(read_table(data, filename, limits), ACCOUNT_COLUMNS)

    def parse(record: Record) -> AccountRow:
        return AccountRow(
            owner=reader.cell(record, "owner", _text(200, required=True)) or "",
            kind=reader.cell(record, "kind", _word(KIND_WORDS, _("账号类型"))) or "",
            name=reader.cell(record, "name", _text(200, required=True)) or "",
            key=reader.cell(record, "key", _text(200, required=True)) or "",
            verification=reader.cell(record, "verification", _word(VERIFICATION_WORDS, _("认证状态"))) or "unknown",
            verified_subject=reader.cell(record, "verified_subject", _text(200)) or "",
            url=reader.cell(record, "url", parse_url) or "",
            opened_on=reader.cell(record, "opened_on", parse_date),
            status=reader.cell(record, "status", _word(STATUS_WORDS, _("状态"))) or "active",
            registered=bool(reader.cell(record, "registered", lambda t: parse_yes_no(t, True))),
        )

    return _rows(reader, parse, lambda a: (a.kind, a.key), _("账号类型和账号ID"))


def read_posts(data: bytes, filename: str, limits: Limits = Limits()) -> list[Row[Post]]:
    """Posts of one account; the natural key is (发布时间, 标题)."""
    reader = _Reader(read_table(data, filename, limits), POST_COLUMNS)

    def parse(record: Record) -> Post | None:
        published = reader.cell(record, "published_at", parse_datetime)
        title = reader.cell(record, "title", _text(500, required=True))
        post = Post(
            published_at=published or dt.datetime.min, title=title or "",
            original=reader.cell(record, "original", parse_original),
            category=reader.cell(record, "category", _text(100)) or "",
            link=reader.cell(record, "link", parse_url) or "",
            text=reader.cell(record, "text", _text(20_000)) or "",
            reads=reader.cell(record, "reads", parse_count), likes=reader.cell(record, "likes", parse_count),
            comments=reader.cell(record, "comments", parse_count), shares=reader.cell(record, "shares", parse_count),
        )
        return post if published is not None else None

    return _rows(reader, parse, lambda p: (p.published_at, p.title), _("发布时间和标题"))


def read_messages(data: bytes, filename: str, limits: Limits = Limits()) -> list[Row[Message]]:
    """Messages of one account; the natural key is (留言时间, 留言内容). A reply needs both its time and its text."""
    reader = _Reader(read_table(data, filename, limits), MESSAGE_COLUMNS)

    def parse(record: Record) -> Message | None:
        errors = len(reader.errors)
        sent = reader.cell(record, "sent_at", parse_datetime)
        text = reader.cell(record, "text", _text(5_000, required=True)) or ""
        replied = reader.cell(record, "replied_at", lambda t: parse_datetime(t) if t.strip() else None)
        reply = reader.cell(record, "reply", _text(5_000)) or ""
        shown = reader.cell(record, "shown", lambda t: parse_yes_no(t, True))
        if len(reader.errors) > errors or sent is None:
            return None
        problem = ""
        if reply and replied is None:
            column, problem = "replied_at", _("已填回复内容，缺少回复时间")
        elif replied is not None and not reply:
            column, problem = "reply", _("已填回复时间，缺少回复内容")
        elif replied is not None and replied < sent:
            column, problem = "replied_at", _("回复时间早于留言时间")
        if problem:
            reader.errors.append(RowError(record.number, reader.names.get(column, reader.labels[column]), problem,
                                          reader.table.unit))
            return None
        return Message(sent_at=sent, text=text, shown=bool(shown), replied_at=replied, reply=reply)

    return _rows(reader, parse, lambda m: (m.sent_at, m.text), _("留言时间和留言内容"))
