"""Long lists shown a page at a time: one paginator for every list of the platform (docs/ui.md).

A view hands its selector's queryset and the `page` GET parameter to `page_of`; the template shows the page with
`{% pagination page %}` (common/templatetags/listing.py), which keeps the list's other GET parameters (its filters)
in every link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

#: Rows per page: enough to compare neighbours, few enough for a phone to render quickly.
PER_PAGE = 50


def page_of(items: QuerySet[Any] | Sequence[Any], number: str | int | None, *, per_page: int = PER_PAGE) -> Page:
    """The page NUMBER of ITEMS; a missing, malformed or out-of-range number gives the first or last page, as
    a link copied from an older, longer list should still land on rows rather than on an error."""
    if isinstance(items, QuerySet) and not items.ordered:
        # Without an order the database may return rows in a different order for each page: a row could show on
        # two pages and another on none. Creation order is the neutral choice.
        items = items.order_by("pk")
    return Paginator(items, per_page).get_page(number)
