"""The key flow in a real browser: a county registers → admin approves → a scan runs against a loopback demo portal
→ an evaluator confirms a finding and scores a leaf with evidence → the ranking changes. Plus login, CSRF and bad
uploads refused."""

from __future__ import annotations

import re

import pytest

from dgeval.web.scores.services import leaf_score_set
from dgeval.web.targets.models import Target, TargetKind

from tests.web.conftest import PASSWORD
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
    "53de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
CODE = "330127"  # a county of 杭州 in the division registry (the portal is the demo 东山县)


def _fill_registration(page, live_server, site_url: str, upload: dict) -> None:
    page.goto(f"{live_server.url}/registration/")
    values = {
        "unit_name": "东山县人民政府", "site_name": "东山县人民政府门户网站", "site_url": site_url,
        "competent_unit": "东山县人民政府办公室", "sponsor_unit": "东山县人民政府办公室",
        "organizer_unit": "东山县大数据发展管理中心", "contact_name": "陈明", "contact_title": "科长",
        "contact_phone": "0571-88123456", "contact_mobile": "13912345678", "contact_email": "chenming@example.gov.cn",
        "contact_address": "浙江省东山县人民路1号", "division_code": CODE,
    }
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    page.set_input_files("#id_stamped_form", files=[upload])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _ranking_codes(page, live_server) -> list[str]:
    page.goto(f"{live_server.url}/scores/ranking/local_site/county/")
    return page.locator("#ranking tr[data-target]").evaluate_all("rows => rows.map(r => r.dataset.target)")


def test_register_approve_scan_review_score_and_ranking_changes(
    browser_page, live_server, e2e_sites, campaign_2020, city_target, admin_user, evaluator_user
):
    page = browser_page
    rival = Target.objects.create(code="330108", name="滨江区人民政府", kind=TargetKind.COUNTY, parent=city_target)
    for code, points in (("info.statutory_disclosure", 19), ("management.daily_operation", 2)):
        leaf_score_set(campaign=campaign_2020, target=rival, framework="local_site", column="county", code=code,
                       points=points, source_kind="manual", source_id="0", actor=evaluator_user)

    # 1. The county registers through the public form, with its stamped form as a PDF.
    _fill_registration(page, live_server, e2e_sites["dongshan"].url,
                       {"name": "报名表.pdf", "mimeType": "application/pdf", "buffer": PDF})
    assert page.locator("main").inner_text().count("东山县") >= 1
    assert not page.locator(".errorlist").count()

    # 2. The admin approves it: the county becomes a target.
    login(page, live_server, admin_user.username, PASSWORD)
    page.goto(f"{live_server.url}/registration/review/")
    page.get_by_role("link", name="东山县人民政府").first.click()
    page.select_option("#id_decision", "approve")
    page.fill("#id_code", CODE)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    target = Target.objects.get(code=CODE)
    assert target.website_url == e2e_sites["dongshan"].url

    # The demo portal runs on loopback: the admin allows that for this target, with a reason.
    page.goto(f"{live_server.url}/targets/{CODE}/")
    page.select_option("#id_allow", "1")
    page.fill("#id_reason", "测试站点运行在本机")
    page.locator("form[action$='/allow-private/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert Target.objects.get(code=CODE).allow_private

    # 3. An evaluator scans it from the monitoring page (skip external links).
    login(page, live_server, evaluator_user.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/runs/")
    page.select_option("#id_scope", "targets")
    page.select_option("#id_targets", label=target.name)
    page.select_option("#id_external", "skip")
    page.fill("#id_as_of", "2020-11-20")
    page.fill("#id_max_pages", "200")
    page.locator("#run-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/monitoring/runs/\d+/$"))
    assert page.locator("#run-status").get_attribute("data-status") == "done"
    before = _ranking_codes(page, live_server)
    assert before[0] == rival.code and CODE in before

    # 4. The evaluator confirms the ID-number leak, after looking at the page as the monitor saw it.
    page.goto(f"{live_server.url}/monitoring/findings/?check=id_number_leak")
    page.locator("#findings tr[data-check=id_number_leak] a").first.click()
    with page.expect_popup() as popup:
        page.click("#archive-link")
    archived = popup.value
    archived.wait_for_load_state()
    assert re.search(r"33092319\d{9}[\dX]", archived.content())
    archived.close()
    page.select_option("#id_review-status", "confirmed")
    page.locator("#review-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#finding-status").inner_text() == "确认"

    # 5. …and scores a manual leaf with evidence (URL, screenshot, note) on its work item.
    from dgeval.web.collection.services import work_items_generate

    item = work_items_generate(campaign=campaign_2020, targets=[target], evaluators=[evaluator_user], actor=admin_user,
                               codes=["info.statutory_disclosure"])[0]
    page.goto(f"{live_server.url}/collection/items/{item.pk}/")
    page.fill("#id_points", "19")
    page.fill("#id_evidence_url", e2e_sites["dongshan"].url + "zfxxgk/")
    page.set_input_files("#id_screenshot", files=[{"name": "zfxxgk.png", "mimeType": "image/png", "buffer": PNG}])
    page.fill("#id_note", "法定主动公开栏目齐全，内容更新及时")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    assert not page.locator(".errorlist").count()

    # 6. The ranking changes: the new county overtakes the rival.
    after = _ranking_codes(page, live_server)
    assert after[0] == CODE, after
    page.goto(f"{live_server.url}/scores/targets/{CODE}/local_site/county/")
    leaves = page.locator("#leaves")
    assert "系统监测" in leaves.locator("tr[data-code='management.privacy']").inner_text()
    assert "人工采集" in leaves.locator("tr[data-code='info.statutory_disclosure']").inner_text()


def test_bad_upload_is_refused(browser_page, live_server, e2e_sites, campaign_2020, city_target):
    from dgeval.web.registration.models import Registration

    _fill_registration(browser_page, live_server, e2e_sites["qinghe"].url,
                       {"name": "报名表.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 not a pdf at all"})
    assert "文件类型不支持" in browser_page.locator("main").inner_text()
    assert not Registration.objects.exists()


def test_team_pages_require_login(browser_page, live_server, campaign_2020):
    for path in ("/monitoring/runs/", "/monitoring/findings/", "/scores/"):
        browser_page.goto(f"{live_server.url}{path}")
        assert "/accounts/login/" in browser_page.url, path


def test_post_without_csrf_token_is_refused(browser_page, live_server, campaign_2020, county_target, evaluator_user):
    from dgeval.monitor.model import Finding
    from dgeval.web.monitoring.models import FindingRecord
    from dgeval.web.monitoring.services import findings_store, scan_run_create

    run = scan_run_create(campaign=campaign_2020, kind="scan", targets=[county_target], actor=evaluator_user)
    findings_store(run=run, target=county_target, observed={"wrong_word": 1}, findings=[
        Finding(check="wrong_word", url="http://127.0.0.1:1/a.html", value="中华人民共合国", severity="high")])
    finding = FindingRecord.objects.get()
    login(browser_page, live_server, evaluator_user.username, PASSWORD)
    response = browser_page.request.post(f"{live_server.url}/monitoring/findings/{finding.pk}/review/",
                                         form={"review-status": "confirmed"})
    assert response.status == 403
    finding.refresh_from_db()
    assert finding.status == "pending"
