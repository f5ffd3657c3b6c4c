"""A county in the browser: downloads the blank 附件2, registers, is refused a second time, checks its status; the
admin approves from the dashboard; the mailed link sets the webmaster's password and the webmaster logs in to its
dashboard."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core import mail

from tests.web.conftest import PASSWORD, PDF_BYTES, REGISTRATION_DATA
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_registration(page, pdf: Path, **overrides: str) -> None:
    for name, value in {**REGISTRATION_DATA, **overrides}.items():
        page.fill(f"#id_{name}", value)
    page.set_input_files("#id_stamped_form", str(pdf))
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_load_state()


def test_county_registers_is_approved_and_its_webmaster_logs_in(browser_page, live_server, campaign_2020, city_target,
                                                                admin_user, tmp_path):
    page = browser_page
    page.goto(f"{live_server.url}/registration/")
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="下载 Excel（XLSX）").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    assert sheet["A2"].value == "区县政府网站参评报名表"
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="下载 Word（DOCX）").click()
    document = docx.Document(io.BytesIO(docx_download.value.path().read_bytes()))
    assert document.tables[0].rows[0].cells[0].text == "网站名称"

    pdf = tmp_path / "报名表.pdf"
    pdf.write_bytes(PDF_BYTES)
    _fill_registration(page, pdf)
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"2020-R-\d{6}", reference)

    page.goto(f"{live_server.url}/registration/")
    _fill_registration(page, pdf, unit_name="余杭区人民政府", site_url="https://WWW.yuhang.gov.cn")
    assert "同一网站在本次评估中只能报名一次" in page.locator("main").inner_text()
    assert reference in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/registration/status/")
    page.fill("#id_reference", reference)
    page.fill("#id_contact", "13912345678")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#reg-status").inner_text() == "待审核"

    login(page, live_server, admin_user.username, PASSWORD)
    assert page.url.endswith("/me/")
    item = page.locator('[data-key="registrations"]')
    assert item.locator(".dash-count").inner_text() == "1"
    item.locator("a").click()
    page.get_by_role("link", name=REGISTRATION_DATA["unit_name"]).click()
    page.select_option("#id_decision", "approve")
    page.get_by_role("button", name="提交审核结果").click()
    page.wait_for_load_state()
    assert "设置密码的链接已发送" in page.locator("main").inner_text()

    body = mail.outbox[-1].body
    username = re.search(r"登录账号：(\S+)", body).group(1)
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", body).group(0)
    assert link.startswith(live_server.url)
    page.context.clear_cookies()
    page.goto(link)
    page.fill("#id_new_password1", "Yuhang-site-2020!")
    page.fill("#id_new_password2", "Yuhang-site-2020!")
    page.get_by_role("button", name="设置密码").click()
    page.wait_for_load_state()
    assert "密码已设置" in page.locator("h1").inner_text()

    login(page, live_server, username, "Yuhang-site-2020!")
    assert page.url.endswith("/me/")
    main = page.locator("main").inner_text()
    assert f"报名 {reference}：已通过" in main and "本单位网站的监测问题" in main

    page.goto(link)  # spent
    assert "该链接无效或已使用过" in page.locator("main").inner_text()
