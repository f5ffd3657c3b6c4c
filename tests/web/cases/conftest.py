"""Fixtures of the innovation-case tests: experts from four provinces, a nomination and a case in each state."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.cases.experts import expert_profile_set
from dgeval.web.cases.nominations import CaseData, NominationData, nomination_save
from dgeval.web.cases.review import review_submit, reviews_assign_auto
from dgeval.web.cases.screening import case_screen

from tests.web.conftest import PASSWORD, PDF_BYTES

NOMINATION_DAY = date(2020, 11, 10)
REVIEW_DAY = date(2020, 11, 20)
REASON = ("依托一体化在线政务服务平台，将企业开办涉及的营业执照、公章刻制、发票申领、社保登记等事项整合为“一件事”，"
          "实行一表申请、一窗受理、一网通办，办理时间由 5 个工作日压缩至 0.5 个工作日。")

#: (username, display name, province code, organisation)
EXPERTS = (
    ("expert_bj", "专家赵（北京）", "110000", "国家行政学院电子政务研究中心"),
    ("expert_gd", "专家钱（广东）", "440000", "中山大学政治与公共事务管理学院"),
    ("expert_sc", "专家孙（四川）", "510000", "电子科技大学公共管理学院"),
    ("expert_zj", "专家李（浙江）", "330000", "浙江大学公共管理学院"),
)


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def header(**overrides) -> NominationData:
    values = dict(unit_name="杭州市西湖区数据资源管理局", unit_url="http://www.hzxh.gov.cn/", contact_name="王芳",
                  contact_phone="0571-87001234", contact_email="wangfang@hzxh.gov.cn",
                  contact_address="浙江省杭州市西湖区文三路 1 号", nominated_on=NOMINATION_DAY)
    values.update(overrides)
    return NominationData(**values)


def case(targets=(), **overrides) -> CaseData:
    values = dict(category="integrated_service", name="西湖区企业开办“一件事”集成服务", url="http://www.hzxh.gov.cn/qykb/",
                  reason=REASON, targets=list(targets))
    values.update(overrides)
    return CaseData(**values)


@pytest.fixture
def on_nomination_day(today_is, campaign_2020):
    today_is(NOMINATION_DAY)
    return campaign_2020


@pytest.fixture
def experts(db):
    admin = user_create(username="expert_admin", password=PASSWORD, role=Role.ADMIN)
    out = []
    for username, display, province, organisation in EXPERTS:
        user = user_create(username=username, password=PASSWORD, role=Role.EXPERT, display_name=display)
        expert_profile_set(expert=user, actor=admin, province_code=province, organisation=organisation)
        out.append(user)
    return out


@pytest.fixture
def nomination(on_nomination_day, nominator_user, county_target):
    """A submitted nomination with one case of 西湖区 (浙江)."""
    return nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(),
                           cases=[case([county_target])], submit=True)


@pytest.fixture
def submitted_case(nomination):
    return nomination.cases.get()


@pytest.fixture
def case_under_review(submitted_case, evaluator_user, today_is):
    today_is(REVIEW_DAY)
    return case_screen(case=submitted_case, actor=evaluator_user, accept=True, reason="材料完整")


@pytest.fixture
def reviewed_case(case_under_review, experts, admin_user):
    """The case with three conflict-free experts who each submitted a review."""
    for n, assignment in enumerate(reviews_assign_auto(campaign=case_under_review.campaign, actor=admin_user)):
        scores = {k: 14 + n for k in ("presentation", "approach", "benefit", "institution", "replicability")}
        review_submit(assignment=assignment, actor=assignment.expert, scores=scores, comment="做法成熟，可推广。")
    return case_under_review


@pytest.fixture
def shortlisted_cases(on_nomination_day, nominator_user, evaluator_user, admin_user, experts, county_target,
                      city_target, today_is):
    """Two reviewed, shortlisted cases (西湖区 一体化服务, 杭州市 新技术应用), reviewed on 2020-11-20."""
    from dgeval.web.cases.review import cases_shortlist

    nomination = nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True, cases=[
        case([county_target]),
        case([city_target], category="new_technology", name="杭州“城市大脑”便民停车", url="https://park.hangzhou.gov.cn/",
             reason="利用城市大脑汇聚全市停车泊位数据，推出“先离场后付费”服务，累计服务车辆超过 1 亿次。"),
    ])
    today_is(REVIEW_DAY)
    cases = list(nomination.cases.order_by("position"))
    for item in cases:
        case_screen(case=item, actor=evaluator_user, accept=True, reason="")
    for n, assignment in enumerate(reviews_assign_auto(campaign=on_nomination_day, actor=admin_user)):
        scores = dict.fromkeys(("presentation", "approach", "benefit", "institution", "replicability"), 12 + n % 5)
        review_submit(assignment=assignment, actor=assignment.expert, scores=scores, comment="创新明显。")
    cases_shortlist(campaign=on_nomination_day, shortlisted=cases, not_shortlisted=[], actor=admin_user,
                    reason="专家会商通过")
    for item in cases:
        item.refresh_from_db()
    return cases
