"""Long lists of values bound to one query, a chunk at a time.

SQLite takes at most 32,766 parameters in a statement, and a national campaign's lists (an admin's whole template,
a deadline day's findings) pass that: a `field__in=[...]` over such a list is sent in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Values bound in one `IN (...)`: far under SQLite's bound, few enough statements for any list.
IN_CHUNK = 1000


def chunked(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """VALUES in consecutive slices of at most IN_CHUNK (read at each call, so a test may lower it)."""
    size = IN_CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]
