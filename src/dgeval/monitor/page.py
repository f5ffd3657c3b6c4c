"""Turning fetched bytes into text and links, as a browser would: encoding sniffing, HTML parsing, link extraction
and URL resolution. See docs/checks.md, "Decoding pages" and "Links".

Encodings are chosen by `encoding.sniff` (the WHATWG algorithm with a documented fallback for Chinese sites); a
`<meta>` the prescan missed (past the first 1,024 bytes) changes the encoding once the tree shows it, as the HTML
parser's "change the encoding" step does. Invalid bytes are replaced, never fatal.

Every URL goes through the WHATWG parser (ada-url), with the document's encoding for the query, and is kept in its
serialized form without the fragment: that string is the dedup key and, byte for byte, the request target sent.
Resolution is cached per (the part of the base the result depends on, href): the same navigation links repeat on
every page of a site, and resolving them once is most of the speed-up of link extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import ada_url
from selectolax.lexbor import LexborHTMLParser, LexborNode

from dgeval.monitor.css import css_urls
from dgeval.monitor.encoding import (
    DEFAULT_ENCODING, Sniffed, change_encoding, encoder_codec, meta_encoding, sniff_decoded,
)
from dgeval.monitor.model import Link, LinkKind
from dgeval.monitor.srcset import srcset_urls

#: <link rel> values naming a host to warm up, not a resource to fetch.
NON_RESOURCE_RELS = frozenset({"dns-prefetch", "preconnect"})
FETCHABLE_SCHEMES = frozenset({"http", "https"})
#: what the WHATWG URL parser strips from both ends of an href (C0 controls and space), and removes anywhere.
_C0_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: the bytes of an encoded query character that the URL parser percent-encodes (query percent-encode set).
_QUERY_UNSAFE = frozenset(b'"#<>\'')
#: Every element that may name a URL. `background` is read on body, table, td and th only, but one attribute test
#: per element costs lexbor less than four tag-qualified ones (a quarter of the query's time on the benchmark
#: site); `_extract` finds nothing on the other elements that carry it.
_LINK_TAGS = ("a, area, img, script, link, iframe, frame, source, video, audio, track, embed, object, input, style, "
              "[style], [background]")
#: The same query with the elements that decide the title and the base URL: one walk of the tree, not three.
_PAGE_TAGS = _LINK_TAGS + ", title, base[href]"
_URL_ATTRS: dict[str, tuple[str, LinkKind]] = {
    "a": ("href", "a"),
    "area": ("href", "area"),
    "img": ("src", "img"),
    "script": ("src", "script"),
    "link": ("href", "link"),
    "iframe": ("src", "iframe"),
    "frame": ("src", "frame"),
    "video": ("src", "media"),
    "audio": ("src", "media"),
    "track": ("src", "media"),
    "embed": ("src", "media"),
    "object": ("data", "media"),
}
MAX_LINK_TEXT = 200


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded document: its text, the encoding chosen and why, and (for HTML) the parsed tree."""

    text: str
    sniffed: Sniffed
    tree: LexborHTMLParser | None


def decode_document(body: bytes, content_type: str = "", *, html: bool = True,
                    default: str = DEFAULT_ENCODING) -> Decoded:
    """Decode a document as a browser would (see the module docstring). Never raises."""
    sniffed, strict = sniff_decoded(body, content_type, html=html, default=default)
    try:
        text = body.decode(sniffed.codec) if strict is None else strict
        utf8 = sniffed.codec == "utf-8"
    except UnicodeDecodeError:
        text, utf8 = body.decode(sniffed.codec, "replace"), False
    if not html:
        return Decoded(text, sniffed, None)
    # lexbor reads UTF-8: a str is encoded back to it first, and a valid UTF-8 body is that encoding already.
    tree = LexborHTMLParser(body if utf8 else text)
    if sniffed.source in ("detected", "default"):
        late = _tree_declaration(tree, body, sniffed)
        if late is not None:
            if late.codec != sniffed.codec:  # GBK after a GB18030 guess decodes alike: no second parse
                text = body.decode(late.codec, "replace")
                tree = LexborHTMLParser(text)
            sniffed = late
    return Decoded(text, sniffed, tree)


