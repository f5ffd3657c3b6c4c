"""post_advertising: posts that carry commercial advertising (信息内容 point 4, publish.content).

A post whose title or text holds one of the year's advertising words (`data/<year>/content.toml`, chosen not to
occur in ordinary government writing) is a finding; 内容发布不当 in general is judged by hand. The check observes the
posts of the window.
"""

from __future__ import annotations

import hashlib

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.model import CheckResult, Finding, PlatformAccounts

NAME = "post_advertising"
TITLE = gettext_noop("刊登商业广告")


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    findings: list[Finding] = []
    observed = 0
    for account in accounts.accounts:
        if not account.publishes:
            continue
        for post in account.posts_in(accounts.window):
            observed += 1
            words = config.content.advertising_words(f"{post.title}\n{post.text}")
            if not words:
                continue
            digest = hashlib.sha256(post.title.encode("utf-8")).hexdigest()[:16]
            findings.append(Finding(
                check=NAME, key=f"{account.key}:{post.published_at.isoformat(timespec='minutes')}:{digest}",
                account=account.key, kind="advertising", severity="high",
                summary=_("%(account)s在 %(day)s 发布的“%(title)s”含商业广告用语（%(words)s）；规则：不得刊登或链接"
                          "商业广告。") % {"account": account.label, "day": f"{post.published_at:%Y-%m-%d}",
                                         "title": post.title, "words": "、".join(words)},
                evidence={"account": account.name, "published_at": post.published_at.isoformat(timespec="minutes"),
                          "title": post.title, "link": post.link, "words": list(words)},
            ))
    return CheckResult(check=NAME, findings=tuple(findings), observed=observed)
