"""URL comparison for the column checks: one key per page however a site links it (see docs/checks.md)."""

from __future__ import annotations

import re
from functools import lru_cache

from dgeval.monitor.page import resolve as page_resolve

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
