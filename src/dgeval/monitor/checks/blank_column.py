"""blank_column: a column (栏目) page showing no items, or only 暂无信息 (docs/checks.md).

A column page without list items is blank when it says so (暂无信息/暂无内容/暂无数据/共0条/建设中) or when, with its
template (header, nav, footer, breadcrumb, pager) and the text it shares with the homepage removed, it shows fewer
than 20 characters and no image, video, frame or form. A single-page column (机构职能, an article) has more text than
that and is not blank, nor is a page with real content whose side widget says 暂无信息. A site-wide box beside the
list (最新发布, shown on the list pages of several columns: `_items.widget_blocks`) is neither items nor content. Search and interactive pages are never columns (see `_markup.EXCLUDED_NAME`).
Observed: each column whose page was opened and judged.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import _content, _site_index
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "blank_column"
TITLE = gettext_noop("空白栏目")
#: A 暂无信息 in a side widget of a page that has real content does not make the column blank.
MAX_CHARS_WITH_MARKER = 150


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    for column in _site_index.site_index(site).columns():
        yield Observed()
        content = column.content
        if column.items or content is None:
            continue
        empty = not content.media and content.chars < _content.MIN_CONTENT_CHARS
        says_empty = content.marker is not None and content.chars < MAX_CHARS_WITH_MARKER
        if not (empty or says_empty):
            continue
        yield Finding(
            check=NAME,
            url=column.url,
            page=column.pages[0] if column.pages else column.url,
            value=column.name,
            severity="medium",
            evidence={"marker": content.marker, "content_chars": content.chars, "items": 0},
        )


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    column = quoted(value or "")
    if evidence.get("marker"):
        return _("栏目%(column)s没有任何信息，页面只显示%(marker)s（规则：网站不得存在空白栏目）") % {
            "column": column, "marker": quoted(evidence["marker"])}
    return _("栏目%(column)s页面没有任何信息或内容（规则：网站不得存在空白栏目）") % {"column": column}
