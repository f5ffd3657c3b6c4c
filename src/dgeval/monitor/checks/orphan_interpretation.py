"""orphan_interpretation: a 政策解读 article that links to no policy document (issue 4 §2; docs/checks.md).

An interpretation article is a fetched page listed in a column named …解读…, or an article page whose title or
breadcrumb says 解读 (list pages and the homepage are not articles). It links to its policy when any link outside the
template has the policy's title in 《》 or a document word (通知, 办法, 意见, 规定, 条例, 方案, 决定…), is labelled
原文/政策原文/相关文件/文件链接/附件 (or follows such a label), or points to a document attachment (.pdf, .doc…). Links that do not name the
policy are not enough: 上一篇/下一篇 neighbours, other interpretations (…解读…), and links to columns.
"""

from __future__ import annotations

import re
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser

from dgeval.monitor.checks import _columns
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Page, Site

NAME = "orphan_interpretation"
LEAVES = ("response.interpretation",)

INTERPRETATION = "解读"
POLICY_TITLE = re.compile(r"《[^》]{2,}》")
POLICY_WORDS = re.compile(r"通知|办法|意见|规定|条例|方案|决定|细则|规划|纲要|措施|规则|决议|批复|指引|公告|若干|法$|令$")
POLICY_LABEL = re.compile(r"原文|相关文件|文件链接|政策文件|相关政策|附件|文件下载|文件全文|全文链接")
DOCUMENT_EXT = re.compile(r"\.(?:pdf|docx?|wps|ofd|xlsx?|et|txt|zip|rar)$", re.I)
MIN_POLICY_TEXT = 6
#: "相关文件：<a>…</a>": a label just before the link names what it points to.
LABEL_CHARS = 20
#: Cheap pre-filter on the raw HTML (the nav's 政策解读 is on every page): 解读 in <title>, <h1> or after a breadcrumb.
SAYS_INTERPRETATION = re.compile(
    r"<title[^>]*>[^<]*解读|<h1[^>]*>[^<]*解读|(?:当前位置|您的位置|现在的位置|crumb|position|location|weizhi)[\s\S]{0,400}?解读",
    re.I,
)
#: An article shows this much running text in paragraphs; list pages do not.
MIN_ARTICLE_CHARS = 80


def _is_article(tree: LexborHTMLParser) -> bool:
    text = sum(len(_columns.clean(p.text())) for p in tree.css("p, .content, #content, article")
               if not _columns.in_template(p))
    return text >= MIN_ARTICLE_CHARS


def _policy_links(tree: LexborHTMLParser, page: Page, index: _columns.SiteIndex,
                  column_keys: frozenset[str]) -> list[str]:
    base = page.final_url or page.url
    found = []
    for anchor in tree.css("a[href]"):
        url = _columns.resolve(base, anchor.attributes.get("href"))
        if url is None or index.is_home(url) or _columns.url_key(url) in column_keys:
            continue
        if _columns.url_key(url) in (_columns.url_key(page.url), _columns.url_key(base)):
            continue
        text = _columns.link_text(anchor)
        parent = anchor.parent
        around = _columns.clean(parent.text(separator=" ")) if parent is not None else text
        if _columns.SIBLING_ARTICLE.match(text) or _columns.SIBLING_ARTICLE.match(around):
            continue
        if INTERPRETATION in text or _columns.in_template(anchor):
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


def _candidates(site: Site, index: _columns.SiteIndex) -> Iterator[tuple[Page, str | None]]:
    """Interpretation article pages, with the column they were listed in (None when found by title)."""
    seen: set[str] = set()
    list_keys = {_columns.url_key(u) for column in index.columns() for u in column.pages}
    for column in index.columns():
        if INTERPRETATION not in column.name:
            continue
        for item in column.items:
            page = index.page(item.url)
            if page is None or not index.usable(page) or _columns.url_key(page.url) in list_keys:
                continue
            if page.url not in seen:
                seen.add(page.url)
                yield page, column.name
    for page in site.pages:
        if page.url in seen or not SAYS_INTERPRETATION.search(page.text) or not index.usable(page):
            continue
        if index.is_home(page.final_url or page.url) or _columns.url_key(page.url) in list_keys:
            continue
        tree = index.tree(page, keep=False)
        if INTERPRETATION in _columns.page_title(tree) or INTERPRETATION in _columns.breadcrumb(tree):
            if _is_article(tree):
                seen.add(page.url)
                yield page, None


def run(site: Site, config: CheckConfig) -> Iterator[Finding]:
    index = _columns.site_index(site)
    column_keys = frozenset(_columns.url_key(c.url) for c in index.columns())
    for page, column in _candidates(site, index):
        tree = index.tree(page, keep=False)
        if _policy_links(tree, page, index, column_keys):
            continue
        title = _columns.page_title(tree)
        paragraphs = (_columns.clean(p.text()) for p in tree.css("p") if not _columns.in_template(p))
        text = " ".join(p for p in paragraphs if not _columns.SIBLING_ARTICLE.match(p))
        yield Finding(
            check=NAME,
            url=page.url,
            page=page.url,
            value=title or None,
            severity="medium",
            evidence={
                "title": title,
                "column": column,
                "policies_named_without_link": sorted(set(POLICY_TITLE.findall(text)))[:5],
            },
            leaves=LEAVES,
        )
