"""Columns (栏目) of a site and the list pages and items of each, shared by the column checks (see docs/checks.md).

Used by stale_column, blank_column, homepage_not_updated, orphan_interpretation and overdue_message. Columns come
from the homepage's navigation (nav/header/menu containers), block headings and the "更多" links next to list
blocks, then one level down from the column pages themselves (sub-column menus); a column's pages are its first list
page plus the pagination pages present in `site.pages`. Items are read by `_items`, blank pages by `_content`.

A `SiteIndex` is built from a `Site` alone and computes lazily; `site_index(site)` returns the one of a site's
pages (an `lru_cache` keyed by the pages tuple), so the checks of one scan share it and each stays a pure function
of its `Site`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.monitor.checks._content import Content, content_of, media_sources, text_lines
from dgeval.monitor.checks._items import Item, extract_items, main_items, widget_blocks
from dgeval.monitor.checks._markup import (
    EXCLUDED_NAME, EXCLUDED_URL, MAX_NAME_CHARS, NEXT_PAGE_TEXT, PAGINATION_TEXT, ancestors, in_nav,
    in_pager, is_heading_node, is_more_link, link_text, parse,
)
from dgeval.monitor.checks._urls import ATTACHMENT_EXT, clean, directory_key, host_key, resolve, url_key
from dgeval.monitor.model import Page, Site


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
    lineage = {a.mem_id for a in ancestors(anchor, 8)}
    for ancestor in ancestors(anchor, 4):
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
        heading = headings and any(is_heading_node(a) for a in ancestors(anchor, 2))
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


#: Parsed pages a SiteIndex keeps: a parse tree takes about as much memory as a hundred pages of text. On the
#: benchmark site 8 cost no more CPU than 32 and 21 MB less at the peak of a 10,000-page scan.
KEPT_TREES = 8


class SiteIndex:
    """Pages by URL and the site's columns, computed once per Site and shared by the checks of one scan."""

    def __init__(self, site: Site) -> None:
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
        """The entries of the homepage's main lists (`main_items`), outside its header, nav and footer."""
        if not self.usable(self.home):
            return []
        assert self.home is not None
        column_keys = frozenset(url_key(c.url) for c in self.columns())
        home = self.home.final_url or self.home.url
        return main_items(extract_items(self.tree(self.home), home, self.site.as_of, exclude_urls=column_keys))

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
                own: list[Item] = []
                for item in page_items:
                    if (item.page, item.container) in widgets and not (
                            own_directory and item.url and url_key(item.url).startswith(home)):
                        widget_rows.append(item.row_text)
                    else:
                        own.append(item)
                for item in main_items(own):  # widgets first: an undated list beside a dated box is still the list
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


class _Contents:
    """A Site as a cache key: the same root, as-of date and pages, the very tuple (a Site is immutable, and the
    checks of one scan share one Site). Comparing the pages' text instead would read every page: the checks worker
    keeps them compressed, and each key held the whole site's text, hundreds of megabytes on 10,000 pages."""

    __slots__ = ("site", "key")

    def __init__(self, site: Site) -> None:
        self.site = site  # held, so the tuple's id is not reused while the key lives
        self.key = (site.root, site.as_of, id(site.pages))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Contents) and self.key == other.key and self.site.pages is other.site.pages


@lru_cache(maxsize=1)  # the last site only: memory stays flat over a campaign's scans
def _index_of(contents: _Contents) -> SiteIndex:
    return SiteIndex(contents.site)


def site_index(site: Site) -> SiteIndex:
    """The SiteIndex of a site's pages, shared by the checks of one scan (the same pages give the same index)."""
    return _index_of(_Contents(site))
