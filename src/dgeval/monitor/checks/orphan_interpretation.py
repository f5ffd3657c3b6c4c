"""orphan_interpretation: a 政策解读 article that links to no policy document (docs/checks.md).

An interpretation article is a fetched page listed in a column named …解读…, or an article page whose title or
breadcrumb says 解读 (list pages and the homepage are not articles). A page listed in a 解读 column whose own
breadcrumb files it under another column and whose title does not say 解读 is that column's article (a 最新发布 box
beside the list), not an interpretation. It links to its policy when any link outside the
template has the policy's title in 《》 or a document word (通知, 办法, 意见, 规定, 条例, 方案, 决定…), is labelled
原文/政策原文/相关文件/文件链接/附件 (or follows such a label), or points to a document attachment (.pdf, .doc…). Links that do not name the
policy are not enough: 上一篇/下一篇 neighbours, other interpretations (…解读…), and links to columns.
Observed: each interpretation article found.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping, NamedTuple

from selectolax.lexbor import LexborHTMLParser

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import _markup, _site_index, _urls
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "orphan_interpretation"
TITLE = gettext_noop("政策解读未关联政策文件")

INTERPRETATION = "解读"
POLICY_TITLE = re.compile(r"《[^》]{2,}》")
POLICY_WORDS = re.compile(r"通知|办法|意见|规定|条例|方案|决定|细则|规划|纲要|措施|规则|决议|批复|指引|公告|若干|法$|令$")
POLICY_LABEL = re.compile(r"原文|相关文件|文件链接|政策文件|相关政策|附件|文件下载|文件全文|全文链接")
DOCUMENT_EXT = re.compile(r"\.(?:pdf|docx?|wps|ofd|xlsx?|et|txt|zip|rar)$", re.I)
MIN_POLICY_TEXT = 6
#: "相关文件：<a>…</a>": a label just before the link names what it points to.
LABEL_CHARS = 20
#: Breadcrumb labels and class words: 解读 this close after one is the page's own place in the site.
CRUMB_LABELS = ("当前位置", "您的位置", "现在的位置", "crumb", "position", "location", "weizhi")
CRUMB_REACH = 400
#: An article shows this much running text in paragraphs; list pages do not.
MIN_ARTICLE_CHARS = 80


def says_interpretation(html: str) -> bool:
    """解读 in <title>, in <h1> or within 400 characters after a breadcrumb label, on the raw HTML.

    A cheap pre-filter run on every page before any parse: the nav's 政策解读 is on every page, so only the few places
    of each 解读 are looked at (str.find, no regex over the whole page).
    """
    start = html.find(INTERPRETATION)
    while start >= 0:
        tag = html.rfind("<", 0, start)
        if tag >= 0 and html[tag:tag + 6].lower().startswith(("<title", "<h1")) and html.find(">", tag, start) >= 0:
            return True
        window = html[max(0, start - CRUMB_REACH - 8):start].lower()
        if any(label in window for label in CRUMB_LABELS):
            return True
        start = html.find(INTERPRETATION, start + len(INTERPRETATION))
    return False


class Reading(NamedTuple):
    """What `run` needs of a page, all read from the page alone: a scan reads it when it notices the page (as pages
    arrive, while the crawl goes on), so that `run` parses no noticed page again."""

    title: str
    crumb: str
    article: bool
    links: tuple[str, ...]  # links naming a policy, before home and column links are dropped (see `_policy_links`)
    policies: tuple[str, ...]  # 《…》 titles its paragraphs name


def _read(tree: LexborHTMLParser, page: Page, title: str | None = None, crumb: str | None = None) -> Reading:
    """The page's reading; `title` and `crumb` when they were read from this tree already."""
    title = _markup.page_title(tree) if title is None else title
    template: dict[int, bool] = {}
    paragraphs = (_urls.clean(p.text()) for p in tree.css("p") if not _markup.in_template(p, template))
    text = " ".join(p for p in paragraphs if not _markup.SIBLING_ARTICLE.match(p))
    return Reading(title, _markup.breadcrumb(tree) if crumb is None else crumb, _is_article(tree),
                   tuple(_policy_links(tree, page)), tuple(sorted(set(POLICY_TITLE.findall(text)))[:5]))


def _reading(page: Page, index: _site_index.SiteIndex, noted: Mapping[str, Any] | None) -> Reading:
    known = noted.get(page.url) if noted is not None else None
    return known if isinstance(known, Reading) else _read(index.tree(page, keep=False), page)


def _filed_elsewhere(reading: Reading, other_columns: frozenset[str]) -> bool:
    """The page's breadcrumb names another column and neither it nor the title says 解读."""
    if INTERPRETATION in reading.title:
        return False
    crumb = reading.crumb
    return INTERPRETATION not in crumb and any(name in crumb for name in other_columns)


def _is_article(tree: LexborHTMLParser) -> bool:
    template: dict[int, bool] = {}
    text = sum(len(_urls.clean(p.text())) for p in tree.css("p, .content, #content, article")
               if not _markup.in_template(p, template))
    return text >= MIN_ARTICLE_CHARS


