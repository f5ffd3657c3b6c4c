"""stale_column: a column (栏目) not updated within its class's period (docs/checks.md).

Classes and periods are data (data/column_classes.toml): 动态/要闻 14 days, 通知公告/政策文件 180 days, 人事/规划计划
and other "should update" columns 365 days (CheckConfig.column_stale_days overrides). Columns whose name matches no
class are not judged: a wrong class would cost the site points. Undated items count as not updated, so a column
listing items without any date is stale with `latest_date` null; a column with no items is blank_column's business.
Boxes a CMS prints beside every list page (最新发布) are not the column's items (`_items.widget_blocks`): they would
make every column look as fresh as the newest news. A column is stale only when its newest item is MORE than the
period old (`_dates.past_period`): 14 days old is within a 14-day period. Observed: each classified column with at
least one dated item (a column whose items carry no date is still reported, but shows nothing the check could weigh).
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, NamedTuple

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import _column_classes, _dates, _site_index
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "stale_column"
TITLE = gettext_noop("栏目不更新")


class Columns(NamedTuple):
    """What `read` saw on a site: the findings, how many columns of a class it judged, and how many of those showed
    a date."""

    findings: list[Finding]
    judged: int  # classified columns with items
    dated: int  # of those, columns with at least one dated item: what a scan counts as observed


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    columns = read(site, config)
    if columns.dated:
        yield Observed(columns.dated)
    yield from columns.findings


def read(site: Site, config: CheckConfig) -> Columns:
    """The stale columns of a site, how many classified columns with items were judged and how many were dated."""
    classes, exclude = _column_classes.load_column_classes(config.column_classes_file)
    index = _site_index.site_index(site)
    findings: list[Finding] = []
    judged = dated = 0
    for column in index.columns():
        column_class = _column_classes.classify(column.name, classes, exclude)
        if column_class is None or not column.items:
            continue
        judged += 1
        threshold = int(config.column_stale_days.get(column_class.name, column_class.threshold_days))
        dates = [date for item in column.items for date in item.dates]
        dated += bool(dates)
        latest = _dates.latest(dates, site.as_of)
        days = (site.as_of - latest).days if latest is not None else None
        if not _dates.past_period(days, threshold):
            continue
        findings.append(Finding(
            check=NAME,
            url=column.url,
            page=column.pages[0] if column.pages else column.url,
            value=column.name,
            severity="medium",
            evidence={
                "column_class": column_class.name,
                "latest_date": latest.isoformat() if latest else None,
                "days_since_update": days,
                "threshold_days": threshold,
                "items": len(column.items),
                "pages": list(column.pages),
            },
        ))
    return Columns(findings, judged, dated)


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    facts = {"column": quoted(value or ""), "latest": evidence.get("latest_date"),
             "days": evidence.get("days_since_update"), "limit": evidence["threshold_days"]}
    if facts["latest"] is None:
        return _("栏目%(column)s的信息都没有标注发布日期，无法确认是否按时更新（该类栏目须 %(limit)s 天内更新）") % facts
    return _("栏目%(column)s最新条目为 %(latest)s，已 %(days)s 天未更新（该类栏目须 %(limit)s 天内更新）") % facts
