"""Rankings and the target score detail: totals in rank order, every leaf's points linked to their source."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_ranking_lists_targets_in_rank_order(evaluator_client, scored, before_publication):
    html = evaluator_client.get(reverse("scores:ranking", args=["local_site", "county"])).content.decode()
    assert html.index("滨江区人民政府") < html.index("杭州市西湖区人民政府")
    assert "18.00" in html and "15.00" in html


def _confirmed_wrong_word(campaign, target, evaluator):
    """A scan of TARGET whose wrong_word check read 12 pages and found one confirmed problem."""
    from dgeval.monitor.model import Finding
    from dgeval.web.monitoring.models import FindingRecord, RunStatus, RunTarget
    from dgeval.web.monitoring.services import finding_review, findings_store, scan_run_create

    run = scan_run_create(campaign=campaign, kind="scan", targets=[target], actor=evaluator)
    RunTarget.objects.filter(run=run).update(status=RunStatus.DONE, observed={"wrong_word": 12},
                                             finished_at=timezone.now())
    findings_store(run=run, target=target, observed={"wrong_word": 12}, findings=[
        Finding(check="wrong_word", url="http://127.0.0.1:1/a.html", value="中华人民共合国", severity="high")])
    finding = FindingRecord.objects.get()
    finding_review(finding=finding, status="confirmed", actor=evaluator)
    return run, finding


def test_target_detail_shows_states_and_links_points_to_their_source(evaluator_client, scored, before_publication,
                                                                     campaign_2020, evaluator_user):
    target = scored["own"]
    run, finding = _confirmed_wrong_word(campaign_2020, target, evaluator_user)
    html = evaluator_client.get(reverse("scores:target", args=[target.code, "local_site", "county"])).content.decode()
    assert reverse("monitoring:run", args=[run.pk]) in html
    assert "已扣分" in html  # 日常运维: wrong_word observed pages and counted a finding
    assert "未观察到，转人工采集" in html  # 隐私保护: no check observed anything in this scan
    assert reverse("scores:leaf", args=[target.code, "local_site", "county", "management.daily_operation"]) in html


def test_leaf_page_shows_the_rule_the_observations_and_the_findings(evaluator_client, scored, before_publication,
                                                                    campaign_2020, evaluator_user):
    from dgeval.framework.rules import load_finding_rules

    target = scored["own"]
    run, finding = _confirmed_wrong_word(campaign_2020, target, evaluator_user)
    url = reverse("scores:leaf", args=[target.code, "local_site", "county", "management.daily_operation"])
    html = evaluator_client.get(url).content.decode()
    rule = load_finding_rules(2020).rule("wrong_word")
    assert "日常运维" in html and rule.observes in html and "已扣分" in html
    assert reverse("monitoring:finding", args=[finding.pk]) in html and finding.sentence() in html
    assert reverse("monitoring:run", args=[run.pk]) in html
    assert "<td class=\"num\">12</td>" in html  # pages wrong_word read
    # The monitor speaks for wrong_word's share only; the rest of the leaf is manual collection's.
    assert f'<td id="manual-max">{2 - rule.share * 2:.2f}</td>' in html


def test_webmaster_sees_the_findings_behind_its_points_but_not_the_team_records(
        webmaster_client, scored, before_publication, campaign_2020, evaluator_user):
    target = scored["own"]
    run, finding = _confirmed_wrong_word(campaign_2020, target, evaluator_user)
    html = webmaster_client.get(reverse("scores:leaf", args=[
        target.code, "local_site", "county", "management.daily_operation"])).content.decode()
    assert reverse("monitoring:finding", args=[finding.pk]) in html
    assert reverse("monitoring:run", args=[run.pk]) not in html and "override-form" not in html


def test_override_through_the_leaf_page(evaluator_client, scored, before_publication, campaign_2020):
    target = scored["own"]
    url = reverse("scores:override", args=[target.code, "local_site", "county", "management.identification"])
    response = evaluator_client.post(url, {"points": "4", "reason": "核查"})
    assert response.status_code == 400 and "满分 3 分" in response.content.decode()
    response = evaluator_client.post(url, {"points": "2.5", "reason": "页脚标识人工核查"})
    assert response.status_code == 302
    html = evaluator_client.get(response["Location"]).content.decode()
    assert 'id="leaf-points">2.50<' in html and "页脚标识人工核查" in html


def test_rankings_index_lists_every_evaluation(admin_client, scored, before_publication):
    html = admin_client.get(reverse("scores:index")).content.decode()
    for framework, column in (("local_site", "county"), ("digital_gov", "government"), ("ministry_site", "ministry")):
        assert reverse("scores:ranking", args=[framework, column]) in html