def _policy_links(tree: LexborHTMLParser, page: Page) -> list[str]:
    """Links naming a policy, by what the page shows; `_names_policy` then drops links to the homepage and columns."""
    base = page.final_url or page.url
    found = []
    template: dict[int, bool] = {}
    own = (_urls.url_key(page.url), _urls.url_key(base))
    for anchor in tree.css("a[href]"):
        if _markup.in_template(anchor, template):  # first: most of a page's links are its frame's
            continue
        url = _urls.resolve(base, anchor.attributes.get("href"))
        if url is None or _urls.url_key(url) in own:
            continue
        text = _markup.link_text(anchor)
        if INTERPRETATION in text:
            continue
        parent = anchor.parent
        around = _urls.clean(parent.text(separator=" ")) if parent is not None else text
        if _markup.SIBLING_ARTICLE.match(text) or _markup.SIBLING_ARTICLE.match(around):
            continue
        path = url.split("?", 1)[0]
        before = around.split(text, 1)[0] if text and text in around else ""
        if (
            (before and len(before) <= LABEL_CHARS and POLICY_LABEL.search(before))
            or POLICY_TITLE.search(text)
            or (len(text) >= MIN_POLICY_TEXT and POLICY_WORDS.search(text))
            or (POLICY_LABEL.search(text) and len(text) <= 12)
            or DOCUMENT_EXT.search(path)
        ):
            found.append(url)
    return found


def _names_policy(reading: Reading, index: _site_index.SiteIndex, column_keys: frozenset[str]) -> bool:
    return any(not index.is_home(url) and _urls.url_key(url) not in column_keys for url in reading.links)


class Candidate(NamedTuple):
    page: Page
    reading: Reading
    column: str | None  # the 解读 column listing it; None when found by its title or breadcrumb


def _candidates(site: Site, index: _site_index.SiteIndex) -> Iterator[Candidate]:
    """Interpretation article pages, each parsed once."""
    seen: set[str] = set()
    noted = site.notes.get(NAME)
    columns = index.columns()
    list_keys = {_urls.url_key(u) for column in columns for u in column.pages}
    other_columns = frozenset(c.name for c in columns if INTERPRETATION not in c.name)
    for column in columns:
        if INTERPRETATION not in column.name:
            continue
        for item in column.items:
            page = index.page(item.url)
            if page is None or page.url in seen or not index.usable(page) or _urls.url_key(page.url) in list_keys:
                continue
            seen.add(page.url)
            reading = _reading(page, index, noted)
            if not _filed_elsewhere(reading, other_columns):
                yield Candidate(page, reading, column.name)
    for page in site.pages:
        if page.url in seen or not (page.url in noted if noted is not None else _may_be_article(page, index)):
            continue
        if index.is_home(page.final_url or page.url) or _urls.url_key(page.url) in list_keys:
            continue
        reading = _reading(page, index, noted)
        if INTERPRETATION in reading.title or INTERPRETATION in reading.crumb:
            if reading.article:
                seen.add(page.url)
                yield Candidate(page, reading, None)


def _may_be_article(page: Page, index: _site_index.SiteIndex) -> bool:
    """A fetched HTML page whose raw HTML says 解读 where a title or breadcrumb would: this page alone decides."""
    return index.usable(page) and says_interpretation(page.text)


def notice_page(page: Page, site: Site, config: CheckConfig) -> Reading | None:
    """The reading of a page whose title or breadcrumb says 解读, the pages `_candidates` takes from the notes alone
    (a page listed in a 解读 column and not noted is read there); `run` reads these from `site.notes`.

    The raw-HTML pre-filter lets through every page whose side menu (政策解读) follows its breadcrumb closely, a
    quarter of a county portal's pages; their title and breadcrumb are read from the tree before the rest of the
    reading (its links and paragraphs, five times the cost), which only the pages that say 解读 there need.
    """
    if not _may_be_article(page, _site_index.site_index(site)):
        return None
    tree = _markup.parse(page.text)
    title, crumb = _markup.page_title(tree), _markup.breadcrumb(tree)
    if INTERPRETATION not in title and INTERPRETATION not in crumb:
        return None
    return _read(tree, page, title, crumb)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    index = _site_index.site_index(site)
    column_keys = frozenset(_urls.url_key(c.url) for c in index.columns())
    for page, reading, column in _candidates(site, index):
        yield Observed()
        if _names_policy(reading, index, column_keys):
            continue
        title = reading.title
        yield Finding(
            check=NAME,
            url=page.url,
            page=page.url,
            value=title or None,
            severity="medium",
            evidence={
                "title": title,
                "column": column,
                "policies_named_without_link": list(reading.policies),
            },
        )


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    title = value or evidence.get("title")
    sentence = (_("政策解读%(title)s没有链接所解读的政策文件") % {"title": quoted(title)} if title
                else _("一篇政策解读没有链接所解读的政策文件"))
    named = evidence.get("policies_named_without_link") or []
    if named:
        sentence += _("，文中提到%(policies)s却未给出链接") % {"policies": "、".join(str(p) for p in named[:3])}
    return sentence + _("（规则：政策解读应与政策文件相互关联）")
