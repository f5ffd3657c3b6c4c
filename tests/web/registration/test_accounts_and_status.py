"""Registration beyond the form: the webmaster account on approval, duplicates, the reference and status page, and
the blank 附件2."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role
from dgeval.web.audit.models import AuditEntry
from dgeval.web.registration.duplicates import DuplicateRegistration, url_key
from dgeval.web.registration.form2 import CONTACT_FIELDS, SITE_FIELDS, blank_docx, blank_xlsx, filled_xlsx_values
from dgeval.web.registration.models import Registration, RegistrationStatus, reference_parse
from dgeval.web.registration.selectors import registration_by_reference
from dgeval.web.registration.services import registration_approve, registration_reject, registration_submit
from tests.web.conftest import PDF_BYTES, REGISTRATION_DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_phase(campaign_2020, today_is):
    today_is(date(2020, 10, 1))
    return campaign_2020


def _submit(campaign, **overrides) -> Registration:
    return registration_submit(
        campaign=campaign, data={**REGISTRATION_DATA, **overrides}, stamped_form_type="pdf", on=date(2020, 10, 1),
        stamped_form=SimpleUploadedFile("form.pdf", PDF_BYTES, content_type="application/pdf"))


def _link(body: str) -> str:
    match = re.search(r"https?://\S+/accounts/set-password/\S+/", body)
    assert match, body
    return match.group(0)


# --- the webmaster account ---------------------------------------------------------------------------------------

def test_approval_creates_the_webmaster_and_mails_a_one_time_link(registration_pending, admin_user, city_target):
    target = registration_approve(registration=registration_pending, actor=admin_user, site_url="http://platform.test")
    registration_pending.refresh_from_db()
    user = registration_pending.webmaster
    assert (user.role, user.target, user.email) == (Role.WEBMASTER, target, "zhangsan@yuhang.gov.cn")
    assert user.username == "webmaster-330110" and not user.has_usable_password()
    message = mail.outbox[-1]
    assert message.to == ["zhangsan@yuhang.gov.cn"] and "webmaster-330110" in message.body
    assert _link(message.body).startswith("http://platform.test/accounts/set-password/")
    assert "密码：" not in message.body  # a link, never a password
    entry = AuditEntry.objects.get(action="account.create")
    assert entry.after["target"] == target.pk and entry.actor == admin_user
    assert AuditEntry.objects.get(action="registration.approve").after["webmaster"] == user.pk


def test_the_link_sets_the_password_once_and_the_webmaster_logs_in(registration_pending, admin_user):
    registration_approve(registration=registration_pending, actor=admin_user, site_url="http://testserver")
    path = _link(mail.outbox[-1].body).removeprefix("http://testserver")
    client = Client()
    form_page = client.get(path, follow=True)  # Django swaps the token into the session, then shows the form
    assert "new_password1" in form_page.text
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Xihu-webmaster-2020!",
                                                         "new_password2": "Xihu-webmaster-2020!"}, follow=True)
    assert "密码已设置" in done.text
    assert User.objects.get(username="webmaster-330110").check_password("Xihu-webmaster-2020!")
    again = Client().get(path, follow=True)
    assert "该链接无效或已使用过" in again.text


def test_an_existing_webmaster_of_the_target_is_linked_not_duplicated(registration_pending, admin_user):
    from dgeval.web.accounts.invitations import webmaster_provide

    target = registration_approve(registration=registration_pending, actor=admin_user)
    user, created = webmaster_provide(target=target, email="ZhangSan@yuhang.gov.cn", display_name="x")
    assert not created and user == Registration.objects.get().webmaster
    assert User.objects.filter(role=Role.WEBMASTER).count() == 1


def test_a_taken_username_gets_a_suffix(registration_pending, admin_user, county_target):
    from dgeval.web.accounts.services import user_create

    user_create(username="webmaster-330110", password=None, role=Role.WEBMASTER, target=county_target)
    registration_approve(registration=registration_pending, actor=admin_user)
    assert Registration.objects.get().webmaster.username == "webmaster-330110-2"


# --- duplicates ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("http://www.yuhang.gov.cn/", "https://WWW.YUHANG.gov.cn"),
    ("http://www.yuhang.gov.cn/index", "http://www.yuhang.gov.cn/index/"),
    ("http://www.yuhang.gov.cn:80/", "http://www.yuhang.gov.cn/"),
])
def test_urls_compare_after_normalisation(a, b):
    assert url_key(a) == url_key(b)


def test_other_sites_differ():
    assert url_key("http://www.yuhang.gov.cn/") != url_key("http://www.yuhang.gov.cn/en/")


def test_same_organisation_is_refused_naming_the_first(registration_pending):
    with pytest.raises(DuplicateRegistration, match=f"已报名（报名编号 {registration_pending.reference}）"):
        _submit(registration_pending.campaign, unit_name=" 杭州市余杭区人民政府 ", site_url="http://other.gov.cn/")


def test_same_site_is_refused_naming_the_first(registration_pending):
    with pytest.raises(DuplicateRegistration, match="已由“杭州市余杭区人民政府”报名"):
        _submit(registration_pending.campaign, unit_name="余杭区政府", site_url="https://WWW.yuhang.gov.cn")


def test_an_existing_target_is_refused(campaign_2020, county_target):
    with pytest.raises(DuplicateRegistration, match="已是本次评估对象“杭州市西湖区人民政府”"):
        _submit(campaign_2020, unit_name="西湖区政府", site_url="https://www.hzxh.gov.cn/")


def test_a_returned_registration_may_be_sent_again(registration_pending, admin_user):
    registration_reject(registration=registration_pending, actor=admin_user, reason="未盖章")
    again = _submit(registration_pending.campaign)
    assert again.pk != registration_pending.pk


def test_duplicate_through_the_form_shows_the_message_and_stores_nothing(client, open_phase):
    _submit(open_phase)
    response = client.post(reverse("registration:create"), {
        **REGISTRATION_DATA, "site_url": "https://www.yuhang.gov.cn",
        "stamped_form": SimpleUploadedFile("f.pdf", PDF_BYTES, content_type="application/pdf")})
    assert response.status_code == 200 and "同一网站在本次评估中只能报名一次" in response.text
    assert Registration.objects.count() == 1


# --- reference and status page -------------------------------------------------------------------------------------

def test_reference_reads_back(registration_pending):
    assert re.fullmatch(r"2020-R-\d{6}", registration_pending.reference)
    assert reference_parse(registration_pending.reference) == (2020, registration_pending.pk)
    assert reference_parse(" 2020 - r - 12 ") == (2020, 12) and reference_parse("12") is None


@pytest.mark.parametrize("contact", ["zhangsan@yuhang.gov.cn", "ZHANGSAN@yuhang.gov.cn", "13912345678",
                                     "0571-86221234"])
def test_lookup_by_reference_and_contact(registration_pending, contact):
    assert registration_by_reference(reference=registration_pending.reference, contact=contact) == registration_pending


@pytest.mark.parametrize("contact", ["someone@else.cn", "13900000000", ""])
def test_lookup_with_a_wrong_contact_finds_nothing(registration_pending, contact):
    assert registration_by_reference(reference=registration_pending.reference, contact=contact) is None


def test_status_page_shows_the_reason_of_a_return_and_nothing_to_others(client, registration_pending, admin_user):
    registration_reject(registration=registration_pending, actor=admin_user, reason="报名表未加盖公章")
    url = reverse("registration:status")
    page = client.get(url, {"reference": registration_pending.reference, "contact": "13912345678"}).text
    assert "已退回" in page and "报名表未加盖公章" in page
    wrong = client.get(url, {"reference": registration_pending.reference, "contact": "x@y.cn"}).text
    unknown = client.get(url, {"reference": "2020-R-999999", "contact": "x@y.cn"}).text
    for text in (wrong, unknown):
        assert "没有找到" in text and "报名表未加盖公章" not in text and "余杭" not in text


def test_done_page_and_mail_give_the_reference(client, open_phase):
    response = client.post(reverse("registration:create"), {
        **REGISTRATION_DATA, "stamped_form": SimpleUploadedFile("f.pdf", PDF_BYTES, content_type="application/pdf")})
    reg = Registration.objects.get()
    assert reg.reference in response.text and reg.reference in mail.outbox[-1].body
    assert reg.status == RegistrationStatus.PENDING


# --- the blank 附件2 -----------------------------------------------------------------------------------------------

PLAN_LABELS = ["网站名称", "网站网址", "主管单位", "主办单位", "承办单位", "联系人信息", "姓    名", "职    务", "工作电话",
               "手机号码", "E-MAIL", "通讯地址"]


def test_blank_xlsx_has_the_plans_fields_in_order():
    sheet = openpyxl.load_workbook(io.BytesIO(blank_xlsx())).active
    labels = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert labels[:3] == ["附件2：", "区县政府网站参评报名表", "报名单位名称："]
    assert labels[3:] == PLAN_LABELS
    assert any(row[1] == "（单位盖章）" for row in sheet.iter_rows(values_only=True) if len(row) > 1)


def test_blank_docx_has_the_plans_fields_in_order():
    document = docx.Document(io.BytesIO(blank_docx()))
    texts = [p.text for p in document.paragraphs]
    assert "区县政府网站参评报名表" in texts and "报名单位名称：" in texts and "（单位盖章）" in texts
    assert [row.cells[0].text for row in document.tables[0].rows] == PLAN_LABELS


def test_downloads_are_served_as_attachments(client):
    xlsx = client.get(reverse("registration:blank_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in xlsx["Content-Disposition"]
    openpyxl.load_workbook(io.BytesIO(xlsx.content))
    docx.Document(io.BytesIO(client.get(reverse("registration:blank_docx")).content))


def _filled() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(blank_xlsx()))
    sheet = book.active
    answers = {label: REGISTRATION_DATA[name] for name, label in (*SITE_FIELDS, *CONTACT_FIELDS)}
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if row[0].value == "报名单位名称：":
            row[0].value = f"报名单位名称：{REGISTRATION_DATA['unit_name']}"
        elif row[0].value in answers:
            row[1].value = answers[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_filled_workbook_reads_back_by_label():
    values = filled_xlsx_values(_filled(), "filled.xlsx")
    assert values == {k: v for k, v in REGISTRATION_DATA.items() if k != "division_code"}


def test_a_filled_workbook_fills_the_form(client, open_phase):
    upload = SimpleUploadedFile("附件2.xlsx", _filled())
    page = client.post(reverse("registration:prefill"), {"filled_form": upload}).text
    assert 'value="杭州市余杭区人民政府门户网站"' in page and 'value="zhangsan@yuhang.gov.cn"' in page
    assert "已按上传的报名表填好 12 项" in page
    assert not Registration.objects.exists()


def test_prefill_refuses_what_is_not_a_workbook(client, open_phase):
    page = client.post(reverse("registration:prefill"),
                       {"filled_form": SimpleUploadedFile("a.xlsx", b"%PDF-1.4 not a workbook")}).text
    assert "只接受 XLSX 格式的报名表" in page


def test_status_lookups_are_capped_per_client(client, registration_pending):
    from dgeval.web.registration.lookups import LOOKUPS_PER_WINDOW

    url = reverse("registration:status")
    query = {"reference": registration_pending.reference, "contact": "guess@example.cn"}
    for _n in range(LOOKUPS_PER_WINDOW):
        assert client.get(url, query).status_code == 200
    refused = client.get(url, {**query, "contact": "13912345678"})
    assert refused.status_code == 429 and "查询过于频繁" in refused.text and "待审核" not in refused.text


def test_admin_resends_a_fresh_link_audited(admin_client, registration_pending, admin_user):
    url = reverse("registration:reinvite", args=[registration_pending.pk])
    admin_client.post(url)
    assert "只有已通过" in admin_client.get(reverse("registration:detail", args=[registration_pending.pk])).text
    registration_approve(registration=registration_pending, actor=admin_user)
    sent = len(mail.outbox)
    page = admin_client.post(url, follow=True).text
    assert "设置密码的链接已重新发送至 zhangsan@yuhang.gov.cn" in page
    assert len(mail.outbox) == sent + 1 and "/accounts/set-password/" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="account.invite", actor=admin_user).count() == 1


def test_only_admins_resend_links(evaluator_client, registration_pending, admin_user):
    registration_approve(registration=registration_pending, actor=admin_user)
    response = evaluator_client.post(reverse("registration:reinvite", args=[registration_pending.pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="account.invite").exists()