def _tree_declaration(tree: LexborHTMLParser, body: bytes, current: Sniffed) -> Sniffed | None:
    """The encoding the first declaring <meta> of the parsed tree names, when it is not the tentative one."""
    for node in tree.css("meta[charset], meta[http-equiv][content]"):
        declared = meta_encoding(node.attrs)
        if declared is not None:
            return change_encoding(body, current, declared)
    return None


def decode(body: bytes, content_type: str = "", *, html: bool = True) -> tuple[str, str]:
    """Decode a document; returns (text, the Python codec that decodes its body to that text). Never raises."""
    decoded = decode_document(body, content_type, html=html)
    return decoded.text, decoded.sniffed.codec


def resolve(base: str, href: str) -> str | None:
    """The http(s) URL a browser requests for `href` on a page whose base URL is `base` (serialized by the WHATWG
    parser, fragment dropped); None when nothing is fetched: another scheme, a parse failure, or a reference to the
    document itself ("" or "#…").

    The cache key is the part of the base the result depends on: nothing for absolute URLs, the scheme for
    scheme-relative ones, the origin for path-absolute ones, the directory for path-relative ones, the whole base
    for the rest ("?q", "http:x" on an http page). So a site's navigation resolves once per directory, not once per
    page; the test suite holds every WPT case against ada-url itself. Those parts of a base are cut once
    (`_Base`): a page resolves all its links against one base. In front of that, each (directory, href) is resolved
    once (`_in_directory`), as all but two forms of href depend on the directory at most.
    """
    return _base(base).resolve(href)


class _Base:
    """The parts of one base URL that resolution results depend on (see `resolve`)."""

    __slots__ = ("url", "whole", "scheme_relative", "origin", "path", "directory")

    def __init__(self, url: str) -> None:
        self.url = url
        self.whole = url.split("#", 1)[0]  # "http:x" on an http page: relative to the whole base
        authority_at = url.find("//") + 2
        self.scheme_relative = url[:authority_at] + "_/"  # scheme-relative: only the scheme matters
        path_at = url.find("/", authority_at)
        self.origin = url if path_at < 0 else url[: path_at + 1]
        self.path = self.whole.split("?", 1)[0]
        authority_at = self.path.find("//") + 2
        self.directory = (self.path[: self.path.rfind("/") + 1] if self.path.find("/", authority_at) >= 0
                          else self.path + "/")

    def resolve(self, href: str) -> str | None:
        found = _in_directory(self.directory, href)
        return self._resolve(href) if found is _WHOLE_BASE else found

    def _resolve(self, href: str, whole_base: object = None) -> str | None | object:
        """`resolve`; with `whole_base`, that instead of a result that depends on more than the directory."""
        href = href.strip(_C0_SPACE)
        if not href.isprintable():  # one scan for the rare tab or newline inside
            href = href.translate(_TAB_NEWLINE)
        if not href or href[0] == "#":
            return None
        first = href[0]
        scheme = _SCHEME.match(href) if ":" in href else None
        if scheme is not None:
            name = scheme.group()[:-1].lower()
            if name not in FETCHABLE_SCHEMES:
                return None
            rest = href[scheme.end():]
            if self.url[: len(name) + 1].lower() != name + ":" or (
                    rest[:1] in ("/", "\\") and rest[1:2] in ("/", "\\")):
                return _join_absolute(href)
            if whole_base is not None:
                return whole_base
            key = self.whole
        elif first in "/\\":
            key = self.scheme_relative if href[1:2] in ("/", "\\") else self.origin
        elif first == "?":
            if whole_base is not None:
                return whole_base
            key = self.path
        else:
            key = self.directory
        return _join(key, href)


#: What `_in_directory` answers for an href whose URL depends on more of the base than its directory.
_WHOLE_BASE = object()


