"""What a reader sees on a page: visible text, tables and the footer (see docs/checks.md).

The content checks (privacy leaks, 严重错误, site identification) judge what a visitor reads, not the markup: scripts,
styles, comments and attributes are left out, inline tags (`<b>人民</b>`) are joined to their neighbours so that a
word split by markup is still one word, and block boundaries (cells, paragraphs, `<br>`) become newlines so that
numbers in neighbouring cells never run together.

Parsing is cached per HTML string (a few dozen pages), so checks that read a page one after the other share one parse;
tables are read only when a check asks for them. Pages are pre-filtered by each check with cheap passes over the raw
text, so most pages of a large site are never parsed here at all.

Attachment text (PDF, Word, Excel, TXT, as the crawler extracted it) is read line by line; tab-separated lines (or
cells split by two or more spaces) are taken as table rows, the way spreadsheet and Word tables are extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.monitor.model import Page

_HIDDEN_TAGS = ["script", "style", "noscript", "template", "head"]
_INLINE_TAGS = [
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
    "var",
]  # fmt: skip
_FOOTER_SELECTORS = (
    "footer", "[id*=footer]", "[class*=footer]", "[id*=Footer]", "[class*=Footer]", "[id*=foot]", "[class*=foot]",
    "[id*=bottom]", "[class*=bottom]", "[id*=Bottom]", "[class*=Bottom]", "[id*=copyright]", "[class*=copyright]",
    "[id*=banquan]", "[class*=banquan]", "[class*=bq]",
)  # fmt: skip
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_LONG_DIGITS_RE = re.compile(r"\d{5,}")
_CELL_SPLIT_RE = re.compile(r"\t| {2,}|\u3000+")
_CACHE_SIZE = 32
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|$)", re.S)
_LABELLED = "img[alt], img[title], a[title], area[alt], input[alt]"


@dataclass(frozen=True, slots=True)
class Table:
    """One data table: its column headings (empty when it has none) and its data rows, as cell texts."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def heading(self, column: int) -> str:
        """The heading of a column, "" when the table has none or the row is wider than the heading."""
        return self.header[column] if column < len(self.header) else ""


class PageContent:
    """The readable content of a page or attachment; tables are read on first use (most pages never need them)."""

    def __init__(self, title: str, text: str, tables: Callable[[], tuple[Table, ...]]) -> None:
        self.title = title
        self.text = text  # visible text; block boundaries are newlines
        self._read_tables: Callable[[], tuple[Table, ...]] | None = tables

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        assert self._read_tables is not None
        tables = self._read_tables()
        self._read_tables = None  # let the parsed tree go
        return tables


@dataclass(frozen=True, slots=True)
class Footer:
    """The page footer as markup without comments (for badges and scripts), as visible text, and the alt/title
    labels of its images and links (an image may show the 网站标识码 as a picture labelled with it)."""

    html: str
    text: str
    labels: str


def squash(text: str) -> str:
    """Collapse runs of spaces (ASCII, no-break and ideographic) to one and trim."""
    return _SPACE_RE.sub(" ", text).strip()


