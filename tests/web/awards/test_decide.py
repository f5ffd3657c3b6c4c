"""Deciding a closed vote: the decision keeps its inputs, the bonus lands on the right scores with its case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.awards.models import BonusEntry, CaseDecision
from dgeval.web.awards.services import bonus_apply, cases_decide
from dgeval.web.cases.models import CaseStatus
from dgeval.web.cases.screening import case_attach
from dgeval.web.publication.services import results_publish
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import scores_compute

from tests.web.cases.conftest import pdf

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
    part = leaf.parts.get()
    assert part.source_kind == "bonus" and part.slot == "bonus" and part.source == by_case[xihu.pk]
    assert leaf.points == part.points == by_case[xihu.pk].points and "西湖区企业开办" in part.reason
    assert part.max_points == by_case[xihu.pk].policy["case_points_max"]
    # The evidence: the category's entry, each expert's review of the case, and the vote.
    evidence = [e.record for e in part.evidence.all()]
    assert {type(r).__name__ for r in evidence} == {"BonusEntry", "Review", "VoteRound"}
    assert sorted(r.assignment.case_id for r in evidence if type(r).__name__ == "Review") == [xihu.pk] * 3
    assert closed_round in evidence
    # 杭州 is a key city: its 新技术应用 case counts in both of its evaluations.
    city_leaves = LeafScore.objects.filter(target=city_target, code="bonus.new_technology")
    assert {(s.framework, s.column) for s in city_leaves} == {("local_site", "city"), ("digital_gov", "government")}
    total = next(s for s in scores_compute(campaign=closed_round.campaign, framework="local_site", column="county")
                 if s.target == county_target.code)
    assert total.bonus == leaf.points
    assert AuditEntry.objects.filter(action="award.decide").count() == 2
    assert AuditEntry.objects.filter(action="score.set", after__parts__0__source_kind="bonus").count() == 3


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
    decisions = sorted(CaseDecision.objects.all(), key=lambda d: (-d.points, d.pk))
    summed = sum(d.points for d in decisions)
    assert summed > 5  # the cap bites
    assert entry.points == min(summed, 5) and entry.decisions.count() == 2
    leaf = LeafScore.objects.get(target=county_target, code="bonus.integrated_service")
    parts = {p.source: p for p in leaf.parts.all()}
    assert set(parts) == set(decisions) and leaf.points == entry.points
    # The case with the most points keeps them; the other counts what is left under the cap, and says so.
    best, other = decisions
    assert parts[best].points == best.points and parts[other].points == round(5 - best.points, 2)
    assert "以 5 分为限" in parts[other].reason and "以 5 分为限" not in parts[best].reason


def test_new_infrastructure_counts_only_in_digital_gov(closed_round, shortlisted_cases, admin_user, county_target,
                                                       province_target):
    xihu = shortlisted_cases[0]
    xihu.category = "new_infrastructure"
    xihu.save()
    xihu.targets.set([county_target, province_target])
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[xihu.pk], actor=admin_user)
    assert not LeafScore.objects.filter(target=county_target, parts__source_kind="bonus").exists()
    assert {(s.framework, s.code) for s in LeafScore.objects.filter(target=province_target,
                                                                     parts__source_kind="bonus")} == {
        ("digital_gov", "bonus.new_infrastructure")}


def test_not_selected_cases_earn_nothing_and_apply_is_repeatable(closed_round, shortlisted_cases, admin_user):
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[], actor=admin_user)
    assert not LeafScore.objects.filter(parts__source_kind="bonus").exists()
    assert all(d.points == 0 and not d.selected for d in CaseDecision.objects.all())
    assert bonus_apply(campaign=closed_round.campaign, actor=admin_user) == []
    with pytest.raises(WorkflowError, match="均已有结果"):
        cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[], actor=admin_user)


def test_the_gallery_opens_with_publication(closed_round, shortlisted_cases, admin_user, evaluator_user, client):
    xihu, hangzhou = shortlisted_cases
    evidence, other = (case_attach(case=c, files=[pdf()], actor=evaluator_user)[0] for c in (xihu, hangzhou))
    cases_decide(campaign=closed_round.campaign, vote_round=closed_round, selected=[xihu.pk], actor=admin_user)
    assert client.get(reverse("awards:gallery")).status_code == 302  # to the login page
    assert client.get(reverse("awards:attachment", args=[evidence.pk])).status_code == 302
    assert "优秀创新案例" not in client.get(reverse("home")).text.split("<main")[0]
    # Published results open the gallery, whatever the day: the publication app says when results are public.
    publication = results_publish(campaign=closed_round.campaign, actor=admin_user)
    page = client.get(reverse("awards:gallery"))
    assert page.status_code == 200 and xihu.name in page.text
    assert hangzhou.name not in page.text and "浙江省 · 杭州市西湖区人民政府" in page.text
    assert reverse("awards:gallery") in client.get(reverse("home")).text
    download = client.get(reverse("awards:attachment", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    # A case that was not selected keeps its evidence to the team, in the gallery and on the cases' own route.
    assert client.get(reverse("awards:attachment", args=[other.pk])).status_code == 404
    assert client.get(reverse("cases:attachment", args=[other.pk])).status_code == 302
    filtered = client.get(reverse("awards:gallery"), {"framework": "ministry_site"}).text
    assert xihu.name not in filtered
    # The publication's summary lists the selected case for the national report.
    assert publication.summary["cases"] == [
        {"title": xihu.name, "target": "杭州市西湖区人民政府", "category": "一体化服务"}]


def test_the_targets_webmaster_follows_the_bonus_to_its_decision(closed_round, shortlisted_cases, admin_user,
                                                                  webmaster_client, county_target):
    xihu = shortlisted_cases[0]
    decision = next(d for d in cases_decide(campaign=closed_round.campaign, vote_round=closed_round,
                                            selected=[xihu.pk], actor=admin_user) if d.case_id == xihu.pk)
    leaf = reverse("scores:leaf", args=[county_target.code, "local_site", "county", "bonus.integrated_service"])
    page = webmaster_client.get(leaf).text
    assert reverse("awards:decision", args=[decision.pk]) in page and xihu.name in page
    # The experts' reviews are evidence the webmaster reads as a score, not a page to open.
    assert "专家评议 #" in page and reverse("cases:results") not in page
    detail = webmaster_client.get(reverse("awards:decision", args=[decision.pk]))
    assert detail.status_code == 200 and leaf in detail.text
