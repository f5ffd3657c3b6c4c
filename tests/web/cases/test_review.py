"""初选, conflicts of interest, balanced assignment, blind review, aggregation and the shortlist."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.audit.models import AuditEntry
from dgeval.web.cases.experts import conflict_declare, conflicts_of, expert_profile_set
from dgeval.web.cases.models import CaseStatus, ReviewAssignment
from dgeval.web.cases.nominations import nomination_save
from dgeval.web.cases.review import (
    cases_shortlist,
    review_assign,
    review_results,
    review_submit,
    reviews_assign_auto,
)
from dgeval.web.cases.screening import case_merge, case_screen

from tests.web.conftest import PASSWORD

from .conftest import case, header

pytestmark = pytest.mark.django_db
ALL_14 = dict.fromkeys(("presentation", "approach", "benefit", "institution", "replicability"), 14)


def test_rejection_needs_a_reason_the_nominator_sees(submitted_case, evaluator_user, nominator_client):
    with pytest.raises(ValidationError, match="退回须填写原因"):
        case_screen(case=submitted_case, actor=evaluator_user, accept=False, reason=" ")
    case_screen(case=submitted_case, actor=evaluator_user, accept=False, reason="与数字政府无关，属于内部办公系统")
    page = nominator_client.get(reverse("cases:nomination", args=[submitted_case.nomination_id]))
    assert "与数字政府无关，属于内部办公系统" in page.text and "初选未通过" in page.text
    entry = AuditEntry.objects.get(action="case.screen")
    assert (entry.before["status"], entry.after["status"]) == ("submitted", "rejected")


def test_screening_is_for_admins_and_evaluators(submitted_case, expert_user, nominator_user):
    for who in (expert_user, nominator_user):
        with pytest.raises(PermissionDenied):
            case_screen(case=submitted_case, actor=who, accept=True, reason="")


def test_duplicates_merge_into_one_case_with_both_targets(nomination, nominator_user, evaluator_user, county_target,
                                                          city_target):
    other = nomination_save(campaign=nomination.campaign, actor=nominator_user, data=header(unit_name="杭州市数据资源管理局"),
                            cases=[case([city_target])], submit=True).cases.get()
    kept = nomination.cases.get()
    case_merge(duplicate=other, into=kept, actor=evaluator_user, reason="同一平台，重复推荐")
    other.refresh_from_db()
    assert other.status == CaseStatus.MERGED and other.merged_into == kept
    assert set(kept.targets.all()) == {county_target, city_target}
    assert {e.action for e in AuditEntry.objects.filter(action__startswith="case.merge")} == {"case.merge", "case.merge_into"}


def test_conflicts_are_province_organisation_and_declared(case_under_review, experts):
    bj, gd, sc, zj = experts
    assert set(conflicts_of(case_under_review, experts)) == {zj.pk}
    assert "浙江省" in conflicts_of(case_under_review, [zj])[zj.pk]
    admin = user_create(username="a2", password=PASSWORD, role=Role.ADMIN)
    expert_profile_set(expert=gd, actor=admin, province_code="", organisation="杭州市西湖区数据资源管理局")
    assert "同一单位" in conflicts_of(case_under_review, [gd])[gd.pk]
    conflict_declare(case=case_under_review, expert=sc, reason="曾参与该平台建设咨询")
    assert "本人声明回避" in conflicts_of(case_under_review, [sc])[sc.pk]


def test_auto_assignment_never_picks_a_conflicted_expert(case_under_review, experts, admin_user):
    created = reviews_assign_auto(campaign=case_under_review.campaign, actor=admin_user)
    assert len(created) == 3
    assert "expert_zj" not in {a.expert.username for a in created}
    assert AuditEntry.objects.filter(action="case.assign_auto").count() == 1


def test_auto_assignment_balances_load_across_cases(on_nomination_day, nominator_user, evaluator_user, admin_user,
                                                    experts, province_target, today_is):
    ministry = province_target.__class__.objects.create(code="bm_mof", name="财政部", kind="ministry")
    nomination = nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(unit_name="财政部办公厅"),
                                 cases=[case([ministry], name=f"案例{n}") for n in range(1, 4)], submit=True)
    today_is(on_nomination_day.phases.get(kind="case_review").starts_on)
    for item in nomination.cases.all():
        case_screen(case=item, actor=evaluator_user, accept=True, reason="")
    reviews_assign_auto(campaign=on_nomination_day, actor=admin_user)
    loads = [ReviewAssignment.objects.filter(expert=e).count() for e in experts]
    assert sum(loads) == 9 and max(loads) - min(loads) <= 1


def test_too_few_free_experts_is_a_clear_error(case_under_review, experts, admin_user):
    conflict_declare(case=case_under_review, expert=experts[0], reason="同事")
    with pytest.raises(ValidationError, match="需要 3 位专家，无利益冲突的专家只有 2 位"):
        reviews_assign_auto(campaign=case_under_review.campaign, actor=admin_user)
    assert not ReviewAssignment.objects.exists()


def test_manual_assignment_refuses_a_conflicted_expert(case_under_review, experts, admin_user):
    with pytest.raises(ValidationError, match="须回避"):
        review_assign(case=case_under_review, expert=experts[3], actor=admin_user)
    review_assign(case=case_under_review, expert=experts[0], actor=admin_user, reason="专家库补充")
    assert AuditEntry.objects.filter(action="case.assign").count() == 1


def test_only_the_assigned_expert_reviews_within_the_rubric(case_under_review, experts, admin_user):
    assignment = review_assign(case=case_under_review, expert=experts[0], actor=admin_user)
    with pytest.raises(PermissionDenied):
        review_submit(assignment=assignment, actor=experts[1], scores=ALL_14, comment="好")
    with pytest.raises(ValidationError, match="0 到 20"):
        review_submit(assignment=assignment, actor=experts[0], scores={**ALL_14, "benefit": 21}, comment="好")
    review = review_submit(assignment=assignment, actor=experts[0], scores=ALL_14, comment="做法清晰")
    assert review.total == 70
    assert AuditEntry.objects.get(action="case.review_submit").after["total"] == 70


def test_a_conflict_declared_after_reviewing_withdraws_the_review(reviewed_case):
    assignment = reviewed_case.assignments.first()
    conflict_declare(case=reviewed_case, expert=assignment.expert, reason="后发现为合作单位")
    assert reviewed_case.assignments.count() == 2
    entry = AuditEntry.objects.get(action="case.unassign")
    assert entry.before["review"]["comment"] == "做法成熟，可推广。"


def test_the_review_page_is_blind_and_only_for_the_assignee(case_under_review, experts, admin_user, client):
    assignment = review_assign(case=case_under_review, expert=experts[0], actor=admin_user)
    client.force_login(experts[0])
    page = client.get(reverse("cases:review", args=[assignment.pk])).text
    assert case_under_review.name in page and "一件事" in page
    for hidden in ("杭州市西湖区数据资源管理局", "王芳", "wangfang@hzxh.gov.cn", "0571-87001234", "杭州市西湖区人民政府"):
        assert hidden not in page
    client.force_login(experts[1])
    assert client.get(reverse("cases:review", args=[assignment.pk])).status_code == 404
    assert case_under_review.name not in client.get(reverse("cases:expert_home")).text


def test_results_use_zscores_and_flag_disagreement(case_under_review, experts, admin_user):
    created = reviews_assign_auto(campaign=case_under_review.campaign, actor=admin_user)
    for assignment, score in zip(created, (5, 12, 19)):
        review_submit(assignment=assignment, actor=assignment.expert, comment="见附件",
                      scores=dict.fromkeys(ALL_14, score))
    result = review_results(campaign=case_under_review.campaign)[case_under_review.pk]
    assert result.reviews == 3 and result.raw_mean == 60 and result.spread == 70 and result.flagged
    with pytest.raises(ValidationError, match="讨论结论"):
        cases_shortlist(campaign=case_under_review.campaign, shortlisted=[case_under_review], not_shortlisted=[],
                        actor=admin_user)
    cases_shortlist(campaign=case_under_review.campaign, shortlisted=[case_under_review], not_shortlisted=[],
                    actor=admin_user, reason="专家会商：以中位意见为准，入围")
    case_under_review.refresh_from_db()
    assert case_under_review.status == CaseStatus.SHORTLISTED
    assert AuditEntry.objects.get(action="case.shortlist").reason.startswith("专家会商")


def test_shortlisting_needs_a_full_panel(case_under_review, experts, admin_user):
    with pytest.raises(WorkflowError, match="只有 0 份专家评议"):
        cases_shortlist(campaign=case_under_review.campaign, shortlisted=[case_under_review], not_shortlisted=[],
                        actor=admin_user)
