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
    return Paginator(items, per_page).get_page(number)
