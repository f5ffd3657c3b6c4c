"""What a column page shows outside its template, for telling a blank list from a single-page column
(blank_column; see docs/checks.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from dgeval.monitor.checks._markup import without_template
from dgeval.monitor.checks._urls import clean
from dgeval.monitor.model import Page

BLANK_MARKER = re.compile(
    r"暂无(?:相关)?(?:信息|内容|数据|记录|文章|资料|公告|通知|新闻|动态)|没有(?:相关|找到)?(?:信息|内容|数据|记录)|"
    r"无相关(?:信息|内容|数据|记录)|(?:栏目|页面|信息)(?:正在)?(?:建设|更新|完善)中|共\s*0\s*(?:条|篇|页)"
)
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|位置|首页|网站首页|[>»＞/|｜\-:：\s]+)[:：]?$"
)
MIN_CONTENT_CHARS = 20


@dataclass(frozen=True, slots=True)
class Content:
    """What a page shows outside its template: for telling a blank list from a single-page column."""

    chars: int
    media: bool
    marker: str | None


MEDIA = "img, iframe, embed, video, object, audio, textarea, select"


def content_of(page: Page, homepage_lines: frozenset[str], homepage_media: frozenset[str],
               names: frozenset[str], widget_rows: tuple[str, ...] = ()) -> Content:
    """Text and media of a page outside its template, outside what the homepage also shows (banners, logos), outside
    the rows of its widget blocks (a 最新发布 box beside an empty list) and outside its links: link texts name other
    pages (a 相关专题 box, a sub-column menu), they are not what this page shows."""
    body = without_template(page.text).body
    if body is None:
        return Content(0, False, None)
    for link in body.css("a[href]"):
        link.decompose()
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
