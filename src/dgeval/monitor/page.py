"""Turning fetched bytes into text and links: charset detection, HTML parsing and URL normalisation.

Charset order (issue 4 §1): HTTP header, then `<meta charset>` / `<meta http-equiv>`, then a strict UTF-8 try and
charset-normalizer. GBK and GB2312 are decoded as GB18030, their superset, so the rarer characters in personal names
do not turn into replacement marks. Invalid bytes are replaced, never fatal.

URL resolution is cached per (base, href): the same navigation links repeat on every page of a site, and resolving
them once is most of the speed-up of link extraction.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import ada_url
import charset_normalizer
from selectolax.lexbor import LexborHTMLParser

from dgeval.monitor.model import Link, LinkKind

#: charsets decoded as a superset: GBK/GB2312 pages often hold GB18030-only characters (rare surnames).
CHARSET_ALIASES: dict[str, str] = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "iso-8859-1": "cp1252",  # as browsers do (WHATWG encoding standard)
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "utf8": "utf-8",
}

SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "ftp:", "file:", "about:", "blob:")
#: <link rel> values naming a host to warm up, not a resource to fetch.
NON_RESOURCE_RELS = frozenset({"dns-prefetch", "preconnect"})

_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_LINK_TAGS = "a, area, img, script, link, iframe, frame, source, base"
_URL_ATTRS: dict[str, tuple[str, LinkKind]] = {
    "a": ("href", "a"),
    "area": ("href", "area"),
    "img": ("src", "img"),
    "script": ("src", "script"),
    "link": ("href", "link"),
    "iframe": ("src", "iframe"),
    "frame": ("src", "frame"),
}
MAX_LINK_TEXT = 200


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when unknown (then detection goes on)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str) -> str | None:
    match = _CT_CHARSET.search(content_type or "")
    return normalize_charset(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """`<meta charset>` or `<meta http-equiv content="…; charset=…">` in the first 4 KiB (HTML's prescan window)."""
    match = _META_CHARSET.search(body[:4096])
    return normalize_charset(match.group(1).decode("ascii", "replace")) if match else None


def _bom_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def decode(body: bytes, content_type: str = "", *, html: bool = True) -> tuple[str, str]:
    """Decode a document; returns (text, charset used). Never raises."""
    bom = _bom_charset(body)
    if bom:
        return body.decode(bom, "replace"), bom
    declared = [c for c in (header_charset(content_type), meta_charset(body) if html else None) if c]
    for charset in declared:
        try:
            return body.decode(charset), charset
        except UnicodeDecodeError:
            continue
    if declared:
        # Every declared charset has invalid bytes: keep the declaration that loses the fewest characters.
        best = min(declared, key=lambda c: body.decode(c, "replace").count("\ufffd"))
        return body.decode(best, "replace"), best
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _plausible_gb18030(body):
        return body.decode("gb18030"), "gb18030"
    guess = charset_normalizer.from_bytes(body[:65536]).best()
    charset = normalize_charset(guess.encoding if guess else None) or "gb18030"
    return body.decode(charset, "replace"), charset


def _plausible_gb18030(body: bytes) -> bool:
    """Undeclared non-UTF-8 bytes that decode strictly as GB18030 into common Chinese text.

    Chinese government sites without a declared charset are nearly always GBK; charset-normalizer misjudges short
    samples, so this cheap test goes first: nearly all non-ASCII characters must be common CJK or CJK punctuation.
    """
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(body[:65536], final=False)
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    common = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(wide) and common >= 0.95 * len(wide)


def resolve(base: str, href: str) -> str | None:
    """Absolute http(s) URL of `href` on a page whose base is `base`, without fragment; None when not fetchable.

    The cache key is the part of the base the result depends on: nothing for absolute URLs, the origin for
    root-relative ones, the directory for relative ones. So a site's navigation resolves once per directory,
    not once per page.
    """
    href = href.strip()
    if not href or href[0] == "#":
        return None
    first = href[0]
    if first == "/":
        if href[1:2] in ("/", "\\"):
            key = base[: base.find(":") + 1] + "//_/"  # scheme-relative: only the scheme matters
        else:
            key = base[: base.find("/", base.find("//") + 2) + 1] or base  # origin
    elif first == "?":
        key = base.split("#", 1)[0].split("?", 1)[0]
    elif href[:7].lower() == "http://" or href[:8].lower() == "https://":
        return _join_absolute(href)
    else:
        if href[:11].lower().startswith(SKIPPED_SCHEMES) or ":" in href.split("/", 1)[0]:
            # another scheme (or "c:" style junk): only http(s) is fetched
            if not href[:6].lower().startswith("http"):
                return None
        path = base.split("#", 1)[0].split("?", 1)[0]
        key = path[: path.rfind("/") + 1]
        if key.endswith("//"):  # a base without a path ("http://host")
            key = path + "/"
    return _join(key or base, href)


@lru_cache(maxsize=131_072)
def _join(base: str, href: str) -> str | None:
    try:
        url = ada_url.join_url(base, href)
    except ValueError:
        return None
    if not url.startswith(("http://", "https://")):
        return None
    hash_at = url.find("#")
    return url[:hash_at] if hash_at >= 0 else url


@lru_cache(maxsize=65_536)
def _join_absolute(href: str) -> str | None:
    return _join(href, href)


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


def _srcset_urls(srcset: str) -> list[str]:
    """Candidate URLs of a srcset: comma-separated 'url [descriptor]' pairs (URLs may contain commas rarely; accepted)."""
    urls = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0])
    return urls


