"""Columns (栏目) of a site and the dated items their list pages show, shared by the freshness checks.

Used by stale_column, blank_column, homepage_not_updated, orphan_interpretation and overdue_message
(see docs/checks.md). Markup varies from site to site, so nothing here relies on a CMS's class names:

- columns come from the homepage's navigation (nav/header/menu containers), block headings and the "更多" links next
  to list blocks, then one level down from the column pages themselves (sub-column menus);
- an item is a title link and its row — the highest ancestor holding no other title link (li, tr, dl, a div…) —
  and its date is the date printed in the row outside the title, whatever the style (see `_dates`);
- a column's pages are its first list page plus the pagination pages present in `site.pages`;
- a list block shown identically on the list pages of several columns (a 最新发布 box) is a widget, not the columns'
  own items (`widget_blocks`).

Template parts (header, nav, footer, breadcrumb, pagination) are recognised by tag and by class/id words; text the
homepage also shows (slogans, footers) does not count as a column page's content.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.errors import CheckError
from dgeval.monitor.checks import _dates
from dgeval.monitor.model import Page, Site
from dgeval.monitor.page import resolve as page_resolve

# --- text and URL helpers -------------------------------------------------------------------------------------------

_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:s?html?|php|jsp|aspx?)$", re.I)
ATTACHMENT_EXT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|txt|zip|rar|7z|pptx?|ofd|jpe?g|png|gif|bmp)$", re.I)


def clean(text: str | None) -> str:
    """Text with runs of whitespace (incl. &nbsp; and full-width spaces) folded to one space."""
    return " ".join((text or "").split())  # str.split and re's \s agree on what whitespace is


def resolve(base: str, href: str | None) -> str | None:
    """Absolute http(s) URL of `href` without fragment, or None (javascript:, mailto:, #…): the crawler's resolver."""
    return page_resolve(base, href) if href else None


@lru_cache(maxsize=65_536)
def url_key(url: str) -> str:
    """Comparison key of a URL: no fragment, scheme-less, index file and trailing slash dropped (/a/ == /a/index.html)."""
    url = url.split("#", 1)[0]
    url = url.split("://", 1)[-1]
    host, slash, rest = url.partition("/")
    rest = _INDEX_FILE.sub("/", slash + rest)
    rest = rest.rstrip("/") if "?" not in rest else rest
    return host.lower().removeprefix("www.") + rest


def host_key(url: str) -> str:
    return url_key(url).split("/", 1)[0]


def directory_key(url: str) -> str:
    key = url_key(url).split("?", 1)[0]
    last = key.rsplit("/", 1)
    return last[0] if "." in last[-1] else key


# --- template recognition -------------------------------------------------------------------------------------------

TEMPLATE_TAGS = frozenset({"header", "nav", "footer"})
_TEMPLATE_SUBSTRINGS = ("nav", "menu", "header", "footer", "crumb", "weizhi", "dqwz", "copyright", "yqlj",
                        "friendlink", "daohang")
_TEMPLATE_TOKENS = frozenset({
    "head", "foot", "top", "bottom", "banner", "position", "location", "curpos", "pager",
    "pagination", "paging", "pagebar", "pagebox", "fenye", "share", "links", "bq", "dh", "wzdh",
})
_PAGER_TOKENS = frozenset({"page", "pages", "pager", "pagination", "paging", "pagebar", "pagebox", "fenye"})
_NAV_SUBSTRINGS = ("nav", "menu", "daohang")
_NAV_TOKENS = frozenset({"dh", "lanmu", "channel", "lm"})
_HEADING_TOKEN = re.compile(
    r"(?:^|[-_])(?:tit|title|titles|hd|head|heading|bt|biaoti|tab|tabs|lm|lmmc|lanmu|colname)(?:$|[-_\d])"
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIP_TAGS = "script, style, noscript, template"


def _tokens(node: LexborNode) -> list[str]:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split()


def is_template_node(node: LexborNode) -> bool:
    """A header, nav, footer, breadcrumb or pager element (by tag, or by a class/id word)."""
    if node.tag in TEMPLATE_TAGS:
        return True
    for token in _tokens(node):
        if token in _TEMPLATE_TOKENS or any(part in token for part in _TEMPLATE_SUBSTRINGS):
            return True
    return False


def in_template(node: LexborNode, memo: dict[int, bool] | None = None) -> bool:
    """Whether the node or an ancestor is template. `memo` (node id -> answer) is shared by the calls on one tree:
    the links of a list share their ancestors, so each ancestor is looked at once."""
    current: LexborNode | None = node
    path: list[int] = []
    found = False
    while current is not None and current.tag not in ("body", "html", "-undef"):
        if memo is not None:
            known = memo.get(current.mem_id)
            if known is not None:
                found = known
                break
            path.append(current.mem_id)
        if is_template_node(current):
            found = True
            break
        current = current.parent
    if memo is not None:
        for mem_id in path:
            memo[mem_id] = found
    return found


def _ancestors(node: LexborNode, levels: int) -> Iterator[LexborNode]:
    current = node.parent
    while current is not None and levels > 0 and current.tag not in ("body", "html"):
        yield current
        current = current.parent
        levels -= 1


def in_nav(node: LexborNode) -> bool:
    """Inside a navigation container (nav/header tag or a nav/menu class word)."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", "-undef"):
        if current.tag in ("nav", "header"):
            return True
        tokens = _tokens(current)
        if _NAV_TOKENS.intersection(tokens) or any(w in t for t in tokens for w in _NAV_SUBSTRINGS):
            return True
        current = current.parent
    return False


def in_pager(node: LexborNode) -> bool:
    return any(_PAGER_TOKENS.intersection(_tokens(ancestor)) for ancestor in _ancestors(node, 4))


# --- link texts -----------------------------------------------------------------------------------------------------

PAGINATION_TEXT = re.compile(
    r"^(?:首页|尾页|末页|上一页|下一页|上页|下页|前页|后页|前一页|后一页|第?\s*\d+\s*页?|[<>«»‹›]+|\.\.\.|…|跳转|go|确定)$",
    re.I,
)
NEXT_PAGE_TEXT = re.compile(r"^(?:下一页|下页|后页|后一页|尾页|末页|>|»|›|\d+)$")
_MORE_STRIP = re.compile(r"[\s>»›+＋.…。\-]+")
MORE_WORDS = frozenset({"更多", "more", "查看更多", "更多信息", "更多内容", "更多新闻", "更多》", "显示更多"})
FUNCTION_TEXT = re.compile(
    r"^(?:更多|more|打印|打印本页|关闭|关闭窗口|收藏|加入收藏|设为首页|返回顶部|返回|分享|无障碍|长者模式|繁体|繁體|"
    r"简体|English|登录|注册|网站地图|联系我们|查看|详情|查看详情|点击查看|下载|【?[大中小]】?)$",
    re.I,
)
SIBLING_ARTICLE = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇)")
EXCLUDED_NAME = re.compile(
    r"首页|主页|搜索|检索|登录|注册|留言|信箱|咨询|投诉|建议|调查|征集|访谈|在线|互动|无障碍|长者|关怀|English|繁體|繁体|"
    r"简体|地图|联系我们|关于我们|声明|隐私|收藏|设为|RSS|微博|微信|客户端|APP|办事|服务|返回|更多|打印|关闭",
    re.I,
)
EXCLUDED_URL = re.compile(r"search|sousuo|jiansuo|login|logon|register|guestbook|liuyan|mailbox|xinxiang|javascript", re.I)
MIN_TITLE_CHARS = 5
MAX_NAME_CHARS = 12


def link_text(node: LexborNode) -> str:
    """A link's visible text, or its title / image alt when the text is empty or cut short ("…的通...")."""
    text = clean(node.text(deep=True, separator=" "))
    title = clean(node.attributes.get("title"))
    if title and (not text or (text.endswith(("...", "…")) and len(title) > len(text))):
        return title
    if not text:
        img = node.css_first("img")
        if img is not None:
            return clean(img.attributes.get("alt"))
    return text


def is_more_link(node: LexborNode, text: str) -> bool:
    """"更多", "more>>", "+" or a more-button image."""
    stripped = _MORE_STRIP.sub("", text).lower()
    if stripped in MORE_WORDS or (text and not stripped):
        return True
    img = node.css_first("img")
    return not text and img is not None and "more" in (img.attributes.get("src") or "").lower()


def is_heading_node(node: LexborNode) -> bool:
    return node.tag in HEADING_TAGS or any(_HEADING_TOKEN.search(token) for token in _tokens(node))


# --- items ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a list: its title link, the row it sits in and the dates printed in that row."""

    title: str
    url: str | None
    page: str
    dates: tuple[dt.date, ...]
    row_text: str
    container: int  # mem_id of the list element holding the row, to tell one list block from another
    #: The list's block has a "更多" link to a column: a landing page's preview, or a side box that names its column.
    preview: bool = False

    @property
    def date(self) -> dt.date | None:
        """The item's date: the latest printed in its row (publication dates come last, deadlines are rare)."""
        return max(self.dates) if self.dates else None


def parse(text: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(text)
    for node in tree.css(SKIP_TAGS):
        node.decompose()
    return tree


def _is_title_link(node: LexborNode) -> bool:
    text = link_text(node)
    return len(text) >= MIN_TITLE_CHARS and not FUNCTION_TEXT.match(text) and not PAGINATION_TEXT.match(text)


def _row_of(anchor: LexborNode, bounds: dict[int, bool], titles: dict[int, bool]) -> LexborNode:
    """The highest ancestor (up to 4 levels) holding no other title link: the item's row.

    `bounds` (node id -> whether a row cannot grow into it) and `titles` (link id -> whether a title link) are
    shared by the links of one tree: the links of a list share their ancestors."""
    node = anchor
    for _ in range(4):
        if node.tag in ("li", "tr", "dl"):
            break
        parent = node.parent
        if parent is None or parent.tag in ("body", "html", "ul", "ol", "table", "tbody", "thead"):
            break
        bound = bounds.get(parent.mem_id)
        if bound is None:
            bound = bounds[parent.mem_id] = _holds_two_titles(parent, titles) or len(parent.text(separator=" ")) > 400
        if bound:
            break
        node = parent
    return node


def _holds_two_titles(node: LexborNode, titles: dict[int, bool]) -> bool:
    count = 0
    for a in node.css("a[href]"):
        title = titles.get(a.mem_id)
        if title is None:
            title = titles[a.mem_id] = _is_title_link(a)
        if title:
            count += 1
            if count > 1:
                return True
    return False


def _short_date_in(rest: str) -> tuple[int, int] | None:
    candidates = [rest] + rest.split()
    for token in candidates:
        found = _dates.short_date(token)
        if found:
            return found
    return None


def _title_end_date(title: str) -> list[dt.date]:
    """A full date printed at the end of the link text itself ("标题 2020-10-12")."""
    found = _dates.full_dates(title)
    if found and len(title) - found[-1][2] <= 2 and found[-1][1] > 0:
        return [found[-1][0]]
    return []


def extract_items(
    tree: LexborHTMLParser,
    page_url: str,
    as_of: dt.date,
    *,
    exclude_urls: frozenset[str] = frozenset(),
    exclude_names: frozenset[str] = frozenset(),
    skip_template: bool = True,
) -> list[Item]:
    """The list items of a page: title links outside the template with the dates of their rows.

    `exclude_urls` (url_key form) are links that are columns, not items; `exclude_names` the column names (sidebar
    menus repeat them). An item's short date ([10-12]) takes its year from the item's URL, then the page's URL,
    then the most common year of the page's full-dated items, then the as-of date (see `_dates.with_year`).
    """
    raw: list[tuple[str, str | None, LexborNode, list[dt.date], tuple[int, int] | None]] = []
    seen_rows: set[int] = set()
    template: dict[int, bool] = {}
    bounds: dict[int, bool] = {}
    titles: dict[int, bool] = {}
    for anchor in tree.css("a[href]"):
        text = link_text(anchor)
        if not text or FUNCTION_TEXT.match(text) or PAGINATION_TEXT.match(text) or text in exclude_names:
            continue
        url = resolve(page_url, anchor.attributes.get("href"))
        if url is not None and url_key(url) in exclude_urls:
            continue
        if skip_template and in_template(anchor, template):
            continue
        row = _row_of(anchor, bounds, titles)
        if row.mem_id in seen_rows:
            continue
        row_text = clean(row.text(separator=" "))
        if SIBLING_ARTICLE.match(row_text):
            continue
        anchor_text = clean(anchor.text(deep=True, separator=" "))
        rest = row_text.replace(anchor_text, " ", 1) if anchor_text else row_text
        dates = _dates.item_full_dates(rest)
        short = None if dates else _short_date_in(rest)
        if not dates and short is None:
            dates = _title_end_date(anchor_text)
        if not dates and short is None and row.tag not in ("li", "tr", "dl"):
            # A row with a second long link (category, attachment): the date sits in the enclosing li/tr.
            for ancestor in _ancestors(row, 3):
                if ancestor.tag in ("li", "tr"):
                    text_around = clean(ancestor.text(separator=" "))
                    if len(text_around) <= 300:
                        dates = _dates.item_full_dates(text_around.replace(anchor_text, " ", 1))
                    break
        if not dates and short is None and len(text) < MIN_TITLE_CHARS:
            continue
        seen_rows.add(row.mem_id)
        raw.append((text, url, row, dates, short))
    previews: dict[int, bool] = {}
    years = Counter(d.year for _, _, _, dates, _ in raw for d in dates)
    common_year = years.most_common(1)[0][0] if years else None
    page_year = _dates.year_from_url(page_url)
    items = []
    for text, url, row, dates, short in raw:
        if short is not None:
            year = _dates.year_from_url(url) or page_year or common_year
            date = _dates.with_year(short[0], short[1], year, as_of)
            dates = [date] if date else []
        parent = row.parent
        container = parent.mem_id if parent is not None else 0
        if parent is not None and container not in previews:
            previews[container] = _under_more_link(parent, page_url, exclude_urls)
        items.append(
            Item(text, url, page_url, tuple(dates), clean(row.text(separator=" "))[:300], container,
                 previews.get(container, False))
        )
    return items


def _under_more_link(container: LexborNode, page_url: str, column_keys: frozenset[str]) -> bool:
    """A list whose block has a "更多" link to a column, as a landing page's previews have.

    The block is the nearest ancestor (2 levels at most) showing more than the list: the list and its title bar.
    Going higher would reach the neighbouring boxes and borrow their 更多 links.
    """
    own = len(container.text(separator=""))
    for ancestor in _ancestors(container, 2):
        if len(ancestor.text(separator="")) == own:
            continue
        for anchor in ancestor.css("a[href]"):
            if is_more_link(anchor, link_text(anchor)):
                url = resolve(page_url, anchor.attributes.get("href"))
                if url is not None and url_key(url) in column_keys:
                    return True
        return False
    return False


#: A list block shown identically on the list pages of this many columns is a site-wide widget (最新发布, 热点信息,
#: 阅读排行 boxes a CMS prints on every list page), not the columns' own items: counting it would make every column
#: look as fresh as the newest news. Two columns may share a block honestly (a landing page and its sub-column).
WIDGET_COLUMNS = 3


def widget_blocks(columns: list[list[list[Item]]]) -> frozenset[tuple[str, int]]:
    """(page, container) of the widget blocks among the columns' list pages (column → list page → items).

    A block is the items of one list element, told apart by its items and by whether it has a "更多" link: a landing
    page's preview of a sub-column is not the 最新发布 box that happens to show the same news. Where a widget block
    appears twice on one page, the column's own list shows the same items, and neither is dropped there.
    """
    where: dict[tuple[frozenset[str], bool], list[tuple[str, int]]] = {}
    owners: dict[tuple[frozenset[str], bool], set[int]] = {}
    for number, per_page in enumerate(columns):
        for items in per_page:
            blocks: dict[tuple[str, int], list[Item]] = {}
            for item in items:
                blocks.setdefault((item.page, item.container), []).append(item)
            for key, block in blocks.items():
                signature = (frozenset(url_key(item.url) if item.url else item.title for item in block),
                             block[0].preview)
                if key not in where.setdefault(signature, []):
                    where[signature].append(key)
                owners.setdefault(signature, set()).add(number)
    widgets: set[tuple[str, int]] = set()
    for signature, keys in where.items():
        if len(owners[signature]) < WIDGET_COLUMNS:
            continue
        shown: set[str] = set()
        for page, container in keys:
            if page in shown:  # the same items twice on a page: one of them is the column's own list
                widgets.discard(next(k for k in keys if k[0] == page))
                continue
            shown.add(page)
            widgets.add((page, container))
    return frozenset(widgets)


def latest(dates: list[dt.date], as_of: dt.date) -> dt.date | None:
    """The newest date not after `as_of`; if every date is later (event dates), the earliest of them."""
    past = [d for d in dates if d <= as_of]
    if past:
        return max(past)
    return min(dates) if dates else None


# --- pages ----------------------------------------------------------------------------------------------------------

BLANK_MARKER = re.compile(
    r"暂无(?:相关)?(?:信息|内容|数据|记录|文章|资料|公告|通知|新闻|动态)|没有(?:相关|找到)?(?:信息|内容|数据|记录)|"
    r"无相关(?:信息|内容|数据|记录)|(?:栏目|页面|信息)(?:正在)?(?:建设|更新|完善)中|共\s*0\s*(?:条|篇|页)"
)
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|位置|首页|网站首页|[>»＞/|｜\-:：\s]+)[:：]?$"
)
MIN_CONTENT_CHARS = 20


def page_title(tree: LexborHTMLParser) -> str:
    """The page's own title: its first h1 (or .title heading), else <title> without the site name."""
    for selector in ("h1", ".title h1, .article-title, .art-title, .con-title, .detail-title, .title", "h2"):
        node = tree.css_first(selector)
        if node is not None and not in_template(node):
            text = clean(node.text(separator=" "))
            if 2 <= len(text) <= 120:
                return text
    node = tree.css_first("title")
    text = clean(node.text()) if node is not None else ""
    return re.split(r"\s*(?:[_|｜]|--|—|-\s)\s*", text)[0] if text else ""


def breadcrumb(tree: LexborHTMLParser) -> str:
    """The text of the breadcrumb (当前位置: 首页 > … ), '' when none is recognised."""
    for node in tree.css("div, p, span, nav, ol, ul, td"):
        tokens = _tokens(node)
        if any(w in t for t in tokens for w in ("crumb", "position", "location", "weizhi", "dqwz", "curpos")):
            return clean(node.text(separator=" "))
    body = tree.body
    text = clean(body.text(separator=" ")) if body is not None else ""
    match = re.search(r"(?:当前位置|您的位置|您现在的位置|您当前的位置)\s*[:：]?(.{0,80})", text)
    return match.group(1) if match else ""


@dataclass(frozen=True, slots=True)
class Content:
    """What a page shows outside its template: for telling a blank list from a single-page column."""

    chars: int
    media: bool
    marker: str | None


def without_template(text: str) -> LexborHTMLParser:
    """A fresh parse of a page with its header, nav, footer, breadcrumb and pager removed."""
    tree = parse(text)
    body = tree.body
    if body is not None:
        # A "template" element holding most of the page is a wrapper with an unlucky class name: keep it.
        limit = 0.8 * len(body.text(separator=" "))
        chosen: list[LexborNode] = []
        chosen_ids: set[int] = set()
        for node in body.css("*"):  # document order: ancestors come first
            if not is_template_node(node) or len(node.text(separator=" ")) >= limit:
                continue
            if not any(a.mem_id in chosen_ids for a in _ancestors(node, 64)):
                chosen.append(node)
                chosen_ids.add(node.mem_id)
        for node in chosen:  # chosen before any removal: a removed element's descendants are never touched
            node.decompose()
    return tree


def main_text(text: str) -> str:
    """The text of a page outside its template, whitespace folded."""
    body = without_template(text).body
    return clean(body.text(separator=" ")) if body is not None else ""


MEDIA = "img, iframe, embed, video, object, audio, textarea, select"


def content_of(page: Page, homepage_lines: frozenset[str], homepage_media: frozenset[str],
               names: frozenset[str], widget_rows: tuple[str, ...] = ()) -> Content:
    """Text and media of a page outside its template, outside what the homepage also shows (banners, logos) and
    outside the rows of its widget blocks (a 最新发布 box beside an empty list)."""
    body = without_template(page.text).body
    if body is None:
        return Content(0, False, None)
    media = any(
        (n.attributes.get("src") or n.tag) not in homepage_media
        and not any(word in (n.attributes.get("src") or "").lower() for word in ("icon", "logo", "more", "dot"))
        for n in body.css(MEDIA)
    )
    chars = 0
    marker = None
    for line in body.text(separator="\n").split("\n"):
        line = clean(line)
        if not line or line in homepage_lines or line in names or _CHROME_LINE.match(line):
            continue
        if widget_rows and any(line in row for row in widget_rows):
            continue
        found = BLANK_MARKER.search(line)
        if found and marker is None:
            marker = found.group(0)
            continue
        chars += len(line)
    return Content(chars, media, marker)


def text_lines(tree: LexborHTMLParser) -> frozenset[str]:
    body = tree.body
    if body is None:
        return frozenset()
    return frozenset(line for line in (clean(x) for x in body.text(separator="\n").split("\n")) if line)


def media_sources(tree: LexborHTMLParser) -> frozenset[str]:
    return frozenset(n.attributes.get("src") or n.tag for n in tree.css(MEDIA))


# --- column classes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnClass:
    name: str
    label: str
    threshold_days: int
    keywords: tuple[str, ...]


@lru_cache(maxsize=8)
def load_column_classes(path: Path) -> tuple[tuple[ColumnClass, ...], tuple[str, ...]]:
    """The classes and exclude keywords of column_classes.toml; a malformed file fails with the place to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CheckError(f"{path}: cannot read column classes: {exc}") from exc
    classes = []
    for name, spec in (data.get("classes") or {}).items():
        days, keywords = spec.get("threshold_days"), spec.get("keywords")
        if not isinstance(days, int) or days <= 0:
            raise CheckError(f"{path}, [classes.{name}]: threshold_days = {days!r}; expected a positive integer")
        if not keywords or not all(isinstance(k, str) and k for k in keywords):
            raise CheckError(f"{path}, [classes.{name}]: keywords = {keywords!r}; expected non-empty strings")
        classes.append(ColumnClass(name, str(spec.get("label", name)), days, tuple(keywords)))
    if not classes:
        raise CheckError(f"{path}: no [classes.*] tables; expected at least one column class")
    exclude = tuple((data.get("exclude") or {}).get("keywords") or ())
    return tuple(classes), exclude


def classify(name: str, classes: tuple[ColumnClass, ...], exclude: tuple[str, ...]) -> ColumnClass | None:
    """The class whose longest keyword occurs in the column name; None for excluded or unknown names."""
    if any(word in name for word in exclude):
        return None
    best: tuple[int, ColumnClass] | None = None
    for column_class in classes:
        for keyword in column_class.keywords:
            if keyword in name and (best is None or len(keyword) > best[0]):
                best = (len(keyword), column_class)
    return best[1] if best else None


# --- columns --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A column found in the navigation, with the list pages of it that the crawl fetched."""

    name: str
    url: str  # first list page, as linked
    pages: tuple[str, ...]  # first list page, then pagination pages (all in site.pages)
    items: tuple[Item, ...]
    content: Content | None  # only computed for columns without items

    @property
    def dated_items(self) -> list[Item]:
        return [item for item in self.items if item.dates]


def _valid_name(name: str) -> bool:
    return 2 <= len(name) <= MAX_NAME_CHARS and not EXCLUDED_NAME.search(name) and not PAGINATION_TEXT.match(name)


def _heading_name(anchor: LexborNode) -> str | None:
    """The heading of the block a "更多" link belongs to: the nearest heading before it, climbing 4 levels."""
    more_text = clean(anchor.text(separator=" "))
    lineage = {a.mem_id for a in _ancestors(anchor, 8)}
    for ancestor in _ancestors(anchor, 4):
        best = None
        for node in ancestor.css("h1, h2, h3, h4, h5, h6, span, strong, b, div, p, a, li, dt, th, td"):
            if node.mem_id == anchor.mem_id:
                break
            if node.mem_id in lineage or not (is_heading_node(node) or node.tag in ("strong", "b")):
                continue
            text = clean(node.text(separator=" "))
            if _valid_name(text):
                best = text
        if best:
            return best
        if is_heading_node(ancestor):
            text = clean(clean(ancestor.text(separator=" ")).replace(more_text, "", 1))
            if _valid_name(text):
                return text
    return None


def column_links(tree: LexborHTMLParser, page_url: str, *, headings: bool = True) -> list[tuple[str, str]]:
    """(name, url) of the column links of a page: navigation menus, "更多" links and (optionally) block headings.

    Below the homepage, headings are left out: on list pages they are mostly item titles (<h3><a>…</a></h3>).
    """
    named: dict[str, str] = {}
    more: list[tuple[LexborNode, str]] = []
    order: list[str] = []
    for anchor in tree.css("a[href]"):
        url = resolve(page_url, anchor.attributes.get("href"))
        if url is None or ATTACHMENT_EXT.search(url.split("?", 1)[0]) or EXCLUDED_URL.search(url):
            continue
        text = link_text(anchor)
        key = url_key(url)
        if is_more_link(anchor, text):
            more.append((anchor, url))
            continue
        if not _valid_name(text):
            continue
        heading = headings and any(is_heading_node(a) for a in _ancestors(anchor, 2))
        if (heading or in_nav(anchor)) and key not in named:
            named[key] = text
            order.append(url)
    for anchor, url in more:
        key = url_key(url)
        if key not in named:
            name = _heading_name(anchor)
            if name:
                named[key] = name
                order.append(url)
    return [(named[url_key(url)], url) for url in order]


#: Parsed pages a SiteIndex keeps: a parse tree takes about as much memory as a hundred pages of text.
KEPT_TREES = 32


class SiteIndex:
    """Pages by URL and the site's columns, computed once per Site and shared by the checks of one scan."""

    def __init__(self, site: Site, classes_file: Path | None = None) -> None:
        self.site = site
        self.by_key: dict[str, Page] = {}
        for page in site.pages:
            for url in (page.url, page.final_url):
                if url:
                    self.by_key.setdefault(url_key(url), page)
        self.home = site.homepage
        self.host = host_key(site.root)
        self._trees: OrderedDict[str, LexborHTMLParser] = OrderedDict()  # the last KEPT_TREES kept, newest last
        self._columns: list[Column] | None = None
        self._home_lines: frozenset[str] | None = None
        self._home_media: frozenset[str] = frozenset()
        self._directories: dict[str, list[tuple[str, Page]]] | None = None
        #: (page title, breadcrumb) by page URL, read by whoever parsed the page already (the checks worker puts
        #: the crawler's here while a page is noticed); `outline` uses them instead of parsing again.
        self.outlines: dict[str, tuple[str, str]] = {}

    def page(self, url: str | None) -> Page | None:
        return self.by_key.get(url_key(url)) if url else None

    def tree(self, page: Page, *, keep: bool = True) -> LexborHTMLParser:
        """The parsed page; the last `KEPT_TREES` asked to be kept (column pages) are, so memory stays bounded on a
        site with hundreds of list pages (a page parsed again gives the same tree)."""
        tree = self._trees.get(page.url)
        if tree is not None:
            self._trees.move_to_end(page.url)
            return tree
        tree = parse(page.text)
        if keep:
            self._trees[page.url] = tree
            if len(self._trees) > KEPT_TREES:
                self._trees.popitem(last=False)
        return tree

    def outline(self, page: Page) -> tuple[str, str]:
        """(page title, breadcrumb) of a page."""
        known = self.outlines.get(page.url)
        if known is not None:
            return known
        tree = self.tree(page, keep=False)
        return page_title(tree), breadcrumb(tree)

    def is_home(self, url: str) -> bool:
        key = url_key(url)
        return key == url_key(self.site.root) or (self.home is not None and key in (
            url_key(self.home.url), url_key(self.home.final_url or self.home.url)))

    def usable(self, page: Page | None) -> bool:
        return page is not None and page.is_html and not page.error and (page.status or 200) < 400

    @property
    def home_lines(self) -> frozenset[str]:
        if self._home_lines is None:
            self._home_lines = frozenset()
            if self.home is not None:
                self._home_lines = text_lines(self.tree(self.home))
                self._home_media = media_sources(self.tree(self.home))
        return self._home_lines

    def home_items(self) -> list[Item]:
        """Dated or titled items on the homepage, outside its header, nav and footer."""
        if not self.usable(self.home):
            return []
        assert self.home is not None
        column_keys = frozenset(url_key(c.url) for c in self.columns())
        return extract_items(self.tree(self.home), self.home.final_url or self.home.url, self.site.as_of,
                             exclude_urls=column_keys)

    def columns(self) -> list[Column]:
        if self._columns is None:
            self._columns = self._discover()
        return self._columns

    def _candidate_links(self, page: Page, *, headings: bool) -> list[tuple[str, str]]:
        out = []
        for name, url in column_links(self.tree(page), page.final_url or page.url, headings=headings):
            if host_key(url) == self.host and not self.is_home(url):
                out.append((name, url))
        return out

    def _discover(self) -> list[Column]:
        if not self.usable(self.home):
            return []
        assert self.home is not None
        found: dict[str, tuple[str, str]] = {}
        first_level = self._candidate_links(self.home, headings=True)
        for name, url in first_level:
            found.setdefault(url_key(url), (name, url))
        for name, url in first_level:
            page = self.page(url)
            if self.usable(page) and page is not None:
                for sub_name, sub_url in self._candidate_links(page, headings=False):
                    found.setdefault(url_key(sub_url), (sub_name, sub_url))
        column_keys = frozenset(found)
        names = frozenset(name for name, _ in found.values())
        listed: list[tuple[str, str, Page, list[Page], list[list[Item]]]] = []
        extracted: dict[str, list[Item]] = {}

        def items_of(list_page: Page) -> list[Item]:
            if list_page.url not in extracted:
                extracted[list_page.url] = extract_items(
                    self.tree(list_page), list_page.final_url or list_page.url, self.site.as_of,
                    exclude_urls=column_keys, exclude_names=names)
            return extracted[list_page.url]

        for name, url in found.values():
            page = self.page(url)
            if not self.usable(page) or page is None or self.is_home(page.final_url or page.url):
                continue
            pages = self._list_pages(page, items_of)
            listed.append((name, url, page, pages, [items_of(list_page) for list_page in pages]))
        widgets = widget_blocks([per_page for *_, per_page in listed])
        columns = []
        for name, url, page, pages, per_page in listed:
            # A widget's items under the column's own directory are its own (the box shows this column's news).
            home = directory_key(page.final_url or page.url) + "/"
            own_directory = home.count("/") >= 2  # below the root: "/list.jsp?id=3" owns nothing
            items: list[Item] = []
            widget_rows: list[str] = []
            seen: set[tuple[str, str | None]] = set()
            for page_items in per_page:
                for item in page_items:
                    if (item.page, item.container) in widgets and not (
                            own_directory and item.url and url_key(item.url).startswith(home)):
                        widget_rows.append(item.row_text)
                        continue
                    if (item.title, item.url) not in seen:
                        seen.add((item.title, item.url))
                        items.append(item)
            content = None if items else content_of(page, self.home_lines, self._home_media, names,
                                                    tuple(widget_rows))
            columns.append(Column(name, url, tuple(p.url for p in pages), tuple(items), content))
        return columns

    def _by_directory(self) -> dict[str, list[tuple[str, Page]]]:
        """(url key, page) of every page by directory key, in site order: each column's list pages look up one."""
        if self._directories is None:
            self._directories = {}
            for page in self.site.pages:
                key = url_key(page.final_url or page.url)
                self._directories.setdefault(directory_key(key), []).append((key, page))
        return self._directories

    def _list_pages(self, first: Page, visit: Callable[[Page], object]) -> list[Page]:
        """The first list page and its pagination pages that the crawl fetched (bounded: 50 pages).

        `visit` sees each page whose tree is read here, while the tree is at hand: a column with more list pages
        than `KEPT_TREES` would otherwise have each parsed twice."""
        pages = [first]
        seen = {url_key(first.url), url_key(first.final_url or first.url)}
        directory = directory_key(first.final_url or first.url)
        queue = [first]
        while queue and len(pages) < 50:
            current = queue.pop(0)
            visit(current)
            base = current.final_url or current.url
            for anchor in self.tree(current).css("a[href]"):
                text = link_text(anchor)
                if not (NEXT_PAGE_TEXT.match(text) or PAGINATION_TEXT.match(text) or in_pager(anchor)):
                    continue
                url = resolve(base, anchor.attributes.get("href"))
                if url is None or url_key(url) in seen or directory_key(url) != directory or self.is_home(url):
                    continue
                seen.add(url_key(url))
                page = self.page(url)
                if self.usable(page) and page is not None:
                    pages.append(page)
                    queue.append(page)
        stem = re.escape(url_key(first.final_url or first.url).rsplit("/", 1)[-1].split(".", 1)[0] or "index")
        sibling = re.compile(rf"/(?:{stem}|index|list)_\d+\.\w+$")
        for key, page in self._by_directory().get(directory, ()):
            if key not in seen and sibling.search(key) and self.usable(page):
                seen.add(key)
                pages.append(page)
        return pages


_LAST: list[tuple[Site, SiteIndex]] = []


def site_index(site: Site) -> SiteIndex:
    """The SiteIndex of `site`, reused across the checks of one scan (the last site only: memory stays flat)."""
    if _LAST and _LAST[0][0] is site:
        return _LAST[0][1]
    index = SiteIndex(site)
    _LAST[:] = [(site, index)]
    return index
