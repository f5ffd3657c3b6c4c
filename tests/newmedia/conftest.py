"""Builders of the checks' input: an owner's accounts on one platform over the 2020 evaluation window."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dgeval.newmedia.checks import CheckConfig
from dgeval.newmedia.content import load_content_rules
from dgeval.newmedia.model import Account, Message, Owner, PlatformAccounts, Post, Window

#: The demo's window: the 系统监测 phase up to the demo's today.
WINDOW = Window(dt.date(2020, 9, 1), dt.date(2020, 11, 20))
HANGZHOU = Owner(code="330100", name="杭州市人民政府", short_name="杭州")


def post(day: str, title: str = "杭州召开数字化改革推进会", category: str = "动态", **fields: Any) -> Post:
    return Post(published_at=dt.datetime.fromisoformat(day + (" 09:00" if len(day) == 10 else "")), title=title,
                category=category, **fields)


def every(days: int, start: str = "2020-09-01", end: str = "2020-11-20", **fields: Any) -> tuple[Post, ...]:
    """A post every DAYS days from START to END (titles numbered so they differ)."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    count = (last - first).days // days + 1
    return tuple(post((first + dt.timedelta(days=n * days)).isoformat(), f"工作动态第{n}期", **fields)
                 for n in range(count))


def message(sent: str, replied: str | None = None, shown: bool = True, text: str = "请问公积金怎么提取？") -> Message:
    return Message(sent_at=dt.datetime.fromisoformat(sent), text=text, shown=shown,
                   replied_at=dt.datetime.fromisoformat(replied) if replied else None,
                   reply="您好，请登录公积金中心网站办理。" if replied else "")


def account(key: str = "gh_hz_fabu", kind: str = "wechat_subscription", name: str = "杭州发布", **fields: Any) -> Account:
    fields.setdefault("verification", "verified")
    fields.setdefault("verified_subject", "杭州市人民政府新闻办公室")
    return Account(key=key, kind=kind, name=name, **fields)


def on(platform: str, *accounts: Account, owner: Owner = HANGZHOU, window: Window = WINDOW) -> PlatformAccounts:
    return PlatformAccounts(owner=owner, platform=platform, accounts=accounts, window=window)


@pytest.fixture(scope="session")
def config() -> CheckConfig:
    return CheckConfig(content=load_content_rules(2020))
