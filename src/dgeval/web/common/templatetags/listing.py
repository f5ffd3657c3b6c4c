"""Template tags for the platform's lists (docs/ui.md): `{% pagination page %}` under a paginated table, and
`{% tablewrap "label" %}<table>…</table>{% endtablewrap %}` around every table, which scrolls a wide table inside
its own box (the page never scrolls sideways on a phone) and keeps its header row in view."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.html import format_html

register = template.Library()


@register.inclusion_tag("common/_pagination.html", takes_context=True)
def pagination(context: Context, page: Page) -> dict[str, Any]:
    """Links to the previous and next page (and the first and last), keeping the request's other GET parameters."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is not None:
        query.pop("page", None)
    base = query.urlencode() if query else ""
    prefix = f"?{base}&page=" if base else "?page="
    return {"page": page, "prefix": prefix}


class TableWrapNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: Context) -> str:
        inner = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        # A box that may scroll must be reachable by keyboard, and a focusable box needs a name for screen readers.
        if label:
            return format_html('<div class="table-wrap" role="region" tabindex="0" aria-label="{}">{}</div>',
                               label, inner)
        return format_html('<div class="table-wrap" tabindex="0">{}</div>', inner)


@register.tag("tablewrap")
def tablewrap(parser: Parser, token: Token) -> TableWrapNode:
    """`{% tablewrap "label" %}…{% endtablewrap %}`; LABEL (optional, any expression) names the table's region."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("tablewrap takes at most one argument, the table's label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtablewrap",))
    parser.delete_first_token()
    return TableWrapNode(nodelist, label)
