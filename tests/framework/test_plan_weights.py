"""The 2020 data files checked against the plan (附件1), leaf by leaf and level by level.

The tables below were typed from the plan independently of the data files: a transcription slip in either shows up.
"""

import pytest

from dgeval.framework import load_framework

N = None  # "—" / "——" / "_" in the plan

DIGITAL_GOV = {
    "support.channel_diversity": (["服务支撑度", "渠道支撑", "渠道多元"], 1),
    "support.unified_entry": (["服务支撑度", "渠道支撑", "入口统一"], 2),
    "support.search": (["服务支撑度", "应用支撑", "搜索功能"], 2),
    "support.identity": (["服务支撑度", "应用支撑", "身份认证"], 3),
    "support.unified_interaction": (["服务支撑度", "应用支撑", "统一互动"], 2),
    "support.service_system": (["服务支撑度", "应用支撑", "办事系统"], 2),
    "support.online_payment": (["服务支撑度", "应用支撑", "线上支付"], 2),
    "support.data_catalog": (["服务支撑度", "数据支撑", "清单目录"], 2),
    "support.data_sharing": (["服务支撑度", "数据支撑", "数据共享"], 2),
    "support.data_same_source": (["服务支撑度", "数据支撑", "数据同源"], 3),
    "maturity.coverage": (["服务成熟度", "政务服务成熟度", "服务覆盖度"], 6),
    "maturity.standardization": (["服务成熟度", "政务服务成熟度", "标准规范度"], 6),
    "maturity.one_thing": (["服务成熟度", "政务服务成熟度", "一件事服务"], 7),
    "maturity.intelligence": (["服务成熟度", "政务服务成熟度", "服务智能化"], 4),
    "maturity.epidemic": (["服务成熟度", "公共服务成熟度", "数字化战疫"], 4),
    "maturity.medical": (["服务成熟度", "公共服务成熟度", "医疗服务"], 3),
    "maturity.education": (["服务成熟度", "公共服务成熟度", "教育服务"], 3),
    "maturity.transport": (["服务成熟度", "公共服务成熟度", "交通服务"], 3),
    "maturity.social_security": (["服务成熟度", "公共服务成熟度", "社保服务"], 3),
    "maturity.employment": (["服务成熟度", "公共服务成熟度", "就业服务"], 3),
    "maturity.public_resource_trading": (["服务成熟度", "公共服务成熟度", "公共资源交易服务"], 3),
    "maturity.open_data": (["服务成熟度", "数据服务成熟度", "数据开放"], 3),
    "maturity.data_quality": (["服务成熟度", "数据服务成熟度", "数据质量管理"], 3),
    "maturity.data_use": (["服务成熟度", "数据服务成熟度", "数据开发利用"], 3),
    "satisfaction.rating_channel": (["服务满意度", "政务服务好差评", "好差评渠道建设"], 2),
    "satisfaction.rating_effect": (["服务满意度", "政务服务好差评", "好差评效果"], 3),
    "satisfaction.data_rating_function": (["服务满意度", "数据服务满意度", "评价功能"], 2),
    "satisfaction.data_rating_effect": (["服务满意度", "数据服务满意度", "评价效果"], 2),
    "satisfaction.inquiry_reply": (["服务满意度", "咨询投诉答复满意度", "咨询投诉答复"], 2),
    "satisfaction.reply_rating": (["服务满意度", "咨询投诉答复满意度", "答复效果评价"], 2),
    "assurance.leadership": (["服务保障度", "组织保障", "领导机制"], 2),
    "assurance.agency": (["服务保障度", "组织保障", "管理机构"], 2),
    "assurance.planning": (["服务保障度", "制度保障", "规划设计"], 2),
    "assurance.standards": (["服务保障度", "制度保障", "制度标准"], 2),
    "assurance.security_management": (["服务保障度", "安全保障", "安全管理"], 2),
    "assurance.privacy": (["服务保障度", "安全保障", "隐私保护"], 2),
}
DIGITAL_GOV_LEVEL1 = {"服务支撑度": 21, "服务成熟度": 54, "服务满意度": 13, "服务保障度": 12}

MINISTRY = {
    "info.statutory_disclosure": 12, "info.key_business_disclosure": 5, "info.search_download": 2,
    "info.on_request_disclosure": 1, "info.central_work": 5,
    "data.catalog": 1, "data.quality": 2, "data.use": 2,
    "response.interpretation": 10, "response.concerns": 5,
    "service.item_catalog": 2, "service.guide": 4, "service.forms": 2, "service.queries": 2,
    "service.login": 2, "service.rating": 1, "service.package": 6,
    "interaction.inquiry_channel": 2, "interaction.message_disclosure": 3,
    "interaction.survey_channel": 2, "interaction.survey_feedback": 3,
    "management.name_domain": 1, "management.identification": 3, "management.organization": 2,
    "management.rules": 2, "management.annual_report": 1, "management.daily_operation": 2,
    "management.security": 2, "management.privacy": 1,
    "function.smart_qa": 4, "function.smart_search": 4, "function.ipv6": 2, "function.user_space": 2,
}
MINISTRY_LEVEL1 = {"信息发布": 25, "数据开放": 5, "解读回应": 15, "办事服务": 19, "互动交流": 10, "管理保障": 14, "功能推广": 12}

