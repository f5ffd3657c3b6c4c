"""The URLs a style sheet makes a browser fetch: `url()`, `@import "…"` and `image-set("…")`, read with a CSS
tokenizer (tinycss2) rather than a regular expression, so comments, strings and escapes are what CSS says they are
(`/* url(old.png) */` is no link; `url("a\\"b.png")` is one).

Only text that can hold a URL at all is tokenized: a page's `<style>` blocks and `style` attributes rarely do, and
the tokenizer is pure Python (results are cached per text). The accepted limit: a function name spelled with CSS escapes (`\\75rl(`) is missed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

import tinycss2
from tinycss2 import ast

_MAY_HOLD_URL = re.compile(r"url\(|@import|image-set\(", re.I)
_IMAGE_SETS = frozenset({"image-set", "-webkit-image-set"})


def css_urls(css: str) -> tuple[str, ...]:
    """Every URL the CSS text refers to, in order (not yet resolved)."""
    if not _MAY_HOLD_URL.search(css):
        return ()
    return _tokenized_urls(css)


@lru_cache(maxsize=512)
def _tokenized_urls(css: str) -> tuple[str, ...]:
    """Cached: a site's pages repeat the same <style> blocks, and tokenizing 20 KB of CSS takes about 15 ms."""
    return tuple(_urls(tinycss2.parse_component_value_list(css, skip_comments=True)))


def _urls(values: Iterable[ast.Node]) -> Iterator[str]:
    importing = False
    for value in values:
        if isinstance(value, (ast.WhitespaceToken, ast.Comment)):
            continue
        if isinstance(value, ast.URLToken):
            yield value.value
        elif isinstance(value, ast.StringToken) and importing:
            yield value.value
        elif isinstance(value, ast.FunctionBlock):
            if value.lower_name == "url":  # url("…") with a quoted URL is a function, not a URL token
                strings = [a for a in value.arguments if isinstance(a, ast.StringToken)]
                if strings:
                    yield strings[0].value
            elif value.lower_name in _IMAGE_SETS:
                yield from (a.value for a in value.arguments if isinstance(a, ast.StringToken))
                yield from _urls(value.arguments)
            else:
                yield from _urls(value.arguments)
        elif isinstance(value, (ast.CurlyBracketsBlock, ast.SquareBracketsBlock, ast.ParenthesesBlock)):
            yield from _urls(value.content)
        importing = isinstance(value, ast.AtKeywordToken) and value.lower_value == "import"
