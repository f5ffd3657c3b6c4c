"""County registration (附件2): validation, upload sniffing, the deadline, e-mail, review."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.registration.models import Registration, RegistrationStatus
from dgeval.web.registration.services import registration_approve, registration_reject
from dgeval.web.registration.uploads import sniff_type
from dgeval.web.targets.models import ChannelKind, TargetKind
from tests.web.conftest import PDF_BYTES, REGISTRATION_DATA

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def open_phase(campaign_2020, today_is):
    today_is(date(2020, 10, 1))
    return campaign_2020


def _post(client: Client, upload: SimpleUploadedFile | None = None, **overrides):
    data = {**REGISTRATION_DATA, **overrides}
    if upload is not None:
        data["stamped_form"] = upload
    return client.post(reverse("registration:create"), data)


def _pdf(name: str = "报名表.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("head", "kind"),
    [(PDF_BYTES, "pdf"), (PNG_BYTES, "png"), (JPEG_BYTES, "jpeg"), (b"MZ\x90\x00", None), (b"<html>", None), (b"", None)],
)
def test_sniff_type(head, kind):
    assert sniff_type(head) == kind


def test_form_shows_every_field_of_annex_2(client, open_phase):
    text = client.get(reverse("registration:create")).text
    for label in ("报名单位名称", "网站名称", "网站网址", "主管单位", "主办单位", "承办单位", "联系人姓名", "职务",
                  "工作电话", "手机号码", "E-MAIL", "通讯地址", "盖章报名表"):
        assert label in text, label


def test_submit_stores_registration_sends_mail_and_audits(client, open_phase):
    response = _post(client, _pdf())
    assert response.status_code == 200 and "报名已提交" in response.text
    reg = Registration.objects.get()
    assert reg.status == RegistrationStatus.PENDING and reg.stamped_form_type == "pdf"
    assert reg.stamped_form.name.endswith(".pdf") and "报名表" not in reg.stamped_form.name
    assert reg.stamped_form.read() == PDF_BYTES
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhangsan@yuhang.gov.cn"]
    assert "参评报名已收到" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="registration.submit", object_id=str(reg.pk)).exists()


def test_png_is_accepted_and_renamed(client, open_phase):
    assert "报名已提交" in _post(client, SimpleUploadedFile("scan.pdf", PNG_BYTES)).text
    assert Registration.objects.get().stamped_form.name.endswith(".png")


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 fake exe", b"<html><script>alert(1)</script></html>", b"PK\x03\x04 zip", b""],
    ids=["exe", "html", "zip", "empty"],
)
def test_bad_upload_is_refused_with_clear_message(client, open_phase, content):
    response = _post(client, _pdf("form.pdf", content))
    assert response.status_code == 200
    assert ("文件类型不支持" in response.text) or ("所提交的是空文件" in response.text)
    assert not Registration.objects.exists()


def test_oversized_upload_is_refused(client, open_phase, settings):
    settings.DGEVAL_UPLOAD_MAX_BYTES = 1024
    response = _post(client, _pdf(content=PDF_BYTES + b"0" * 2000))
    assert "文件过大" in response.text and "不能超过" in response.text
    assert not Registration.objects.exists()


def test_missing_upload_is_refused(client, open_phase):
    assert "请上传加盖公章的报名表" in _post(client).text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_mobile", "12912345678", "手机号码应为以 1 开头的 11 位数字"),
        ("contact_mobile", "1391234567", "手机号码应为"),
        ("contact_phone", "call me", "工作电话格式不正确"),
        ("contact_email", "zhangsan@", "请输入有效的电子邮箱地址"),
        ("site_url", "www.yuhang.gov.cn", "网址须以 http:// 或 https:// 开头"),
        ("site_url", "https://", "网址须以 http:// 或 https:// 开头"),
        ("site_url", "javascript:alert(1)", "网址须以 http:// 或 https:// 开头"),
        ("unit_name", "", "请填写“报名单位名称”"),
        ("division_code", "33011", "行政区划代码应为 6 位数字"),
    ],
)
def test_field_validation_messages(client, open_phase, field, value, message):
    response = _post(client, _pdf(), **{field: value})
    assert message in response.text
    assert not Registration.objects.exists()


@pytest.mark.parametrize("phone", ["0571-86221234", "057186221234", "86221234", "010-12345678-123"])
def test_phone_formats_accepted(client, open_phase, phone):
    assert "报名已提交" in _post(client, _pdf(), contact_phone=phone).text


def test_closed_after_the_deadline(client, campaign_2020, today_is):
    today_is(date(2020, 10, 21))
    page = client.get(reverse("registration:create"))
    assert "已截止" in page.text and "stamped_form" not in page.text
    response = _post(client, _pdf())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_open_on_the_deadline_day(client, campaign_2020, today_is):
    today_is(date(2020, 10, 20))
    assert "报名已提交" in _post(client, _pdf()).text


def test_submit_needs_csrf_token(open_phase):
    client = Client(enforce_csrf_checks=True)
    assert _post(client, _pdf()).status_code == 403
    assert not Registration.objects.exists()


def test_approve_creates_county_target_with_website_and_audits(registration_pending, admin_user, city_target):
    target = registration_approve(registration=registration_pending, actor=admin_user)
    assert target.kind == TargetKind.COUNTY and target.code == "330110" and target.parent == city_target
    assert target.evaluations() == [("local_site", "county")]
    assert target.campaign_joined == registration_pending.campaign
    channel = target.channels.get()
    assert (channel.kind, channel.url, channel.name) == (ChannelKind.WEBSITE, "http://www.yuhang.gov.cn/", "杭州市余杭区人民政府门户网站")
    registration_pending.refresh_from_db()
    assert registration_pending.status == RegistrationStatus.APPROVED and registration_pending.target == target
    entry = AuditEntry.objects.get(action="registration.approve")
    assert entry.before["status"] == "pending" and entry.after["status"] == "approved" and entry.actor == admin_user
    assert AuditEntry.objects.filter(action="target.create", object_id=str(target.pk)).exists()
    assert "审核通过" in mail.outbox[-1].subject


def test_approve_twice_is_refused(registration_pending, admin_user):
    registration_approve(registration=registration_pending, actor=admin_user)
    with pytest.raises(WorkflowError, match="已审核"):
        registration_approve(registration=registration_pending, actor=admin_user)


def test_approve_with_existing_code_is_refused(registration_pending, admin_user, county_target):
    with pytest.raises(WorkflowError, match="已存在"):
        registration_approve(registration=registration_pending, actor=admin_user, code=county_target.code)
    registration_pending.refresh_from_db()
    assert registration_pending.status == RegistrationStatus.PENDING


def test_reject_needs_reason_and_is_audited(registration_pending, admin_user):
    with pytest.raises(WorkflowError, match="原因"):
        registration_reject(registration=registration_pending, actor=admin_user, reason="")
    registration_reject(registration=registration_pending, actor=admin_user, reason="报名表未盖章")
    registration_pending.refresh_from_db()
    assert registration_pending.status == RegistrationStatus.REJECTED and registration_pending.target is None
    assert AuditEntry.objects.get(action="registration.reject").reason == "报名表未盖章"
    assert "报名表未盖章" in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["evaluator_user", "expert_user", "webmaster_user"])
def test_only_admin_reviews(request, registration_pending, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        registration_approve(registration=registration_pending, actor=request.getfixturevalue(who))


def test_review_view_reject_without_reason_shows_error(admin_client, registration_pending):
    url = reverse("registration:detail", args=[registration_pending.pk])
    response = admin_client.post(url, {"decision": "reject", "reason": ""})
    assert "不通过时必须填写原因" in response.text
    response = admin_client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    registration_pending.refresh_from_db()
    assert registration_pending.status == RegistrationStatus.APPROVED


def test_stamped_form_served_to_team_with_sniffed_type(evaluator_client, registration_pending):
    response = evaluator_client.get(reverse("registration:file", args=[registration_pending.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
