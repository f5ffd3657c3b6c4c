"""What the new-media checks read and produce: accounts with their posts and messages, findings, results.

Plain frozen dataclasses, no I/O, so the checks stay pure functions and the platform can build them from its rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from dgeval.i18n import gettext as _

#: The framework's columns of new_media: one ranking per platform.
Platform = Literal["wechat", "app", "weibo"]

#: What an account is on its platform; a WeChat mini-program is scored in the wechat column.
AccountKind = Literal["wechat_service", "wechat_subscription", "mini_program", "app", "weibo"]
PLATFORM_OF: Mapping[str, Platform] = {
    "wechat_service": "wechat",
    "wechat_subscription": "wechat",
    "mini_program": "wechat",
    "app": "app",
    "weibo": "weibo",
}
#: Accounts of one group on one platform are duplicates of each other (一单位一平台一账号): a 服务号 and a 订阅号 are
#: both official accounts; a mini-program is a service, not a second account.
ACCOUNT_GROUP: Mapping[str, str] = {
    "wechat_service": "official_account",
    "wechat_subscription": "official_account",
    "mini_program": "mini_program",
    "app": "app",
    "weibo": "weibo",
}
#: Kinds that publish information (a mini-program offers services, it has no posts or messages).
PUBLISHING_KINDS: frozenset[str] = frozenset({"wechat_service", "wechat_subscription", "app", "weibo"})

AccountStatus = Literal["active", "dormant", "closed"]
Verification = Literal["verified", "unverified", "unknown"]
Severity = Literal["high", "medium", "low"]


def kind_label(kind: str) -> str:
    """The account kind in Chinese, as findings and pages name it."""
    labels = {
        "wechat_service": _("微信服务号"),
        "wechat_subscription": _("微信订阅号"),
        "mini_program": _("微信小程序"),
        "app": _("政务App"),
        "weibo": _("政务微博"),
    }
    return labels.get(kind, kind)


def platform_label(platform: str) -> str:
    labels = {"wechat": _("微信"), "app": _("App"), "weibo": _("微博")}
    return labels.get(platform, platform)


@dataclass(frozen=True, slots=True)
class Post:
    """One published item: a WeChat article, a Weibo post, an App news item."""

    published_at: dt.datetime
    title: str
    original: bool | None = None  # 原创 True, 转载 False, None when the export does not say
    category: str = ""
    link: str = ""
    text: str = ""
    reads: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One message (留言) from the public, with the account's reply if any."""

    sent_at: dt.datetime
    text: str
    shown: bool = True  # shown to the public (WeChat: 精选留言)
    replied_at: dt.datetime | None = None
    reply: str = ""


@dataclass(frozen=True, slots=True)
class Account:
    """One account of an owner, with its imported data.

    `posts`/`messages` are None when nothing was imported for the account — no data, which the checks must tell apart
    from data that holds no post (an account that published nothing).
    """

    key: str  # the platform's id of the account (WeChat 原始ID, Weibo UID, App package name)
    kind: AccountKind
    name: str
    verification: Verification = "unknown"
    verified_subject: str = ""
    url: str = ""
    opened_on: dt.date | None = None
    status: AccountStatus = "active"
    registered: bool = True
    posts: tuple[Post, ...] | None = None
    messages: tuple[Message, ...] | None = None

    @property
    def publishes(self) -> bool:
        """True for the kinds that post information (not a mini-program)."""
        return self.kind in PUBLISHING_KINDS

    def posts_in(self, window: Window) -> tuple[Post, ...]:
        """The account's posts published inside WINDOW, oldest first (() when no post data was imported)."""
        return tuple(sorted((p for p in self.posts or () if window.holds(p.published_at.date())),
                            key=lambda p: p.published_at))

    def messages_in(self, window: Window) -> tuple[Message, ...]:
        """Messages sent inside WINDOW, oldest first (() when no message data was imported)."""
        return tuple(sorted((m for m in self.messages or () if window.holds(m.sent_at.date())),
                            key=lambda m: m.sent_at))

    @property
    def label(self) -> str:
        """“name”（kind）, how a finding names the account."""
        return _("“%(name)s”（%(kind)s）") % {"name": self.name, "kind": kind_label(self.kind)}


@dataclass(frozen=True, slots=True)
class Owner:
    """The government body that runs the accounts (a ministry, province or key city)."""

    code: str
    name: str
    short_name: str = ""

    def names(self) -> tuple[str, ...]:
        """The forms of the owner's name an account or its verification may carry (longest first)."""
        core = self.name.removeprefix("中华人民共和国").removesuffix("人民政府")
        forms = {n for n in (self.name, core, self.short_name) if n}
        return tuple(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Window:
    """The evaluation window, both ends inclusive; `end` is also the as-of date of the checks."""

    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return _("%(start)s 至 %(end)s") % {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"}


@dataclass(frozen=True, slots=True)
class PlatformAccounts:
    """The input of every check: one owner's accounts on one platform over the evaluation window."""

    owner: Owner
    platform: Platform
    accounts: tuple[Account, ...]
    window: Window

    @property
    def open_accounts(self) -> tuple[Account, ...]:
        """Accounts not closed: the ones the owner still runs."""
        return tuple(a for a in self.accounts if a.status != "closed")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found, with the evidence a reviewer needs and a sentence that says it.

    `key` identifies the finding across runs (same check, owner, platform and key = same finding, its review kept).
    `account` is the platform id of the account concerned, empty for a finding about the owner's whole platform.
    """

    check: str
    key: str
    summary: str
    account: str = ""
    kind: str = ""
    severity: Severity = "medium"
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check did: its findings and how many things it observed (the finding rules' `observes`).

    `skipped` says why the check did not apply (then it observed nothing); empty when it ran.
    """

    check: str
    findings: tuple[Finding, ...] = ()
    observed: int = 0
    skipped: str = ""
