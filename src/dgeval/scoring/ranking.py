"""Standard competition ranking ("1224"): equal totals share a rank, the next rank skips."""

from __future__ import annotations

from typing import Sequence

#: Totals are sums of decimals: compare them at this precision so 0.1 + 0.2 ties with 0.3.
TIE_DIGITS = 6


def competition_ranks(totals: Sequence[float]) -> list[int]:
    """Rank of each total (highest first) in the order given."""
    keys = [round(t, TIE_DIGITS) for t in totals]
    ordered = sorted(keys, reverse=True)
    first_position: dict[float, int] = {}
    for position, key in enumerate(ordered, 1):
        first_position.setdefault(key, position)
    return [first_position[k] for k in keys]