LOCAL = {  # province, city, county
    "info.statutory_disclosure": (20, 17, 19), "info.search_download": (2, 1, 1),
    "info.on_request_disclosure": (1, 1, 1), "info.three_battles": (2, 2, 3),
    "info.streamlining_reform": (2, 1, 2), "info.six_stabilities": (2, 1, 2), "info.digital_epidemic": (4, 3, 5),
    "data.platform": (4, 4, N), "data.quality": (2, 2, N), "data.use": (2, 2, N),
    "response.interpretation": (5, 4, 4), "response.concerns": (2, 2, 2),
    "service.coverage": (2, 2, 2), "service.standardization": (6, 6, 8), "service.forms": (1, 1, 1),
    "service.queries": (3, 3, 2), "service.login": (2, 2, 2), "service.rating": (1, 1, 1),
    "service.topics": (2, 5, 5), "service.one_thing": (4, 8, 8),
    "interaction.inquiry_channel": (1, 1, 1), "interaction.message_disclosure": (3, 3, 3),
    "interaction.survey_channel": (1, 1, 1), "interaction.survey_feedback": (3, 3, 3),
    "management.name_domain": (1, 1, 1), "management.identification": (3, 3, 3),
    "management.organization": (1, 1, 1), "management.rules": (2, 2, 2), "management.annual_report": (2, 2, 2),
    "management.daily_operation": (2, 2, 2), "management.security": (2, 2, 2), "management.privacy": (1, 1, 1),
    "function.smart_qa": (3, 3, 3), "function.smart_search": (3, 3, 3), "function.ipv6": (1, 2, 2),
    "function.user_space": (2, 2, 2),
}

NEW_MEDIA = {  # wechat, app, weibo
    "publish.update": (16, 12, 20), "publish.content": (16, 10, 20),
    "service.affairs": (12, 10, N), "service.queries": (6, 8, N), "service.availability": (N, 8, N),
    "service.rating": (N, 8, N), "interaction.message_review": (10, 6, N),
    "interaction.message_reply": (12, 6, 14), "interaction.feedback": (6, 6, 6),
    "management.intensive": (12, 6, 18), "management.verification": (6, 5, 18),
    "management.assurance": (2, 2, 2), "management.security": (2, 3, 2), "platform.search": (N, 10, N),
}

WEBSITE_BONUS = [
    "bonus.intensive_construction", "bonus.integrated_service", "bonus.mobile_service",
    "bonus.new_technology", "bonus.data_sharing_opening", "bonus.data_use",
]


def _weights(name):
    fw = load_framework(name, 2020)
    return fw, {i.code: tuple(i.weights[c] for c in fw.columns) for i in fw.base_indicators}


def test_digital_gov_leaf_by_leaf():
    fw, got = _weights("digital_gov")
    assert got == {code: (w,) for code, (_, w) in DIGITAL_GOV.items()}
    assert [list(i.path) for i in fw.base_indicators] == [p for p, _ in DIGITAL_GOV.values()]
    assert fw.level1_max("government") == DIGITAL_GOV_LEVEL1
    assert {s.path[0]: s.weights["government"] for s in fw.subtotals} == DIGITAL_GOV_LEVEL1
    assert [i.code for i in fw.bonus_indicators] == ["bonus.new_infrastructure", *WEBSITE_BONUS]


def test_ministry_site_leaf_by_leaf():
    fw, got = _weights("ministry_site")
    assert got == {code: (w,) for code, w in MINISTRY.items()}
    assert list(got) == list(MINISTRY)  # the plan's order
    assert fw.level1_max("ministry") == MINISTRY_LEVEL1
    assert {s.path[0]: s.weights["ministry"] for s in fw.subtotals} == MINISTRY_LEVEL1
    assert [i.code for i in fw.bonus_indicators] == WEBSITE_BONUS


def test_local_site_leaf_by_leaf_and_no_printed_subtotals():
    fw, got = _weights("local_site")
    assert got == LOCAL
    assert list(got) == list(LOCAL)
    assert fw.subtotals == ()
    assert [i.code for i in fw.bonus_indicators] == WEBSITE_BONUS


def test_new_media_leaf_by_leaf_without_bonus():
    fw, got = _weights("new_media")
    assert got == NEW_MEDIA
    assert fw.bonus_indicators == () and fw.bonus_cap == 0 and fw.subtotals == ()


@pytest.mark.parametrize(
    ("name", "column", "level1"),
    [
        ("local_site", "province", {"信息发布": 33, "数据开放": 8, "解读回应": 7, "办事服务": 21, "互动交流": 8, "管理保障": 14, "功能推广": 9}),
        ("local_site", "city", {"信息发布": 26, "数据开放": 8, "解读回应": 6, "办事服务": 28, "互动交流": 8, "管理保障": 14, "功能推广": 10}),
        ("local_site", "county", {"信息发布": 33, "数据开放": 0, "解读回应": 6, "办事服务": 29, "互动交流": 8, "管理保障": 14, "功能推广": 10}),
        ("new_media", "wechat", {"发布解读": 32, "服务质量": 18, "互动效果": 28, "管理规范": 22, "平台功能": 0}),
        ("new_media", "app", {"发布解读": 22, "服务质量": 34, "互动效果": 18, "管理规范": 16, "平台功能": 10}),
        ("new_media", "weibo", {"发布解读": 40, "服务质量": 0, "互动效果": 20, "管理规范": 40, "平台功能": 0}),
    ],
)
def test_level1_sums_per_column(name, column, level1):
    assert load_framework(name).level1_max(column) == level1


def test_criteria_keep_numbered_points_on_their_own_lines():
    ind = load_framework("local_site").indicator("info.search_download")
    assert ind.criteria.splitlines() == [
        "网站政府信息公开板块信息检索和下载功能的建设情况：",
        "1.是否提供检索功能并且可用；",
        "2.检索结果是否准确；",
        "3.是否提供信息下载功能并且可用。",
    ]