@dataclass(frozen=True, slots=True)
class ParsedHTML:
    """What the crawler keeps from an HTML document."""

    text: str
    charset: str
    title: str
    links: tuple[tuple[str, LinkKind, str], ...]  # (url, kind, text); `to_links` turns them into shared Links
    truncated_links: bool
    note: object = None  # what `parse_html`'s `inspect` made of the parsed tree


def parse_html(body: bytes, content_type: str, url: str, max_links: int = 5_000,
               inspect: Callable[[str, LexborHTMLParser], object] | None = None) -> ParsedHTML:
    """Decode one HTML page and extract its title and links (at most `max_links`); `inspect(text, tree)`, when
    given, reads what else it needs from the tree once the links are out (so the checks need not parse again)."""
    text, charset = decode(body, content_type)
    tree = LexborHTMLParser(text)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else ""
    base = url
    links: list[tuple[str, LinkKind, str]] = []
    seen: set[tuple[str, str]] = set()
    truncated = False

    def add(href: str | None, kind: LinkKind, label: str = "") -> None:
        if href is None:
            return
        target = resolve(base, href)
        if target is None or (target, kind) in seen:
            return
        seen.add((target, kind))
        links.append((target, kind, label))

    for node in tree.css(_LINK_TAGS):
        if len(links) >= max_links:
            truncated = True
            break
        tag = node.tag
        attrs = node.attrs  # looked up one by one: cheaper than building the dict of every attribute
        if tag == "base":
            href = attrs.get("href")
            if href and base == url:  # only the first <base href> counts
                base = resolve(url, href) or url
            continue
        if tag in ("img", "source"):
            srcset = attrs.get("srcset")
            if srcset:
                for candidate in _srcset_urls(srcset):
                    add(candidate, "srcset")
            if tag == "source":
                continue
        if tag == "link":
            rel = (attrs.get("rel") or "").lower().split()
            if NON_RESOURCE_RELS.intersection(rel):
                continue
        attr, kind = _URL_ATTRS[tag]
        value = attrs.get(attr)
        if value is None:
            continue
        label = node.text(separator=" ", strip=True)[:MAX_LINK_TEXT] if kind in ("a", "area") else ""
        if kind == "area" and not label:
            label = (attrs.get("alt") or "")[:MAX_LINK_TEXT]
        add(value, kind, label)
    note = inspect(text, tree) if inspect is not None else None
    return ParsedHTML(text, charset, title, tuple(links), truncated, note)


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
