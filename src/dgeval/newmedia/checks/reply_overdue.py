"""reply_overdue: messages answered later than the campaign's limit, or not at all (留言回复, interaction.message_reply).

Point 1 of the leaf (留言回复是否及时), measured in working days on the official calendar (`dgeval.workdays`: holidays
and make-up working days count right) from the day a message was sent to the day of its reply, or to the window's
end for a message still unanswered. A message unanswered but still inside the limit is not late yet. Only messages
shown to the public are judged: the others may be advertising or abuse that needs no reply, which 留言审查 judges by
hand. Not for Weibo: the plan's 注 exempts 政务微博 from this point; the whole leaf is then manual.
"""

from __future__ import annotations

import hashlib

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig, CheckNotApplicable
from dgeval.newmedia.model import Account, CheckResult, Finding, Message, PlatformAccounts
from dgeval.workdays import working_days_between

NAME = "reply_overdue"
TITLE = gettext_noop("留言回复不及时")

_QUOTE_CHARS = 30


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "…"


def _key(account: Account, message: Message) -> str:
    digest = hashlib.sha256(message.text.encode("utf-8")).hexdigest()[:16]
    return f"{account.key}:{message.sent_at.isoformat(timespec='minutes')}:{digest}"


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    if accounts.platform == "weibo":
        raise CheckNotApplicable(_("政务微博不考核留言回复是否及时（指标体系注）"))
    limit = config.reply_limit_workdays
    as_of = accounts.window.end
    rule = _("留言应在 %(limit)d 个工作日内回复") % {"limit": limit}
    findings: list[Finding] = []
    observed = 0
    for account in accounts.accounts:
        if not account.publishes or account.messages is None:
            continue
        for message in account.messages_in(accounts.window):
            if not message.shown:
                continue
            observed += 1
            sent = message.sent_at.date()
            common = {"account": account.label, "sent": f"{sent:%Y-%m-%d}", "text": _quote(message.text),
                      "rule": rule}
            if message.replied_at is None:
                waited = working_days_between(sent, as_of)
                if waited <= limit:
                    continue
                findings.append(Finding(
                    check=NAME, key=_key(account, message), account=account.key, kind="unanswered", severity="high",
                    summary=_("%(account)s在 %(sent)s 收到的留言“%(text)s”截至 %(as_of)s 已 %(days)d 个工作日未回复；"
                              "规则：%(rule)s。") % {**common, "as_of": f"{as_of:%Y-%m-%d}", "days": waited},
                    evidence={"account": account.name, "sent_at": message.sent_at.isoformat(timespec="minutes"),
                              "message": message.text, "working_days": waited, "limit_working_days": limit,
                              "as_of": as_of.isoformat()},
                ))
                continue
            replied = message.replied_at.date()
            taken = working_days_between(sent, replied)
            if taken <= limit:
                continue
            findings.append(Finding(
                check=NAME, key=_key(account, message), account=account.key, kind="late",
                summary=_("%(account)s在 %(sent)s 收到的留言“%(text)s”于 %(replied)s 才回复，用时 %(days)d 个工作日；"
                          "规则：%(rule)s。") % {**common, "replied": f"{replied:%Y-%m-%d}", "days": taken},
                evidence={"account": account.name, "sent_at": message.sent_at.isoformat(timespec="minutes"),
                          "replied_at": message.replied_at.isoformat(timespec="minutes"), "message": message.text,
                          "working_days": taken, "limit_working_days": limit},
            ))
    return CheckResult(check=NAME, findings=tuple(findings), observed=observed)
