"""post_category and post_advertising: the plan's categories of government information, and advertising words."""

from __future__ import annotations

from dgeval.newmedia.checks import post_advertising, post_category

from ..conftest import account, on, post

ALL_KINDS = (
    post("2020-09-02", "市政府常务会议召开", "动态"),
    post("2020-09-09", "关于印发《杭州市数字经济促进办法》的通知", ""),
    post("2020-09-16", "一图读懂《杭州市数字经济促进办法》", ""),
    post("2020-09-23", "关于网传“地铁停运”的情况说明", ""),
    post("2020-09-30", "复工复产｜重点企业用工保障", ""),
)


def test_every_required_category_present_is_clean(config):
    result = post_category.run(on("wechat", account(posts=ALL_KINDS)), config)
    assert result.findings == () and result.observed == 5


def test_a_missing_category_is_a_finding(config):
    result = post_category.run(on("wechat", account(posts=ALL_KINDS[:2] + ALL_KINDS[3:])), config)
    (finding,) = result.findings
    assert finding.kind == "missing" and finding.evidence["category"] == "interpretation"
    assert "没有“政策解读”类信息" in finding.summary


def test_too_few_government_posts_is_a_finding(config):
    chatter = tuple(post(f"2020-10-{d:02d}", f"今日份美景请查收{d}", "") for d in range(1, 7))
    result = post_category.run(on("weibo", account(kind="weibo", posts=ALL_KINDS + chatter)), config)
    (finding,) = result.findings
    assert finding.kind == "low_share" and finding.evidence == {
        "posts": 11, "relevant": 5, "share": 0.4545, "min_share": 0.5}


def test_no_posts_observes_nothing(config):
    assert post_category.run(on("app", account(kind="app", posts=None)), config).observed == 0


def test_the_label_decides_before_the_title(config):
    rules = config.content
    assert rules.categories_of("政策解读", "市政府常务会议召开") == {"interpretation"}
    assert rules.categories_of("", "市政府常务会议召开") == {"news"}


def test_advertising_words_are_findings_and_policy_words_are_not(config):
    ad = post("2020-10-15", "双十一限时抢购，扫码领优惠券", "")
    policy = post("2020-10-16", "推广应用新技术 落实减税降费优惠政策", "动态")
    result = post_advertising.run(on("weibo", account(kind="weibo", posts=(ad, policy))), config)
    (finding,) = result.findings
    assert finding.evidence["words"] == ["限时抢购", "优惠券"] and result.observed == 2
    assert "含商业广告用语（限时抢购、优惠券）" in finding.summary