@lru_cache(maxsize=16_384)
def _in_directory(directory: str, href: str) -> str | None | object:
    """The URL of `href` on any page of `directory`, or `_WHOLE_BASE` for the two forms that depend on more of the
    page's URL ("?q", and "http:x" on an http page). A site's pages repeat their hrefs, and most of a page's links
    are in its directory's cache: one lookup instead of reading the href's form again (0.7 µs a link)."""
    return _base(directory)._resolve(href, _WHOLE_BASE)


@lru_cache(maxsize=256)
def _base(url: str) -> _Base:
    return _Base(url)


def encode_query(href: str, encoding: str) -> str:
    """`href` with the non-ASCII characters of its query percent-encoded in the document's encoding, as browsers
    encode them (a GBK page's `?q=政务` asks for `?q=%D5%FE%CE%F1`); the URL parser encodes the rest in UTF-8.

    An encoded byte stays as it is when the URL parser would leave it (GBK trail bytes may be ASCII letters); a
    character the encoding lacks becomes `%26%23<code point>%3B`, the parser's `&#…;` escape.
    """
    end = href.find("#")
    end = len(href) if end < 0 else end
    start = href.find("?", 0, end)
    if start < 0 or href[start:end].isascii():
        return href
    codec = encoder_codec(encoding)
    out = []
    for char in href[start:end]:
        if char.isascii():
            out.append(char)
            continue
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            out.append(f"%26%23{ord(char)}%3B")
            continue
        out.extend(chr(b) if 0x21 <= b <= 0x7E and b not in _QUERY_UNSAFE else f"%{b:02X}" for b in encoded)
    return href[:start] + "".join(out) + href[end:]


@lru_cache(maxsize=131_072)
def _join(base: str, href: str) -> str | None:
    try:
        return _fetchable(ada_url.join_url(base, href))
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def _join_absolute(href: str) -> str | None:
    """An absolute URL parsed on its own (joined to itself, "https:/x" would be read relative to itself)."""
    try:
        return _fetchable(ada_url.normalize_url(href))
    except ValueError:
        return None


def _fetchable(url: str) -> str | None:
    """A serialized URL as requested: http(s) only, without its fragment."""
    if not url.startswith(("http://", "https://")):
        return None
    hash_at = url.find("#")
    return url[:hash_at] if hash_at >= 0 else url


def normalize_url(url: str) -> str | None:
    """Canonical form of an absolute http(s) URL (WHATWG), without fragment."""
    return resolve(url, url) if url.startswith(("http://", "https://", "HTTP://", "HTTPS://")) else None


@lru_cache(maxsize=65_536)
def host_of(url: str) -> str:
    """The hostname of a normalized URL ('' if none); IPv6 literals keep their brackets."""
    try:
        return str(ada_url.parse_url(url, attributes=("hostname",))["hostname"]).lower()
    except ValueError:
        return ""


@dataclass(frozen=True, slots=True)
class ParsedHTML:
    """What the crawler keeps from an HTML document."""

    text: str
    charset: str
    title: str
    links: tuple[tuple[str, LinkKind, str], ...]  # (url, kind, text); `to_links` turns them into shared Links
    truncated_links: bool


