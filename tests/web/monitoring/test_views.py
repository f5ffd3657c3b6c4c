"""Monitoring pages: start a run, its progress, findings scoped by role, review, the archived page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dgeval.web.monitoring.models import FindingRecord, RunStatus, ScanRun

pytestmark = pytest.mark.django_db


def _start(client, target):
    # "allow_private" is posted as a hostile client would: runs ignore it, only an admin allows it per target.
    return client.post(reverse("monitoring:runs"), {
        "kind": "scan", "scope": "targets", "targets": [target.pk], "external": "skip", "allow_private": "on",
        "as_of": "2020-11-20", "max_pages": "100"})


def test_team_starts_a_run_and_sees_its_progress(evaluator_client, campaign_2020, demo_target):
    response = _start(evaluator_client, demo_target)
    run = ScanRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:run", args=[run.pk])
    assert run.status == RunStatus.DONE and "allow_private" not in run.options
    page = evaluator_client.get(response["Location"]).content.decode()
    assert "1/1" in page and demo_target.name in page
    assert 'http-equiv="refresh"' not in page  # finished runs stop refreshing


def test_active_run_page_refreshes_itself(evaluator_client, queued_run):
    page = evaluator_client.get(reverse("monitoring:run", args=[queued_run.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "排队中" in page


def test_run_page_lists_what_could_not_be_judged(evaluator_client, queued_run):
    part = queued_run.run_targets.get()
    part.stats = {"unjudged": [{"url": "http://127.0.0.1:9/deep.html",
                                "reason": "页面过深，未能判断：嵌套约 3000 层，超过上限 1000 层，未解析、未检查"}]}
    part.save()
    page = evaluator_client.get(reverse("monitoring:run", args=[queued_run.pk])).content.decode()
    assert f"{part.target.name}：未能判断的页面和附件（1）" in page
    assert "http://127.0.0.1:9/deep.html" in page and "页面过深，未能判断：嵌套约 3000 层" in page


def test_run_by_kind_selects_the_group(evaluator_client, campaign_2020, demo_target):
    evaluator_client.post(reverse("monitoring:runs"), {
        "kind": "scan", "scope": "kind", "target_kind": "county", "external": "skip",
        "max_pages": "50"})
    assert list(ScanRun.objects.get().targets.all()) == [demo_target]


def test_form_error_names_the_field(evaluator_client, campaign_2020):
    page = evaluator_client.post(reverse("monitoring:runs"), {"kind": "scan", "scope": "targets", "external": "skip",
                                                               "max_pages": "50"}).content.decode()
    assert "请选择评估对象" in page and not ScanRun.objects.exists()


def test_webmaster_sees_only_its_own_findings(webmaster_client, finding_own, finding_other):
    page = webmaster_client.get(reverse("monitoring:findings")).content.decode()
    assert finding_own.value in page and finding_other.value not in page


def test_review_through_the_page(evaluator_client, finding_own):
    response = evaluator_client.post(reverse("monitoring:review", args=[finding_own.pk]),
                                     {"review-status": "doubtful", "review-reason": ""}, follow=True)
    assert "必须填写理由" in response.content.decode()
    evaluator_client.post(reverse("monitoring:review", args=[finding_own.pk]), {"review-status": "doubtful", "review-reason": "待核"})
    finding_own.refresh_from_db()
    assert finding_own.status == "doubtful"


def test_review_needs_csrf_token(evaluator_user, finding_own):
    client = Client(enforce_csrf_checks=True)
    client.force_login(evaluator_user)
    response = client.post(reverse("monitoring:review", args=[finding_own.pk]), {"review-status": "confirmed"})
    assert response.status_code == 403
    finding_own.refresh_from_db()
    assert finding_own.status == "pending"


def test_archive_replays_the_page_inert(evaluator_client, webmaster_client, anonymous_client, campaign_2020,
                                        demo_target):
    _start(evaluator_client, demo_target)
    leak = FindingRecord.objects.filter(check_name="id_number_leak", page__contains=".html").first()
    url = reverse("monitoring:archive", args=[leak.pk])
    response = evaluator_client.get(url)
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    assert leak.value.encode() in response.content  # the ID number as the monitor saw it
    assert webmaster_client.get(url).status_code == 200  # its own target's evidence
    assert anonymous_client.get(url).status_code == 302


def test_archive_of_gbk_page_keeps_its_encoding(evaluator_client, campaign_2020, demo_target, demo_sites):
    demo_target.website_url = demo_sites["linchuan"].url  # GBK, charset only in <meta>
    demo_target.save()
    _start(evaluator_client, demo_target)
    wrong = FindingRecord.objects.filter(check_name="wrong_word").first()
    body = evaluator_client.get(reverse("monitoring:archive", args=[wrong.pk])).content
    assert "中华人民共合国".encode("gbk") in body


def test_webmaster_rectifies_and_appeals_through_the_pages(webmaster_client, expert_client, finding_confirmed):
    url = reverse("monitoring:finding", args=[finding_confirmed.pk])
    page = webmaster_client.get(url).content.decode()
    assert 'name="rectify-note"' in page and 'name="appeal-reason"' in page and 'name="review-status"' not in page
    webmaster_client.post(reverse("monitoring:appeal", args=[finding_confirmed.pk]), {"appeal-reason": "引用原文"})
    appeal = finding_confirmed.appeals.get()
    assert 'name="decide-decision"' in expert_client.get(url).content.decode()
    expert_client.post(reverse("monitoring:decide", args=[appeal.pk]),
                       {"decide-decision": "upheld", "decide-reason": "属实"})
    finding_confirmed.refresh_from_db()
    assert finding_confirmed.status == "false_positive"


def test_webmaster_rectify_through_the_page(webmaster_client, finding_confirmed):
    webmaster_client.post(reverse("monitoring:rectify", args=[finding_confirmed.pk]), {"rectify-note": "已改正"})
    finding_confirmed.refresh_from_db()
    assert finding_confirmed.status == "rectified" and finding_confirmed.rectified_note == "已改正"


def test_finding_page_shows_the_rulings_authority_and_only_admins_may_withdraw_it(
        admin_client, evaluator_client, webmaster_client, finding_confirmed, webmaster_user, expert_user):
    from dgeval.web.monitoring.services import appeal_create, appeal_decide

    appeal = appeal_create(finding=finding_confirmed, actor=webmaster_user, reason="引用原文")
    appeal_decide(appeal=appeal, actor=expert_user, upheld=False, reason="确属错别字")
    url = reverse("monitoring:finding", args=[finding_confirmed.pk])
    for client in (evaluator_client, webmaster_client):
        html = client.get(url).content.decode()
        assert "申诉裁决（终局）" in html and "专家丙（专家）" in html and "确属错别字" in html
        assert 'id="review-form"' not in html and 'id="reopen-form"' not in html
    html = admin_client.get(url).content.decode()
    assert 'id="reopen-form"' in html
    response = evaluator_client.post(reverse("monitoring:reopen", args=[appeal.pk]), {"reopen-reason": "x"})
    assert response.status_code == 403
    response = admin_client.post(reverse("monitoring:reopen", args=[appeal.pk]), {"reopen-reason": "复议"})
    assert response.status_code == 302
    html = admin_client.get(url).content.decode()
    assert "撤回裁决" in html and "复议" in html and 'id="review-form"' in html


def test_finding_page_names_leaves_and_says_what_was_found(evaluator_client, finding_own):
    html = evaluator_client.get(reverse("monitoring:finding", args=[finding_own.pk])).content.decode()
    assert "日常运维" in html
    assert finding_own.sentence() in html and "{" not in html.split('id="finding-sentence">')[1].split("<")[0]


def test_an_experts_scan_cannot_allow_private_addresses(expert_client, campaign_2020, county_target, demo_sites):
    """The run form no longer offers it and ignores it when posted: the target was not allowed by an admin."""
    county_target.website_url = demo_sites["dongshan"].url
    county_target.save()
    assert "allow_private" not in expert_client.get(reverse("monitoring:runs")).content.decode()
    _start(expert_client, county_target)
    part = ScanRun.objects.get().run_targets.get()
    assert part.status == RunStatus.FAILED and "RefusedTarget" in part.error and part.pages == 0
    assert not FindingRecord.objects.exists()
