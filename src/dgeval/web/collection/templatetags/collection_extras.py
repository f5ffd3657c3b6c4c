"""Template filters of manual collection."""

from django import template

register = template.Library()


@register.filter
def get_count(counts: dict[str, int], status: str) -> int:
    """counts[status], 0 when absent: the progress tables show every status column."""
    return counts.get(status, 0)
