"""account_verification: unverified accounts and names that do not show their owner (认证规范,
management.verification).

Points 1 and 3 of the leaf, as far as the account's public data shows them:
- unverified: the platform's verification (认证) is missing;
- subject_mismatch: verified, but the verification subject (认证主体) does not name the owner, or names a company
  (a place name alone is not enough: 杭州某某科技有限公司 is not 杭州市人民政府);
- name_mismatch: the account's name carries no form of the owner's name (全称、简称), and no verification vouches for
  the owner either. A name tied to the body's duties (“健康中国”, “浙里办”) also meets the rule, which no word list
  can tell; when the verification names the owner, such a name is taken as that, and otherwise the reviewer decides.
Point 2 (the same name on every platform) and updates after a reorganisation are judged by hand. The check observes
the open accounts whose verification state was recorded (认证状态 not blank).
"""

from __future__ import annotations

from dgeval.i18n import gettext as _, gettext_noop
from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.model import Account, CheckResult, Finding, Owner, PlatformAccounts

NAME = "account_verification"
TITLE = gettext_noop("账号认证不规范")
#: Words of a subject that is not a government body, whatever place it names.
NOT_GOVERNMENT = ("公司", "集团", "工作室", "个人", "企业", "商行")


def names_owner(text: str, owner: Owner) -> bool:
    return any(name in text for name in owner.names())


def vouches_for(subject: str, owner: Owner) -> bool:
    """A verification subject that names the owner and is no company (a place name alone is not enough)."""
    return names_owner(subject, owner) and not any(word in subject for word in NOT_GOVERNMENT)


def _finding(account: Account, kind: str, summary: str, **evidence: object) -> Finding:
    return Finding(check=NAME, key=f"{kind}:{account.key}", account=account.key, kind=kind, summary=summary,
                   evidence={"account": account.name, **evidence})


def run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult:
    owner = accounts.owner
    findings: list[Finding] = []
    observed = 0
    for account in accounts.open_accounts:
        if account.verification == "unknown":
            continue
        observed += 1
        vouched = account.verification == "verified" and vouches_for(account.verified_subject, owner)
        if account.verification == "unverified":
            findings.append(_finding(
                account, "unverified",
                _("%(account)s未经平台认证；规则：政务新媒体应完成认证，并在认证信息中标明主办单位名称。") % {
                    "account": account.label}))
        elif not vouched:
            findings.append(_finding(
                account, "subject_mismatch",
                _("%(account)s的认证主体“%(subject)s”未标明主办单位%(owner)s；规则：在公开认证信息中标明主办单位"
                  "名称。") % {"account": account.label, "subject": account.verified_subject or _("（空）"),
                             "owner": owner.name},
                subject=account.verified_subject, owner=owner.name))
        if not vouched and not names_owner(account.name, owner):
            findings.append(_finding(
                account, "name_mismatch",
                _("%(account)s的名称未体现主办单位（%(names)s），认证信息也未表明主办单位；规则：以本单位机构名称"
                  "或单位工作职责关联命名（名称与职责关联的，审核时判为误报）。") % {
                    "account": account.label, "names": "、".join(owner.names())},
                owner_names=list(owner.names())))
    return CheckResult(check=NAME, findings=tuple(findings), observed=observed)
