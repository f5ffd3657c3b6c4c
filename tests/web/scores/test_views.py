"""Rankings and the target score detail: totals in rank order, every leaf's points linked to their source."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ranking_lists_targets_in_rank_order(evaluator_client, scored, before_publication):
    html = evaluator_client.get(reverse("scores:ranking", args=["local_site", "county"])).content.decode()
    assert html.index("滨江区人民政府") < html.index("杭州市西湖区人民政府")
    assert "18.00" in html and "15.00" in html


def test_target_detail_links_points_to_their_source(evaluator_client, scored, before_publication, campaign_2020,
                                                    evaluator_user):
    from dgeval.monitor.model import Finding
    from dgeval.web.monitoring.labels import check_label
    from dgeval.web.monitoring.models import FindingRecord
    from dgeval.web.monitoring.models import RunStatus, RunTarget
    from dgeval.web.monitoring.services import (
        finding_review, findings_store, scan_run_create,
    )

    target = scored["own"]
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[target], actor=evaluator_user)
    RunTarget.objects.filter(run=run).update(status=RunStatus.DONE, checks_run=["wrong_word"])
    findings_store(run=run, target=target, checks_run=["wrong_word"], findings=[
        Finding(check="wrong_word", url="http://127.0.0.1:1/a.html", value="中华人民共合国", severity="high")])
    finding = FindingRecord.objects.get()
    finding_review(finding=finding, status="confirmed", actor=evaluator_user)
    html = evaluator_client.get(reverse("scores:target", args=[target.code, "local_site", "county"])).content.decode()
    assert reverse("monitoring:finding", args=[finding.pk]) in html
    assert reverse("monitoring:run", args=[run.pk]) in html
    assert "人工采集记录 #1" in html  # the manual source of info.statutory_disclosure
    from dgeval.framework.rules import load_finding_rules

    lost = round(load_finding_rules(2020).rule("wrong_word").share * 0.5, 6)  # one finding takes half its share
    assert f"{check_label('wrong_word')} −{lost:.0%}" in html


def test_rankings_index_lists_every_evaluation(admin_client, scored, before_publication):
    html = admin_client.get(reverse("scores:index")).content.decode()
    for framework, column in (("local_site", "county"), ("digital_gov", "government"), ("ministry_site", "ministry")):
        assert reverse("scores:ranking", args=[framework, column]) in html
