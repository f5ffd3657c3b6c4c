"""The shared list pieces: `page_of`, `{% pagination %}` (keeps the filters in its links) and `{% tablewrap %}`."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory

from dgeval.web.common.listing import PER_PAGE, page_of


def render(source: str, query: str = "", **context: object) -> str:
    request = RequestFactory().get("/monitoring/findings/" + (f"?{query}" if query else ""))
    return Template("{% load listing %}" + source).render(Context({"request": request, **context}))


def test_page_of_cuts_pages_and_forgives_bad_numbers():
    rows = list(range(PER_PAGE * 2 + 3))
    assert list(page_of(rows, "2")) == rows[PER_PAGE:PER_PAGE * 2]
    assert page_of(rows, "x").number == 1
    assert page_of(rows, "99").number == 3
    assert page_of(rows, None).paginator.count == len(rows)


def test_pagination_keeps_the_filters_and_drops_the_old_page():
    page = page_of(list(range(120)), "2")
    html = render("{% pagination page %}", "status=confirmed&target=330106&page=2", page=page)
    assert 'href="?status=confirmed&amp;target=330106&amp;page=3"' in html
    assert 'href="?status=confirmed&amp;target=330106&amp;page=1"' in html
    assert "page=2&amp;page" not in html
    assert "第 2 / 3 页" in html and "共 120 条" in html
    assert 'aria-label="分页"' in html


def test_pagination_of_one_page_shows_nothing():
    assert render("{% pagination page %}", page=page_of([1, 2], None)).strip() == ""


def test_tablewrap_names_its_scrolling_region():
    html = render('{% tablewrap "监测问题" %}<table><tr><th>a</th></tr></table>{% endtablewrap %}')
    assert html.startswith('<div class="table-wrap" role="region" tabindex="0" aria-label="监测问题"><table>')
    assert html.endswith("</table></div>")
    unnamed = render("{% tablewrap %}<table></table>{% endtablewrap %}")
    assert unnamed == '<div class="table-wrap" tabindex="0"><table></table></div>'
