"""homepage_not_updated: the homepage's newest dated item is MORE than 14 days old (docs/checks.md).

The items are the homepage's list entries outside its header, nav and footer (see `_items.extract_items`); the
footer's copyright years, a printed 更新时间 and titles holding a year ("2019年工作报告") are not item dates.
Precision rules, documented in docs/checks.md:
- no list items at all (a portal of links and images) → CheckNotApplicable: nothing shows whether it is updated;
- items but none dated → a finding with `latest_date` null only when a news-like list is there (at least 3 items
  of headline length in one list); undated service links or menus are not evidence of neglect.
Observed: 1 when the homepage has a dated list (an undated news list is reported, but shows nothing to weigh).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator, Mapping

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import CheckNotApplicable, _dates, _items, _site_index
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Site

NAME = "homepage_not_updated"
TITLE = gettext_noop("首页不更新")
#: A news list: at least this many items in one list, of at least this mean title length.
NEWS_LIST_ITEMS = 3
NEWS_TITLE_CHARS = 10


def _has_news_list(items: list[_items.Item]) -> bool:
    by_list: dict[int, list[int]] = defaultdict(list)
    for item in items:
        by_list[item.container].append(len(item.title))
    return any(len(lengths) >= NEWS_LIST_ITEMS and sum(lengths) / len(lengths) >= NEWS_TITLE_CHARS
               for lengths in by_list.values())


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    index = _site_index.site_index(site)
    if not index.usable(site.homepage):
        raise CheckNotApplicable("homepage not fetched")
    items = index.home_items()
    if not items:
        raise CheckNotApplicable("no list items on the homepage")
    dates = [date for item in items for date in item.dates]
    if not dates and not _has_news_list(items):
        raise CheckNotApplicable("homepage lists carry no dates and none looks like a news list")
    if dates:
        yield Observed()
    newest = _dates.latest(dates, site.as_of)
    days = (site.as_of - newest).days if newest is not None else None
    if not _dates.past_period(days, config.homepage_stale_days):
        return
    yield Finding(
        check=NAME,
        url=site.root,
        page=site.homepage.url if site.homepage else site.root,
        value=newest.isoformat() if newest else None,
        severity="high",
        evidence={
            "latest_date": newest.isoformat() if newest else None,
            "days_since_update": days,
            "threshold_days": config.homepage_stale_days,
            "items": len(items),
            "dated_items": sum(1 for item in items if item.dates),
        },
    )


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    facts = {"latest": evidence.get("latest_date"), "days": evidence.get("days_since_update"), "limit": evidence["threshold_days"]}
    if facts["latest"] is None:
        return _("首页信息列表没有标注发布日期，无法确认是否按时更新（规则：首页须 %(limit)s 天内更新）") % facts
    return _("首页最新信息发布于 %(latest)s，已 %(days)s 天未更新（规则：首页须 %(limit)s 天内更新）") % facts
