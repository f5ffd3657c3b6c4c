"""Pages too deep or too large to judge, told apart from their bytes before anything parses them.

An HTML parser's tree builder is quadratic in nesting depth (lexbor: 2 ms at depth 1,000, 87 ms at 8,000, 50 s at
100,000), and so are checks that walk a node's ancestors; a 1 MB page of 100,000 nested `<div>`s took a scan five
minutes. So the crawler counts first: a page with more tags than `max_nodes`, or nested deeper than `max_depth`, is
kept as fetched but neither parsed nor checked, and the scan says so.

The nesting is estimated from the bytes, chunk by chunk: opening tags that are neither void (`<br>`, `<img>`…) nor
closed implicitly by their next sibling (`<p>`, `<li>`, `<td>`…), less closing tags. An estimate errs high within
one chunk (2 KB), which a cap of a thousand levels (real pages: 20 to 40) leaves room for. It costs about 10 µs a
KB, more than parsing a normal page, so two cheaper bounds go first: a page with fewer tags than the cap cannot nest
deeper, and counting every `<` as an opening and every `</` as a closing (three `bytes.count` a chunk) errs only
high, by void and unclosed elements; only a page over the cap by that count is measured tag by tag.
"""

from __future__ import annotations

import re

from dgeval.i18n import gettext as _

_IMPLICIT = rb"(?:p|li|td|th|tr|dt|dd|option|br|img|input|meta|link|hr|area|base|col|embed|source|track|wbr|param)"
_OPENING = re.compile(rb"<(?!" + _IMPLICIT + rb"[\s/>])[a-zA-Z]", re.IGNORECASE)
_CLOSING = re.compile(rb"</(?!" + _IMPLICIT + rb"[\s>])[a-zA-Z]", re.IGNORECASE)
_CHUNK = 2 * 1024
_ROUGH_CHUNK = 16 * 1024


def nesting(body: bytes) -> int:
    """An estimate of the deepest element nesting of an HTML document (see the module docstring)."""
    balance = deepest = 0
    for start in range(0, len(body), _CHUNK):
        chunk = body[start : start + _CHUNK]
        opening = len(_OPENING.findall(chunk))
        deepest = max(deepest, balance + opening)
        balance = max(0, balance + opening - len(_CLOSING.findall(chunk)))
    return deepest


def _rough_nesting(body: bytes) -> int:
    """A bound above `nesting`, from counts alone: every `<` opens, every `</` closes."""
    balance = deepest = 0
    for start in range(0, len(body), _ROUGH_CHUNK):
        chunk = body[start : start + _ROUGH_CHUNK]
        closing = chunk.count(b"</")
        opening = chunk.count(b"<") - closing
        deepest = max(deepest, balance + opening)
        balance = max(0, balance + opening - closing)
    return deepest


def refusal(body: bytes, max_nodes: int, max_depth: int) -> str | None:
    """Why the page is too large or too deep to judge, or None when it is not."""
    tags = body.count(b"<")
    if tags <= max_depth:
        return None
    if tags > max_nodes:
        return _("页面过大，未能判断：有 {count} 个标签，超过上限 {limit} 个，未解析、未检查").format(
            count=tags, limit=max_nodes)
    if _rough_nesting(body) <= max_depth:
        return None
    depth = nesting(body)
    if depth > max_depth:
        return _("页面过深，未能判断：嵌套约 {depth} 层，超过上限 {limit} 层，未解析、未检查").format(
            depth=depth, limit=max_depth)
    return None
