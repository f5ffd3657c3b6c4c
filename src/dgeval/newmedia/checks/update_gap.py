"""update_gap: stretches of the evaluation window in which an account published nothing (信息更新, publish.update).

The plan asks for at least one post a week (a WeChat 服务号, which may send fewer messages, every 2 weeks). Each
stretch of more than that many days without a post is one finding with its dates. The window's edges count as the
ends of a stretch: an account whose first post in the window comes on its 9th day has an 8-day stretch at the start.
Only active accounts that publish (not mini-programs) with imported posts are judged; what the window holds before its
first day is not seen, so a stretch is never reported longer than the window shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.model import Account, CheckResult, Finding, PlatformAccounts, Window, kind_label

NAME = "update_gap"
TITLE = gettext_noop("信息更新间隔过长")

_DAY = dt.timedelta(days=1)


def _rule(account: Account, limit: int) -> str:
    if limit == 7:
        return _("%(kind)s每周至少更新 1 次") % {"kind": kind_label(account.kind)}
    if limit % 7 == 0:
        return _("%(kind)s每 %(weeks)d 周至少更新 1 次") % {"kind": kind_label(account.kind), "weeks": limit // 7}
    return _("%(kind)s每 %(days)d 天至少更新 1 次") % {"kind": kind_label(account.kind), "days": limit}


def gaps(days: list[dt.date], window: Window, limit: int) -> Iterator[tuple[dt.date, dt.date]]:
    """(first, last) day of each stretch of at least LIMIT days with no post in WINDOW, given the posting DAYS."""
    anchors = [window.start - _DAY, *sorted(set(days)), window.end + _DAY]
    for before, after in zip(anchors, anchors[1:]):
        if (after - before).days - 1 >= limit:
            yield before + _DAY, after - _DAY


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    window = accounts.window
    findings: list[Finding] = []
    observed = 0
    for account in accounts.accounts:
        if account.status != "active" or not account.publishes or account.posts is None:
            continue
        observed += 1
        limit = config.update_limit(account.kind)
        days = [p.published_at.date() for p in account.posts_in(window)]
        for first, last in gaps(days, window, limit):
            length = (last - first).days + 1
            findings.append(Finding(
                check=NAME, key=f"{account.key}:{first.isoformat()}:{last.isoformat()}", account=account.key,
                kind="gap", severity="high" if length >= 2 * limit else "medium",
                summary=_("%(account)s在 %(first)s 至 %(last)s 共 %(days)d 天未发布信息；规则：%(rule)s。") % {
                    "account": account.label, "first": f"{first:%Y-%m-%d}", "last": f"{last:%Y-%m-%d}",
                    "days": length, "rule": _rule(account, limit)},
                evidence={"account": account.name, "first_day": first.isoformat(), "last_day": last.isoformat(),
                          "days": length, "limit_days": limit, "posts_in_window": len(days)},
            ))
    return CheckResult(check=NAME, findings=tuple(findings), observed=observed)
