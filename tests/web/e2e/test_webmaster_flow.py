"""A webmaster in the browser: sees only its own findings, reports one fixed (已整改) — the automatic recheck of its
page still finds the defect on the (unchanged) demo portal and reopens it; an appeal goes to the team."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.monitoring.services import finding_review, scan_options, scan_run_create, scan_run_execute
from dgeval.web.targets.services import target_allow_private_set

from tests.web.conftest import PASSWORD
from .conftest import AS_OF, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_webmaster_rectifies_rechecks_and_appeals(browser_page, live_server, e2e_sites, campaign_2020, county_target,
                                                  province_target, webmaster_user, evaluator_user, admin_user):
    page = browser_page
    county_target.website_url = e2e_sites["linchuan"].url
    county_target.save()
    province_target.website_url = e2e_sites["nanhu"].url
    province_target.save()
    for target in (county_target, province_target):
        target_allow_private_set(target=target, allow=True, reason="演示站点在本机", actor=admin_user)
    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target, province_target],
                          actor=evaluator_user,
                          options=scan_options(external="skip", as_of=AS_OF, max_pages=200))
    # Not in this thread: the browser's event loop runs here, and a scan needs a loop of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(scan_run_execute, run_id=run.pk).result(timeout=120)
    broken = FindingRecord.objects.filter(target=county_target, check_name="broken_link").first()
    word = FindingRecord.objects.filter(target=county_target, check_name="wrong_word").first()
    for finding in (broken, word):
        finding_review(finding=finding, status="confirmed", actor=evaluator_user)

    login(page, live_server, webmaster_user.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/findings/")
    listed = page.locator("#findings").inner_text()
    assert county_target.name in listed and province_target.name not in listed

    page.goto(f"{live_server.url}/monitoring/findings/{broken.pk}/")
    page.fill("#id_rectify-note", "已删除失效链接")
    page.get_by_role("button", name="标记为已整改").click()
    page.wait_for_load_state()
    # The link is still broken: the recheck of its page, run as the fix was reported, reopened it.
    assert page.locator("#finding-status").inner_text() == "确认"
    assert "仍发现该问题" in page.locator("#finding-recheck").inner_text()
    broken.refresh_from_db()
    assert broken.status == "confirmed" and broken.recheck_run.kind == "recheck"

    page.goto(f"{live_server.url}/monitoring/findings/{word.pk}/")
    page.fill("#id_appeal-reason", "转载原文，已联系原单位更正")
    page.get_by_role("button", name="提交申诉").click()
    page.wait_for_load_state()
    assert "申诉已提交" in page.locator(".messages").inner_text()
    assert word.appeals.get().status == "open"

    page.goto(f"{live_server.url}/monitoring/findings/{FindingRecord.objects.filter(target=province_target).first().pk}/")
    assert "403" in page.title() or "无权" in page.content()
