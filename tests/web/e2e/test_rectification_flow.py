"""整改 in the browser, end to end: an evaluator sends the confirmed findings with a deadline; the webmaster sees the
notification in the header, fixes one page of its (real, loopback) site and not the other, marks both 已整改; the
automatic recheck closes the first and reopens the second, and says so in new notifications; once the deadline has
passed the team's overdue list shows the reopened one."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.monitor.model import Finding
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.monitoring.services import finding_review, findings_store, scan_run_create
from dgeval.web.targets.services import target_allow_private_set

from tests.web.conftest import PASSWORD
from tests.web.monitoring.editable_site import PAGES, editable_site
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _confirmed_leaks(campaign, target, site_url, evaluator):
    run = scan_run_create(campaign=campaign, kind="scan", targets=[target], actor=evaluator)
    found = [Finding(check="id_number_leak", url=f"{site_url}notice-{key}.html", page=f"{site_url}notice-{key}.html",
                     value=values["number"].upper(), severity="high") for key, values in PAGES.items()]
    findings_store(run=run, target=target, findings=found, observed={"id_number_leak": 2})
    records = list(FindingRecord.objects.filter(target=target).order_by("url"))
    for record in records:
        finding_review(finding=record, status="confirmed", actor=evaluator)
    return records


def test_send_notify_rectify_recheck_close_and_reopen(browser_page, live_server, settings, campaign_2020,
                                                      county_target, webmaster_user, evaluator_user, admin_user):
    page = browser_page
    with editable_site() as site:
        county_target.website_url = site.url
        county_target.save()
        target_allow_private_set(target=county_target, allow=True, reason="演示站点在本机", actor=admin_user)
        fixed, unfixed = _confirmed_leaks(campaign_2020, county_target, site.url, evaluator_user)

        # The evaluator sends them (today 2020-10-16, a Friday): 10 working days, 国庆 is over, so 10-30.
        login(page, live_server, evaluator_user.username, PASSWORD)
        page.goto(f"{live_server.url}/monitoring/rectification/")
        assert page.locator("#id_working_days").input_value() == "10"
        page.get_by_role("button", name="通报整改").click()
        page.wait_for_load_state()
        assert "已通报 2 个问题" in page.locator(".messages").inner_text()
        assert "2020-10-30" in page.locator(f"#rect-{fixed.pk}").inner_text()

        # The webmaster sees the notification in the header and follows it.
        login(page, live_server, webmaster_user.username, PASSWORD)
        assert page.locator("#unread-count").inner_text() == "1"
        page.locator("#notifications-link").click()
        page.wait_for_load_state()
        notice = page.locator("#notifications").inner_text()
        assert "收到 2 个监测问题的整改通报，整改期限 2020-10-30" in notice
        page.get_by_role("link", name="收到 2 个监测问题的整改通报，整改期限 2020-10-30").click()
        page.wait_for_load_state()
        assert "/monitoring/rectification/" in page.url
        assert page.locator("#unread-count").count() == 0
        assert "剩余 10 个工作日" in page.locator(f"#rect-{fixed.pk}").inner_text()

        # One page is fixed on the site, the other is not; both are reported fixed.
        site.fix("a")
        for finding, note in ((fixed, "已删除公示中的身份证号"), (unfixed, "已处理")):
            page.goto(f"{live_server.url}/monitoring/findings/{finding.pk}/")
            assert "2020-10-30" in page.locator("#finding-deadline").inner_text()
            page.fill("#id_rectify-note", note)
            page.get_by_role("button", name="标记为已整改").click()
            page.wait_for_load_state()
        page.goto(f"{live_server.url}/monitoring/findings/{fixed.pk}/")
        assert page.locator("#finding-status").inner_text() == "已关闭"
        assert "未再发现该问题" in page.locator("#finding-recheck").inner_text()
        page.goto(f"{live_server.url}/monitoring/findings/{unfixed.pk}/")
        assert page.locator("#finding-status").inner_text() == "确认"
        assert "仍发现该问题" in page.locator("#finding-recheck").inner_text()
        assert page.locator("#unread-count").inner_text() == "2"
        page.locator("#notifications-link").click()
        page.wait_for_load_state()
        notices = page.locator("#notifications").inner_text()
        assert f"整改复核通过：问题 #{fixed.pk} 已关闭" in notices
        assert f"整改复核未通过：问题 #{unfixed.pk} 已重新打开" in notices

    # After the deadline the team's overdue list shows the reopened finding, not the closed one.
    settings.DGEVAL_TODAY = dt.date(2020, 11, 3)
    login(page, live_server, evaluator_user.username, PASSWORD)
    page.goto(f"{live_server.url}/monitoring/rectification/")
    page.locator("#overdue-link").click()
    page.wait_for_load_state()
    overdue = page.locator("#rectification").inner_text()
    assert f"#{unfixed.pk}" in overdue and f"#{fixed.pk}" not in overdue
    assert "逾期 2 个工作日" in overdue
