"""The demo's example exports (examples/2020/new_media/) yield the findings they were made to show, and leaf points
that equal a hand calculation from the finding rules and the new_media weights.

Weights (微信/App/微博): 信息更新 16/12/20, 信息内容 16/10/20, 留言回复 12/6/14, 集约开设 12/6/18, 认证规范 6/5/18.
Rules: update_gap share 1.0, −0.25 a finding; reply_overdue 0.5, −0.2 (≥ 3 public messages; WeChat and App only);
account_redundancy 1.0, −0.25; account_verification 0.6, −0.5; post_category 0.4, −0.2 (≥ 10 posts);
post_advertising 0.1, −1.0. The checks' points are the leaf's automatic part (at most share × weight); manual
collection scores the rest (weight − the share observed).
"""

from __future__ import annotations

import pytest

from dgeval.web.newmedia.demo import examples_import
from dgeval.web.newmedia.models import AccountFinding, DataImport, FindingStatus, PlatformCheck
from dgeval.web.newmedia.services import findings_confirm_pending
from dgeval.web.scores.models import LeafScore, ScorePart
from dgeval.web.scores.selectors import manual_part_max
from dgeval.web.targets.models import Target
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


def _part(code: str, column: str, leaf: str) -> tuple[str, float, float, int]:
    """(state, points, maximum, findings counted) of the checks' part of one leaf."""
    part = ScorePart.objects.select_related("leaf").get(leaf__target__code=code, leaf__framework="new_media",
                                                        leaf__column=column, leaf__code=leaf, source_kind="new_media")
    return part.leaf.state, round(part.points, 6), round(part.max_points, 6), part.evidence.count()


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


def test_each_leaf_is_the_checks_part_plus_the_manual_rest(imported, campaign_2020, evaluator_user):
    for check in PlatformCheck.objects.select_related("target"):
        findings_confirm_pending(campaign=campaign_2020, target=check.target, platform=check.platform,
                                 actor=evaluator_user)
    hangzhou = Target.objects.get(code="330100")

    def manual(code: str, column: str, leaf: str) -> float:
        return manual_part_max(campaign=campaign_2020, target=Target.objects.get(code=code), framework="new_media",
                               column=column, code=leaf)

    # 集约开设 of 杭州's WeChat: the checks' whole (share 1.0 of 12), three findings counted: 12 × (1 − 0.75) = 3.
    assert _part("330100", "wechat", "management.intensive") == ("deducted", 3.0, 12.0, 3)
    assert manual("330100", "wechat", "management.intensive") == 0.0
    # 信息内容 of 广东's Weibo: post_category 0.4 and post_advertising 0.1 of 20 observed = 10;
    # 20 × (0.4 × (1 − 0.2) + 0.1) = 8.4, one finding; the other 10 are manual collection's.
    assert _part("440000", "weibo", "publish.content") == ("deducted", 8.4, 10.0, 1)
    assert manual("440000", "weibo", "publish.content") == 10.0
    # 留言回复 of 粤省事: 6 × 0.5 = 3 observed, four late or unanswered: 3 × (1 − 0.8) = 0.6; manual 6 − 3 = 3.
    assert _part("440000", "app", "interaction.message_reply") == ("deducted", 0.6, 3.0, 4)
    assert manual("440000", "app", "interaction.message_reply") == 3.0
    # 认证规范 of 浙江's WeChat, clean: 6 × 0.6 = 3.6, the manual rest 6 − 3.6 = 2.4.
    assert _part("330000", "wechat", "management.verification") == ("clean", 3.6, 3.6, 0)
    assert manual("330000", "wechat", "management.verification") == pytest.approx(2.4)
    # Weibo's 留言回复 has no rule: no part of the checks, all 14 to manual collection.
    assert not ScorePart.objects.filter(leaf__target__code="330000", leaf__column="weibo",
                                        leaf__code="interaction.message_reply").exists()
    assert manual("330000", "weibo", "interaction.message_reply") == 14.0
    # The part names the owner's check run on the platform.
    part = ScorePart.objects.get(leaf__target=hangzhou, leaf__column="wechat", leaf__code="management.intensive")
    assert part.source == PlatformCheck.objects.get(target=hangzhou, platform="wechat")


def test_importing_the_example_files_again_changes_nothing(imported, campaign_2020, evaluator_user):
    before = _findings()
    posts = sum(i.rows for i in DataImport.objects.filter(data_kind="posts"))
    examples_import(campaign=campaign_2020, actor=evaluator_user)
    assert _findings() == before
    again = DataImport.objects.order_by("-pk")[:27]
    assert sum(i.created + i.updated for i in again) == 0
    assert sum(i.rows for i in again if i.data_kind == "posts") == posts
