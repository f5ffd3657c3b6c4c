"""The dated entries (items) of a page's lists, shared by the freshness and message checks (see docs/checks.md).

An item is a title link and its row — the highest ancestor holding no other title link (li, tr, dl, a div…) — and
its date is the date printed in the row outside the title, whatever the style (see `_dates`). A list block shown
identically on the list pages of several columns (a 最新发布 box) is a widget, not the columns' own items
(`widget_blocks`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.monitor.checks import _dates
from dgeval.monitor.checks._markup import (
    FUNCTION_TEXT, MIN_TITLE_CHARS, PAGINATION_TEXT, SIBLING_ARTICLE, ancestors, in_template, is_more_link, link_text,
)
from dgeval.monitor.checks._urls import clean, resolve, url_key

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
        if skip_template and in_template(anchor, template):  # first: most of a page's links are its frame's
            continue
        text = link_text(anchor)
        if not text or FUNCTION_TEXT.match(text) or PAGINATION_TEXT.match(text) or text in exclude_names:
            continue
        url = resolve(page_url, anchor.attributes.get("href"))
        if url is not None and url_key(url) in exclude_urls:
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
            for ancestor in ancestors(row, 3):
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
    for ancestor in ancestors(container, 2):
        if len(ancestor.text(separator="")) == own:
            continue
        for anchor in ancestor.css("a[href]"):
            if is_more_link(anchor, link_text(anchor)):
                url = resolve(page_url, anchor.attributes.get("href"))
                if url is not None and url_key(url) in column_keys:
                    return True
        return False
    return False


#: Mean title length of a list of headlines: menus and 专题 boxes name things in fewer characters.
HEADLINE_CHARS = 10


def main_items(items: list[Item]) -> list[Item]:
    """The entries of a page's main lists, of all the title links `extract_items` found on it.

    A list is the items of one list element (`Item.container`). Where the page has dated lists (at least half of
    their entries dated), its items are the dated entries of those: side menus of sub-columns, 热点专题 boxes and
    link lists carry no dates, and counting them would make a list of 10 look like 21. A page without a dated list
    keeps its longest list of headlines (`HEADLINE_CHARS` on average), so an undated news list still counts while a
    box of 专题 links beside an empty list does not.
    """
    lists: dict[int, list[Item]] = {}
    for item in items:
        lists.setdefault(item.container, []).append(item)
    dated = {key for key, entries in lists.items() if 2 * sum(1 for i in entries if i.dates) >= len(entries)}
    if dated:
        return [item for item in items if item.container in dated and item.dates]
    headlines = [entries for entries in lists.values()
                 if sum(len(i.title) for i in entries) >= HEADLINE_CHARS * len(entries)]
    return max(headlines, key=lambda entries: sum(len(i.title) for i in entries)) if headlines else []


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
