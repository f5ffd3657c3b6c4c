"""Deciding a closed vote: the decision keeps its inputs, the bonus lands on the right scores with its case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.awards.models import BonusEntry, CaseDecision
from dgeval.web.awards.services import bonus_apply, cases_decide
from dgeval.web.cases.models import CaseStatus
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import scores_compute

pytestmark = pytest.mark.django_db


def test_a_decision_waits_for_the_vote_to_close(open_round, admin_user):
    with pytest.raises(WorkflowError, match="结束后"):
        cases_decide(campaign=open_round.campaign, vote_round=open_round, selected=[], actor=admin_user)


def test_the_bonus_lands_on_the_cases_targets_with_provenance(closed_round, shortlisted_cases, admin_user,
                                                              county_target, city_target):
    xihu, hangzhou = shortlisted_cases
    decisions = cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[xihu.pk, hangzhou.pk],
                             actor=admin_user, reason="专家与网民意见一致")
    by_case = {d.case_id: d for d in decisions}
    assert by_case[xihu.pk].votes == 3 and by_case[xihu.pk].public_part == 1.0
    assert by_case[hangzhou.pk].public_part == pytest.approx(1 / 3, abs=1e-4)
    xihu.refresh_from_db()
    assert xihu.status == CaseStatus.SELECTED

    leaf = LeafScore.objects.get(target=county_target, framework="local_site", column="county",
                                 code="bonus.integrated_service")
    assert leaf.source_kind == "bonus" and leaf.source_id == str(by_case[xihu.pk].pk)
    assert leaf.points == by_case[xihu.pk].points and "西湖区企业开办" in leaf.reason
    # 杭州 is a key city: its 新技术应用 case counts in both of its evaluations.
    city_leaves = LeafScore.objects.filter(target=city_target, code="bonus.new_technology")
    assert {(s.framework, s.column) for s in city_leaves} == {("local_site", "city"), ("digital_gov", "government")}
    total = next(s for s in scores_compute(campaign=closed_round.campaign, framework="local_site", column="county")
                 if s.target == county_target.code)
    assert total.bonus == leaf.points
    assert AuditEntry.objects.filter(action="award.decide").count() == 2
    assert AuditEntry.objects.filter(action="score.set", after__source_kind="bonus").count() == 3


def test_the_score_page_links_the_bonus_to_its_decision(closed_round, shortlisted_cases, admin_user, admin_client,
                                                        county_target):
    decision = cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[shortlisted_cases[0].pk],
                            actor=admin_user)[0]
    page = admin_client.get(reverse("scores:target", args=[county_target.code, "local_site", "county"])).text
    assert reverse("awards:decision", args=[decision.pk]) in page and "西湖区企业开办" in page
    detail = admin_client.get(reverse("awards:decision", args=[decision.pk])).text
    assert county_target.name in detail and "一体化服务" in detail


def test_a_category_is_capped_per_target(closed_round, shortlisted_cases, admin_user, county_target):
    xihu, hangzhou = shortlisted_cases
    hangzhou.category = xihu.category
    hangzhou.save()
    hangzhou.targets.set([county_target])
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[xihu.pk, hangzhou.pk],
                 actor=admin_user)
    entry = BonusEntry.objects.get(target=county_target, code="bonus.integrated_service")
    summed = sum(d.points for d in CaseDecision.objects.all())
    assert entry.points == min(summed, 5) and entry.decisions.count() == 2
    leaf = LeafScore.objects.get(target=county_target, code="bonus.integrated_service")
    assert sorted(leaf.source_id.split(",")) == sorted(str(d.pk) for d in CaseDecision.objects.all())


def test_new_infrastructure_counts_only_in_digital_gov(closed_round, shortlisted_cases, admin_user, county_target,
                                                       province_target):
    xihu = shortlisted_cases[0]
    xihu.category = "new_infrastructure"
    xihu.save()
    xihu.targets.set([county_target, province_target])
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[xihu.pk], actor=admin_user)
    assert not LeafScore.objects.filter(target=county_target, source_kind="bonus").exists()
    assert {(s.framework, s.code) for s in LeafScore.objects.filter(target=province_target, source_kind="bonus")} == {
        ("digital_gov", "bonus.new_infrastructure")}


def test_not_selected_cases_earn_nothing_and_apply_is_repeatable(closed_round, shortlisted_cases, admin_user):
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[], actor=admin_user)
    assert not LeafScore.objects.filter(source_kind="bonus").exists()
    assert all(d.points == 0 and not d.selected for d in CaseDecision.objects.all())
    assert bonus_apply(campaign=closed_round.campaign, actor=admin_user) == []
    with pytest.raises(WorkflowError, match="均已有结果"):
        cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[], actor=admin_user)


def test_the_gallery_opens_with_publication(closed_round, shortlisted_cases, admin_user, client, today_is):
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[shortlisted_cases[0].pk],
                 actor=admin_user)
    assert client.get(reverse("awards:gallery")).status_code == 302  # to the login page
    assert "优秀创新案例" not in client.get(reverse("home")).text.split("<main")[0]
    today_is(closed_round.campaign.phases.get(kind="publication").starts_on)
    page = client.get(reverse("awards:gallery"))
    assert page.status_code == 200 and shortlisted_cases[0].name in page.text
    assert shortlisted_cases[1].name not in page.text and "浙江省 · 杭州市西湖区人民政府" in page.text
    assert reverse("awards:gallery") in client.get(reverse("home")).text
    filtered = client.get(reverse("awards:gallery"), {"framework": "ministry_site"}).text
    assert shortlisted_cases[0].name not in filtered
