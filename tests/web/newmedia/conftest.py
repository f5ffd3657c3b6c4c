"""Fixtures of the 政务新媒体 tests: the demo's today, owners, an account with its exports."""

from __future__ import annotations

from datetime import date

import pytest

from dgeval.web.newmedia.models import Account
from dgeval.web.newmedia.services import account_save, posts_import
from dgeval.web.targets.models import Target, TargetKind

AS_OF = date(2020, 11, 20)  # the demo's today, inside 系统监测 and 人工采集

POSTS_CSV = (
    "发布时间,标题,分类\n"
    "2020-09-02 09:00,杭州召开数字化改革推进会,动态\n"
    "2020-09-08 09:00,关于印发《杭州市数字经济促进办法》的通知,政策文件\n"
).encode("utf-8")


@pytest.fixture
def as_of(today_is) -> date:
    today_is(AS_OF)
    return AS_OF


@pytest.fixture
def ministry_target(db) -> Target:
    return Target.objects.create(code="nhc", name="中华人民共和国国家卫生健康委员会", short_name="国家卫生健康委",
                                 kind=TargetKind.MINISTRY)


@pytest.fixture
def account(campaign_2020, city_target, evaluator_user, as_of) -> Account:
    """杭州发布 (微信订阅号) of the key city, verified, no data yet."""
    return account_save(campaign=campaign_2020, actor=evaluator_user, account=None, owner=city_target,
                        kind="wechat_subscription", name="杭州发布", platform_id="gh_hz_demo",
                        verification="verified", verified_subject="杭州市人民政府新闻办公室")


@pytest.fixture
def account_with_posts(campaign_2020, account, evaluator_user) -> Account:
    posts_import(campaign=campaign_2020, account=account, data=POSTS_CSV, filename="posts.csv", actor=evaluator_user)
    return account
