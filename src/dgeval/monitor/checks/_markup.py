"""The parts of a government page that are template, and what its links say (see docs/checks.md).

Markup varies from site to site, so nothing here relies on a CMS's class names: header, nav, footer, breadcrumb and
pager are recognised by tag and by class/id words; a link's text is read as a visitor reads it (title or image alt
when the text is cut short or empty).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.monitor.checks._urls import clean

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


def _tokens(node: LexborNode) -> tuple[str, ...]:
    attrs = node.attributes
    return _words(attrs.get("class"), attrs.get("id"))


@lru_cache(maxsize=8192)
def _words(class_value: str | None, id_value: str | None) -> tuple[str, ...]:
    """The class and id words of an element, lower-cased. Cached by the two values: a site's pages repeat a few
    hundred of them, and the checks ask for those of every ancestor of every link they read (126,000 times for a
    county portal's 600 interpretation articles, 88,000 for its 479 list pages' pagers)."""
    return tuple(f"{class_value or ''} {id_value or ''}".lower().split())


def is_template_node(node: LexborNode) -> bool:
    """A header, nav, footer, breadcrumb or pager element (by tag, or by a class/id word)."""
    if node.tag in TEMPLATE_TAGS:
        return True
    attrs = node.attributes
    return _names_template(attrs.get("class"), attrs.get("id"))


@lru_cache(maxsize=8192)
def _names_template(class_value: str | None, id_value: str | None) -> bool:
    """Whether a class or id word names template (cached as `_words`)."""
    return any(token in _TEMPLATE_TOKENS or any(part in token for part in _TEMPLATE_SUBSTRINGS)
               for token in _words(class_value, id_value))


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


def ancestors(node: LexborNode, levels: int) -> Iterator[LexborNode]:
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
    return any(_PAGER_TOKENS.intersection(_tokens(ancestor)) for ancestor in ancestors(node, 4))


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



def parse(text: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(text)
    for node in tree.css(SKIP_TAGS):
        node.decompose()
    return tree



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


_CRUMB_WORDS = ("crumb", "position", "location", "weizhi", "dqwz", "curpos")
#: The first div, p, span, nav, ol, ul or td with a crumb word in a class or id word: as lexbor matches it, a word
#: without spaces is in the attribute's value (ASCII case ignored) exactly when it is in one of its words. One query
#: instead of a Python loop over every such element's attributes: half the time (0.03 ms a page instead of 0.06).
_CRUMB_SELECTOR = ":is(div, p, span, nav, ol, ul, td):is({})".format(
    ", ".join(f"[{attr}*={word} i]" for word in _CRUMB_WORDS for attr in ("class", "id")))


def breadcrumb(tree: LexborHTMLParser) -> str:
    """The text of the breadcrumb (当前位置: 首页 > … ), '' when none is recognised."""
    node = tree.css_first(_CRUMB_SELECTOR)
    if node is not None:
        return clean(node.text(separator=" "))
    body = tree.body
    text = clean(body.text(separator=" ")) if body is not None else ""
    match = re.search(r"(?:当前位置|您的位置|您现在的位置|您当前的位置)\s*[:：]?(.{0,80})", text)
    return match.group(1) if match else ""



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
            if not any(a.mem_id in chosen_ids for a in ancestors(node, 64)):
                chosen.append(node)
                chosen_ids.add(node.mem_id)
        for node in chosen:  # chosen before any removal: a removed element's descendants are never touched
            node.decompose()
    return tree


def main_text(text: str) -> str:
    """The text of a page outside its template, whitespace folded."""
    body = without_template(text).body
    return clean(body.text(separator=" ")) if body is not None else ""