def parse_html(body: bytes, content_type: str, url: str, max_links: int = 5_000) -> ParsedHTML:
    """Decode one HTML page and extract its title and the URLs a browser would fetch or follow from it (at most
    `max_links`)."""
    decoded = decode_document(body, content_type)
    text, tree = decoded.text, decoded.tree
    assert tree is not None
    encoding = decoded.sniffed.encoding
    # Queries are encoded in the page's encoding; a UTF-8 page needs no work per link.
    utf8 = encoder_codec(encoding) == "utf-8"
    title_node = base_node = None
    link_nodes = []
    for node in tree.css(_PAGE_TAGS):
        tag = node.tag
        if tag == "title" or tag == "base":
            if tag == "title":
                if title_node is None:
                    title_node = node
            elif base_node is None and "href" in node.attrs:
                base_node = node
            if not _in_link_query(node):
                continue
        link_nodes.append(node)
    title = title_node.text(strip=True) if title_node is not None else ""
    base = url
    if base_node is not None:  # the first <base href> is the base of every URL in the document
        href = base_node.attrs.get("href") or ""
        base = resolve(url, href if utf8 or href.isascii() else encode_query(href, encoding)) or url
    links: list[tuple[str, LinkKind, str]] = []
    seen: set[tuple[str, str]] = set()

    against = _base(base).resolve

    def add(href: str | None, kind: LinkKind, label: str = "") -> None:
        if href is None:
            return
        if not (utf8 or href.isascii()):
            href = encode_query(href, encoding)
        target = against(href)
        if target is None:
            return
        key = (target, kind)
        if key not in seen:
            seen.add(key)
            links.append((target, kind, label))

    truncated = False
    for node in link_nodes:
        if len(links) >= max_links:
            truncated = True
            break
        _extract(node, add)
    if len(links) > max_links:  # the last element gave several (srcset, style)
        truncated = True
        del links[max_links:]
    return ParsedHTML(text, decoded.sniffed.codec, title, tuple(links), truncated)


def _in_link_query(node: LexborNode) -> bool:
    """Whether `_LINK_TAGS` matches a title or base element: by a style or background attribute."""
    attrs = node.attrs
    return "style" in attrs or "background" in attrs


def _extract(node: LexborNode, add: Callable[..., None]) -> None:
    """Hand `add` every URL one element makes a browser fetch or offers to follow."""
    tag = node.tag
    # Every attribute in one dict: cheaper than two lookups through `node.attrs` (a page's 90 elements: 76 → 47 µs).
    # A valueless attribute is None either way.
    attrs = node.attributes
    style = attrs.get("style")
    if style:
        for found in css_urls(style):
            add(found, "css")
    if tag == "a":  # most elements: what the general path below does for them, without its tests
        href = attrs.get("href")
        if href is not None:
            add(href, "a", node.text(separator=" ", strip=True)[:MAX_LINK_TEXT])
        return
    if tag == "style":
        for found in css_urls(node.text(deep=True)):
            add(found, "css")
        return
    if tag in ("img", "source"):
        srcset = attrs.get("srcset")
        if srcset:
            for candidate in srcset_urls(srcset):
                add(candidate, "srcset")
    if tag == "video":
        add(attrs.get("poster"), "img")
    elif tag == "source":
        if node.parent is not None and node.parent.tag in ("video", "audio"):
            add(attrs.get("src"), "media")
        return
    elif tag == "input":
        if (attrs.get("type") or "").strip().lower() == "image":
            add(attrs.get("src"), "img")
        return
    elif tag == "link":
        rel = (attrs.get("rel") or "").lower().split()
        if NON_RESOURCE_RELS.intersection(rel) or ("stylesheet" in rel and "disabled" in attrs):
            return
    if tag in ("body", "table", "td", "th"):
        add(attrs.get("background"), "img")
        return
    found = _URL_ATTRS.get(tag)
    if found is None:
        return
    attr, kind = found
    value = attrs.get(attr)
    if value is None:
        return
    label = ""
    if kind in ("a", "area"):
        label = node.text(separator=" ", strip=True)[:MAX_LINK_TEXT]
        if kind == "area" and not label:
            label = (attrs.get("alt") or "")[:MAX_LINK_TEXT]
    add(value, kind, label)


def to_links(raw: tuple[tuple[str, LinkKind, str], ...], cache: dict[tuple[str, str, str], Link]) -> tuple[Link, ...]:
    """Link objects shared across pages: a site's navigation repeats on every page, so memory stays flat."""
    out = []
    for key in raw:
        link = cache.get(key)
        if link is None:
            link = cache[key] = Link(*key)
        out.append(link)
    return tuple(out)


def is_html_type(content_type: str) -> bool:
    ct = content_type.split(";", 1)[0].strip().lower()
    return ct in ("text/html", "application/xhtml+xml", "")
