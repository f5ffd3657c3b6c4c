"""account_redundancy: an owner's surplus, dormant and unregistered accounts on one platform (集约开设,
management.intensive).

The plan's principle is 一单位一平台一账号: one account per body per platform. Three kinds of finding:
- duplicate: more open accounts than one in a group (WeChat official accounts — 服务号 and 订阅号 together —,
  mini-programs, Apps, Weibo). The account kept is the one a reviewer would keep: registered, active, with the most
  posts in the window, opened first; each other is a finding;
- dormant (僵尸账号): declared dormant, or no post for more than the dormancy limit (90 days by default) before the
  as-of date — judged only with imported posts;
- unregistered: an account not in the owner's registry of its accounts (the 政务新媒体 备案 the owner keeps).
Closed accounts are gone and judged no more. The check observes the owner's open accounts on the platform.
"""

from __future__ import annotations

import datetime as dt

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.model import ACCOUNT_GROUP, Account, CheckResult, Finding, PlatformAccounts, platform_label

NAME = "account_redundancy"
TITLE = gettext_noop("账号未集约开设")


def last_post_day(account: Account) -> dt.date | None:
    return max((p.published_at.date() for p in account.posts or ()), default=None)


def dormant(account: Account, as_of: dt.date, days: int) -> tuple[bool, dt.date | None]:
    """(is it dormant, since when it is silent) at AS_OF; never dormant for want of data."""
    last = last_post_day(account)
    if account.status == "dormant":
        return True, last
    if not account.publishes or account.posts is None:
        return False, None
    since = last or account.opened_on
    if since is None:  # posts imported and none in them, opening date unknown: silent for as long as we can see
        return True, None
    return (as_of - since).days > days, since


def _keep_order(account: Account, accounts: PlatformAccounts, config: CheckConfig) -> tuple[object, ...]:
    is_dormant, _since = dormant(account, accounts.window.end, config.dormant_days)
    return (not account.registered, account.status != "active", is_dormant,
            -len(account.posts_in(accounts.window)), account.opened_on or dt.date.max, account.key)


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    open_accounts = accounts.open_accounts
    owner = accounts.owner.name
    as_of = accounts.window.end
    findings: list[Finding] = []
    groups: dict[str, list[Account]] = {}
    for account in open_accounts:
        groups.setdefault(ACCOUNT_GROUP[account.kind], []).append(account)
    for members in groups.values():
        if len(members) < 2:
            continue
        kept, *others = sorted(members, key=lambda a: _keep_order(a, accounts, config))
        names = "、".join(f"“{a.name}”" for a in sorted(members, key=lambda a: a.key))
        for account in others:
            findings.append(Finding(
                check=NAME, key=f"duplicate:{account.key}", account=account.key, kind="duplicate",
                summary=_("%(owner)s在%(platform)s开设了 %(count)d 个同类账号（%(names)s），%(account)s与“%(kept)s”"
                          "重复；规则：按照一单位一平台一账号的原则集约开设。") % {
                    "owner": owner, "platform": platform_label(accounts.platform), "count": len(members),
                    "names": names, "account": account.label, "kept": kept.name},
                evidence={"account": account.name, "kept": kept.name, "kept_id": kept.key,
                          "group": [a.key for a in members]},
            ))
    for account in open_accounts:
        is_dormant, since = dormant(account, as_of, config.dormant_days)
        if is_dormant:
            if since is not None and account.status != "dormant":
                silent = _("自 %(since)s 起 %(days)d 天未发布信息") % {
                    "since": f"{since:%Y-%m-%d}", "days": (as_of - since).days}
            elif account.status == "dormant":
                silent = _("登记状态为休眠")
            else:
                silent = _("导入的数据中没有任何发布")
            findings.append(Finding(
                check=NAME, key=f"dormant:{account.key}", account=account.key, kind="dormant", severity="high",
                summary=_("%(account)s%(silent)s，为僵尸账号；规则：超过 %(days)d 天不更新的账号应整合或关停。") % {
                    "account": account.label, "silent": silent, "days": config.dormant_days},
                evidence={"account": account.name, "last_post": since.isoformat() if since else None,
                          "status": account.status, "as_of": as_of.isoformat(), "limit_days": config.dormant_days},
            ))
        if not account.registered:
            findings.append(Finding(
                check=NAME, key=f"unregistered:{account.key}", account=account.key, kind="unregistered",
                summary=_("%(account)s未纳入%(owner)s的政务新媒体账号名录（未备案）；规则：政务新媒体应统一登记、"
                          "集约开设。") % {"account": account.label, "owner": owner},
                evidence={"account": account.name, "url": account.url},
            ))
    return CheckResult(check=NAME, findings=tuple(findings), observed=len(open_accounts))