def _visible(node: LexborNode | None) -> str:
    if node is None:
        return ""
    raw = node.text(deep=True, separator="\n")
    lines = (squash(line) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def _prepare(html: str) -> tuple[LexborHTMLParser, str]:
    """Parse, take the title, then drop hidden elements and join inline ones; returns (tree, title)."""
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = squash(title_node.text()) if title_node is not None else ""
    tree.strip_tags(_HIDDEN_TAGS)
    tree.unwrap_tags(_INLINE_TAGS)
    tree.merge_text_nodes()
    return tree, title


def _is_heading_row(cells: list[str]) -> bool:
    # A first row of short labels without long numbers reads as column headings.
    return len(cells) >= 2 and all(len(c) <= 20 and not _LONG_DIGITS_RE.search(c) for c in cells)


def _table(rows: list[tuple[list[str], bool]]) -> Table:
    """Build a Table from (cells, is_heading_markup) rows: a `<th>`/`<thead>` row, else a first row of labels."""
    body = [(cells, marked) for cells, marked in rows if any(cells)]
    # Leading single-cell rows are captions ("2020年低保名单"), not headings.
    while body and len(body[0][0]) == 1 and len(body) > 1:
        body = body[1:]
    if not body:
        return Table((), ())
    first, marked = body[0]
    if marked or _is_heading_row(first):
        return Table(tuple(first), tuple(tuple(cells) for cells, _ in body[1:]))
    return Table((), tuple(tuple(cells) for cells, _ in body))


def _html_tables(tree: LexborHTMLParser) -> tuple[Table, ...]:
    # Innermost tables only: a table that holds another is page layout (common on older government sites).
    tables = []
    for table in tree.css("table"):
        if any(inner.mem_id != table.mem_id for inner in table.css("table")):  # css() matches the node itself
            continue
        heading_rows = {tr.mem_id for tr in table.css("thead tr")}
        rows = []
        for tr in table.css("tr"):
            cells = [c for c in tr.iter() if c.tag in ("td", "th")]
            if cells:
                texts = [squash(c.text(deep=True, separator=" ")) for c in cells]
                rows.append((texts, tr.mem_id in heading_rows or all(c.tag == "th" for c in cells)))
        parsed = _table(rows)
        if parsed.rows:
            tables.append(parsed)
    return tuple(tables)


@lru_cache(maxsize=_CACHE_SIZE)
def html_content(html: str) -> PageContent:
    """Visible text and tables of an HTML page (cached: checks share one parse)."""
    tree, title = _prepare(html)
    return PageContent(title, _visible(tree.body or tree.root), lambda: _html_tables(tree))


@lru_cache(maxsize=_CACHE_SIZE)
def attachment_content(text: str) -> PageContent:
    """Lines of extracted attachment text; runs of tab-separated lines become tables."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    tables: list[Table] = []
    run: list[tuple[list[str], bool]] = []
    for line in lines + [""]:
        cells = [squash(c) for c in _CELL_SPLIT_RE.split(line)] if line else []
        if len(cells) >= 2:
            run.append((cells, False))
            continue
        if len(run) >= 2:
            table = _table(run)
            if table.rows:
                tables.append(table)
        run = []
    frozen = tuple(tables)
    return PageContent("", "\n".join(squash(line) for line in lines), lambda: frozen)


def page_content(page: Page) -> PageContent:
    """The readable content of a fetched page, HTML or attachment."""
    if page.is_html and not page.is_attachment:
        return html_content(page.text)
    return attachment_content(page.text)


def visible_text(html: str) -> str:
    """The text a visitor reads on an HTML page (no scripts, styles, comments or attributes)."""
    return html_content(html).text


@lru_cache(maxsize=8)
def footer(html: str) -> Footer | None:
    """The page footer (the outermost footer-like elements, last in the page), or None when none is marked up.

    Government sites mark the footer up as `<footer>`, or a div whose id/class says foot, bottom or copyright; the
    site code, ICP and PSB filing numbers and the 党政机关 badge live there.
    """
    tree = LexborHTMLParser(html)
    found: list[LexborNode] = []
    seen: set[int] = set()
    for selector in _FOOTER_SELECTORS:
        for node in tree.css(selector):
            if node.tag in ("html", "body") or node.mem_id in seen:
                continue
            seen.add(node.mem_id)
            found.append(node)
    # Keep the outermost ones: an element whose ancestor is also a footer adds nothing.
    outer = []
    for node in found:
        parent, nested = node.parent, False
        while parent is not None:
            if parent.mem_id in seen:
                nested = True
                break
            parent = parent.parent
        if not nested:
            outer.append(node)
    if not outer:
        return None
    markup = without_comments("\n".join(node.html or "" for node in outer))
    found_labels = _labels([label for node in outer for label in node.css(_LABELLED)])
    return Footer(html=markup, text=html_content(f"<html><body>{markup}</body></html>").text, labels=found_labels)


def without_comments(html: str) -> str:
    """The markup without `<!-- … -->` comments: commented-out markup is not shown to anyone."""
    return _COMMENT_RE.sub("", html) if "<!--" in html else html


def _labels(nodes: list[LexborNode]) -> str:
    values = (squash(node.attributes.get(name) or "") for node in nodes for name in ("alt", "title"))
    return "\n".join(dict.fromkeys(value for value in values if value))


@lru_cache(maxsize=8)
def labels(html: str) -> str:
    """The alt and title texts of a page's images and links, one per line: what a picture shows in words."""
    return _labels(LexborHTMLParser(html).css(_LABELLED))


def context(text: str, start: int, end: int, width: int = 20) -> str:
    """The match with `width` characters either side, on one line: the evidence a reviewer reads."""
    return squash(text[max(0, start - width) : end + width].replace("\n", " "))


def where(page: Page) -> tuple[str, str, str | None]:
    """(url, page, field) of a finding on this page: an attachment is reported with the page that links it."""
    if page.is_attachment:
        return page.url, page.referrer or page.url, "attachment"
    return page.url, page.url, None


def readable(page: Page) -> bool:
    """Whether a page has content to read: attachments keep their text even with an extraction note (legacy .doc
    text is best-effort); other pages with an error are left alone."""
    return bool(page.text) and (page.error is None or page.is_attachment)
