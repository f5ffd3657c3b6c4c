"""account_redundancy: one account per owner per platform; dormant (僵尸) and unregistered accounts."""

from __future__ import annotations

import datetime as dt

from dgeval.newmedia.checks import account_redundancy

from ..conftest import account, every, on, post


def _kinds(result):
    return sorted((f.kind, f.account) for f in result.findings)


def test_one_active_account_is_clean(config):
    result = account_redundancy.run(on("wechat", account(posts=every(3))), config)
    assert result.findings == () and result.observed == 1


def test_zombie_duplicate_is_duplicate_dormant_and_unregistered(config):
    main = account(posts=every(3))
    zombie = account(key="gh_hz_zwfw", name="杭州政务服务", registered=False,
                     posts=(post("2020-06-30", "夏季防汛提示"),), opened_on=dt.date(2016, 3, 1))
    result = account_redundancy.run(on("wechat", main, zombie), config)
    assert _kinds(result) == [("dormant", "gh_hz_zwfw"), ("duplicate", "gh_hz_zwfw"), ("unregistered", "gh_hz_zwfw")]
    dormant = next(f for f in result.findings if f.kind == "dormant")
    # 2020-06-30 → 2020-11-20: 143 days.
    assert "自 2020-06-30 起 143 天未发布信息" in dormant.summary and dormant.evidence["last_post"] == "2020-06-30"
    duplicate = next(f for f in result.findings if f.kind == "duplicate")
    assert duplicate.evidence["kept"] == "杭州发布" and "一单位一平台一账号" in duplicate.summary
    assert result.observed == 2


def test_service_and_subscription_accounts_are_one_group_but_a_mini_program_is_not(config):
    service = account(key="a", kind="wechat_service", posts=every(5))
    mini = account(key="b", kind="mini_program", name="杭州办事")
    assert account_redundancy.run(on("wechat", service, mini), config).findings == ()
    second = account(key="c", kind="wechat_subscription", name="杭州发布订阅号", posts=every(2))
    # The subscription account posts more in the window: it is kept, the 服务号 is the duplicate.
    assert _kinds(account_redundancy.run(on("wechat", service, second), config)) == [("duplicate", "a")]


def test_closed_accounts_are_gone(config):
    closed = account(key="old", name="杭州旧号", status="closed", registered=False, posts=())
    assert account_redundancy.run(on("weibo", account(kind="weibo", posts=every(2)), closed), config).findings == ()


def test_dormant_needs_data_or_a_declared_status(config):
    no_data = account(posts=None)
    assert account_redundancy.run(on("app", no_data), config).findings == ()
    declared = account(status="dormant", posts=None)
    assert _kinds(account_redundancy.run(on("app", declared), config)) == [("dormant", "gh_hz_fabu")]


def test_a_recent_post_keeps_an_account_alive(config):
    recent = account(posts=(post("2020-08-23"),))  # 89 days before 11-20
    assert account_redundancy.run(on("weibo", recent), config).findings == ()
