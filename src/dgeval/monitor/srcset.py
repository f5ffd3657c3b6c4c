"""The image URLs of a `srcset` attribute, by the HTML standard's "parse a srcset attribute" algorithm.

A URL may contain commas (`/cdn/image/format=webp,width=640/a.jpg 640w`): a candidate's URL runs to the next
whitespace, and only commas at its end separate it from the next candidate. A candidate whose descriptors are
invalid (`a.png 2x 3x`, `a.png big`) is dropped, as browsers drop it: no browser would ever request it.
"""

from __future__ import annotations

import re

_WHITESPACE = "\t\n\x0c\r "
_SEPARATORS = re.compile(r"[\t\n\x0c\r ,]*")
_URL = re.compile(r"[^\t\n\x0c\r ]+")
_INTEGER = re.compile(r"[0-9]+\Z")
#: the HTML standard's "valid floating-point number".
_FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")


def srcset_urls(srcset: str) -> list[str]:
    """The URL of every valid image candidate, in order (not yet resolved)."""
    urls: list[str] = []
    position = 0
    end = len(srcset)
    while True:
        position = _SEPARATORS.match(srcset, position).end()  # type: ignore[union-attr]
        if position >= end:
            return urls
        url = _URL.match(srcset, position).group()  # type: ignore[union-attr]
        position += len(url)
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        if "(" in srcset:
            descriptors, position = _tokenize_descriptors(srcset, position)
        else:  # without parentheses the tokenizer splits at the next comma: the common case, done in C
            comma = srcset.find(",", position)
            comma = end if comma < 0 else comma
            descriptors, position = _URL.findall(srcset, position, comma), comma + 1
        if _valid_descriptors(descriptors):
            urls.append(url)


def _tokenize_descriptors(srcset: str, position: int) -> tuple[list[str], int]:
    """The descriptor tokenizer: tokens up to the comma that ends the candidate (parentheses group)."""
    end = len(srcset)
    while position < end and srcset[position] in _WHITESPACE:
        position += 1
    descriptors: list[str] = []
    current = ""
    state = "in descriptor"
    while True:
        c = srcset[position] if position < end else ""
        if state == "in descriptor":
            if c and c in _WHITESPACE:
                if current:
                    descriptors.append(current)
                    current = ""
                    state = "after descriptor"
            elif c == ",":
                position += 1
                if current:
                    descriptors.append(current)
                return descriptors, position
            elif c == "(":
                current += c
                state = "in parens"
            elif not c:
                if current:
                    descriptors.append(current)
                return descriptors, position
            else:
                current += c
        elif state == "in parens":
            if c == ")":
                current += c
                state = "in descriptor"
            elif not c:
                descriptors.append(current)
                return descriptors, position
            else:
                current += c
        else:  # after descriptor
            if not c:
                return descriptors, position
            if c not in _WHITESPACE:
                state = "in descriptor"
                continue  # reconsume
        position += 1


def _valid_descriptors(descriptors: list[str]) -> bool:
    """The descriptor parser's verdict: at most one of width (`w`) or density (`x`), `h` only beside a width."""
    width = density = height = False
    for descriptor in descriptors:
        kind, value = descriptor[-1:], descriptor[:-1]
        if kind == "w" and not (width or density) and _INTEGER.match(value) and int(value) > 0:
            width = True
        elif kind == "x" and not (width or density or height) and _FLOAT.match(value) and float(value) >= 0:
            density = True
        elif kind == "h" and not (height or density) and _INTEGER.match(value) and int(value) > 0:
            height = True
        else:
            return False
    return width or not height
