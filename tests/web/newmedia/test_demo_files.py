"""The demo's example exports (examples/2020/new_media/) yield the findings they were made to show, and leaf points
that equal a hand calculation from the finding rules and the new_media weights.

Weights (微信/App/微博): 信息更新 16/12/20, 信息内容 16/10/20, 留言回复 12/6/14, 集约开设 12/6/18, 认证规范 6/5/18.
Rules: update_gap share 1.0, −0.25 a finding; reply_overdue 0.5, −0.2 (≥ 3 public messages); account_redundancy 1.0,
−0.25; account_verification 0.6, −0.5; post_category 0.4, −0.2 (≥ 10 posts); post_advertising 0.1, −1.0.
"""

from __future__ import annotations

import pytest

from dgeval.web.newmedia.demo import examples_import
from dgeval.web.newmedia.models import AccountFinding, DataImport, FindingStatus, PlatformCheck
from dgeval.web.newmedia.services import findings_confirm_pending
from dgeval.web.scores.models import LeafScore
from dgeval.web.targets.services import targets_import_registry

#: (owner, platform, check, kind, account id) of every finding the example files hold.
EXPECTED = [
    ("440000", "wechat", "update_gap", "gap", "gh_gdfabu_demo"),  # 广东发布: nothing from 10-06 to 10-26
    ("440000", "app", "reply_overdue", "late", "cn.gov.gd.yss.demo"),  # 粤省事: 7 working days
    ("440000", "app", "reply_overdue", "late", "cn.gov.gd.yss.demo"),  # 9, across the National Day holiday
    ("440000", "app", "reply_overdue", "late", "cn.gov.gd.yss.demo"),  # 12
    ("440000", "app", "reply_overdue", "unanswered", "cn.gov.gd.yss.demo"),  # since 11-02, 14 by 11-20
    ("440000", "weibo", "post_category", "missing", ""),  # no 政策解读 on 广东's Weibo
    ("330100", "wechat", "update_gap", "gap", "gh_hzzwfw_demo"),  # the zombie posted nothing in the window
    ("330100", "wechat", "account_redundancy", "duplicate", "gh_hzzwfw_demo"),
    ("330100", "wechat", "account_redundancy", "dormant", "gh_hzzwfw_demo"),  # silent since 2020-06-30
    ("330100", "wechat", "account_redundancy", "unregistered", "gh_hzzwfw_demo"),
    ("330100", "weibo", "post_advertising", "advertising", "5000000003"),  # 双十一限时抢购
    ("510100", "weibo", "account_verification", "unverified", "5000000004"),  # 成都服务
]


@pytest.fixture
def imported(campaign_2020, evaluator_user, as_of):
    targets_import_registry()
    return examples_import(campaign=campaign_2020, actor=evaluator_user)


def _findings() -> list[tuple[str, str, str, str, str]]:
    return sorted((f.target.code, f.platform, f.check_name, f.kind, f.account.platform_id if f.account else "")
                  for f in AccountFinding.objects.select_related("target", "account").exclude(
                      status=FindingStatus.GONE))


def _points(code: str, column: str) -> dict[str, float]:
    return {leaf: round(points, 6) for leaf, points in LeafScore.objects.filter(
        target__code=code, framework="new_media", column=column).values_list("code", "points")}


def test_the_example_files_hold_the_findings_they_show(imported):
    accounts, files = imported
    assert (accounts, files) == (17, 27)  # 17 posts files, 10 messages files (not Weibo, not the zombie)
    assert _findings() == sorted(EXPECTED)


def test_confirmed_findings_give_the_hand_calculated_points(imported, campaign_2020, evaluator_user):
    for check in PlatformCheck.objects.select_related("target"):
        findings_confirm_pending(campaign=campaign_2020, target=check.target, platform=check.platform,
                                 actor=evaluator_user)
    guangdong_wechat = _points("440000", "wechat")
    assert guangdong_wechat["publish.update"] == 12.0  # 16 × 1.0 × (1 − 0.25 × 1 gap)
    assert _points("440000", "app")["interaction.message_reply"] == 0.6  # 6 × 0.5 × (1 − 0.2 × 4)
    hangzhou = _points("330100", "wechat")
    assert hangzhou["management.intensive"] == 3.0  # 12 × 1.0 × (1 − 0.25 × 3)
    assert hangzhou["publish.update"] == 12.0  # 16 × (1 − 0.25): the zombie's 81 silent days are one gap
    assert _points("330100", "weibo")["publish.content"] == 8.0  # 20 × (0.4 × 1 + 0.1 × (1 − 1.0 × 1))
    assert _points("440000", "weibo")["publish.content"] == 8.4  # 20 × (0.4 × (1 − 0.2) + 0.1 × 1)
    assert _points("510100", "weibo")["management.verification"] == 5.4  # 18 × 0.6 × (1 − 0.5)
    # A clean owner gets each check's whole share: 16 + 16 × 0.5 + 12 × 0.5 + 12 + 6 × 0.6 = 45.6.
    assert _points("330000", "wechat") == {"publish.update": 16.0, "publish.content": 8.0,
                                           "interaction.message_reply": 6.0, "management.intensive": 12.0,
                                           "management.verification": 3.6}
    # Weibo is exempt from reply timeliness (the plan's 注): that leaf is wholly for manual collection.
    assert "interaction.message_reply" not in _points("330000", "weibo")
    # 国家卫生健康委 has no App: it is not evaluated in that column.
    assert _points("nhc", "app") == {}


def test_importing_the_example_files_again_changes_nothing(imported, campaign_2020, evaluator_user):
    before = _findings()
    posts = sum(i.rows for i in DataImport.objects.filter(data_kind="posts"))
    examples_import(campaign=campaign_2020, actor=evaluator_user)
    assert _findings() == before
    again = DataImport.objects.order_by("-pk")[:27]
    assert sum(i.created + i.updated for i in again) == 0
    assert sum(i.rows for i in again if i.data_kind == "posts") == posts
