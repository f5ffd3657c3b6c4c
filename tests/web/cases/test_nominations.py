"""附件3 nominations: the 300-character reason, evidence rules, attachments by content, the deadline, ownership."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.cases.models import CaseStatus, NominationStatus
from dgeval.web.cases.nominations import nomination_save, reason_problem
from dgeval.web.cases.screening import case_screen

from .conftest import case, header, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("length", "problem"), [
    (300, None), (301, "推荐理由共 301 字，超过 300 字上限 1 字"), (345, "推荐理由共 345 字，超过 300 字上限 45 字"),
])
def test_reason_is_counted_in_characters(length, problem):
    assert reason_problem("数" * length) == problem


def test_a_reason_of_301_characters_is_refused_on_its_field(on_nomination_day, nominator_user, county_target):
    with pytest.raises(ValidationError) as exc:
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target]), case([county_target], reason="字" * 301)])
    assert exc.value.message_dict == {"case2-reason": ["推荐理由共 301 字，超过 300 字上限 1 字"]}
    assert not AuditEntry.objects.filter(action__startswith="case.").exists()


def test_submission_needs_a_url_or_evidence_and_a_target(on_nomination_day, nominator_user, county_target):
    with pytest.raises(ValidationError) as exc:
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target], url="")])
    assert "case1-url" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True, cases=[case()])
    assert "case1-targets" in exc.value.message_dict
    saved = nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                            cases=[case([county_target], url="", attachments=[pdf()])])
    stored = saved.cases.get()
    assert stored.status == CaseStatus.SUBMITTED and stored.attachments.get().kind == "pdf"


def test_a_draft_may_be_incomplete_and_is_audited(on_nomination_day, nominator_user):
    saved = nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=False,
                            cases=[case(url="")])
    assert saved.status == NominationStatus.DRAFT and saved.cases.get().status == CaseStatus.DRAFT
    entry = AuditEntry.objects.get(action="case.nomination_save")
    assert entry.before is None and entry.after["cases"][0]["name"] == "西湖区企业开办“一件事”集成服务"


@pytest.mark.parametrize(("name", "content"), [
    ("报告.pdf", b"<html><script>alert(1)</script></html>"),
    ("截图.png", b"MZ\x90\x00\x03\x00\x00\x00 not an image"),
    ("说明.docx", b"PK\x03\x04 broken zip"),
])
def test_attachments_are_typed_by_content_not_name(on_nomination_day, nominator_user, county_target, name, content):
    with pytest.raises(ValidationError) as exc:
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target], attachments=[SimpleUploadedFile(name, content)])])
    assert "按文件内容识别" in exc.value.message_dict["case1-attachments"][0] and name in str(exc.value)


def test_attachments_are_size_capped(on_nomination_day, nominator_user, county_target, settings):
    settings.DGEVAL_CASE_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(ValidationError, match="过大"):
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target], attachments=[pdf()])])


@pytest.mark.parametrize(("day", "allowed"), [(date(2020, 11, 15), True), (date(2020, 11, 16), False)])
def test_the_deadline_is_the_end_of_15_november(campaign_2020, today_is, nominator_user, county_target, day, allowed):
    today_is(day)
    if allowed:
        nomination_save(campaign=campaign_2020, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target])])
    else:
        with pytest.raises(WorkflowError, match="已截止（2020-09-01 至 2020-11-15）"):
            nomination_save(campaign=campaign_2020, actor=nominator_user, data=header(), submit=True,
                            cases=[case([county_target])])


def test_editable_until_screening_then_locked(nomination, nominator_user, evaluator_user, county_target):
    edited = nomination_save(campaign=nomination.campaign, actor=nominator_user, nomination=nomination, submit=True,
                             data=header(contact_name="李明"),
                             cases=[case([county_target]), case([county_target], name="西湖区“城市大脑”停车场景")])
    assert edited.cases.count() == 2 and edited.contact_name == "李明"
    before = AuditEntry.objects.filter(action="case.nomination_submit").latest("pk").before
    assert before["contact_name"] == "王芳"
    case_screen(case=edited.cases.get(position=1), actor=evaluator_user, accept=True, reason="")
    with pytest.raises(WorkflowError, match="进入初选"):
        nomination_save(campaign=nomination.campaign, actor=nominator_user, nomination=nomination, submit=True,
                        data=header(), cases=[case([county_target])])


def test_only_the_owner_edits(nomination, webmaster_user, county_target):
    with pytest.raises(PermissionDenied):
        nomination_save(campaign=nomination.campaign, actor=webmaster_user, nomination=nomination, submit=True,
                        data=header(), cases=[case([county_target])])


def test_team_roles_cannot_nominate(on_nomination_day, evaluator_user, county_target):
    with pytest.raises(PermissionDenied):
        nomination_save(campaign=on_nomination_day, actor=evaluator_user, data=header(), submit=True,
                        cases=[case([county_target])])


def test_a_webmasters_case_belongs_to_their_target_by_default(on_nomination_day, webmaster_user, county_target):
    saved = nomination_save(campaign=on_nomination_day, actor=webmaster_user, data=header(), submit=True,
                            cases=[case()])
    assert list(saved.cases.get().targets.all()) == [county_target]


def test_more_than_three_cases_are_refused(on_nomination_day, nominator_user, county_target):
    with pytest.raises(ValidationError, match="1 至 3"):
        nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                        cases=[case([county_target])] * 4)


def test_the_form_page_refuses_301_characters_with_the_count(on_nomination_day, nominator_client, county_target):
    data = {"unit_name": "杭州市西湖区数据资源管理局", "unit_url": "", "contact_name": "王芳", "contact_phone": "0571-1",
            "contact_email": "wf@hzxh.gov.cn", "contact_address": "文三路 1 号", "nominated_on": "2020-11-10",
            "case1-category": "integrated_service", "case1-name": "企业开办一件事", "case1-url": "http://www.hzxh.gov.cn/",
            "case1-reason": "字" * 301, "case1-targets": [county_target.pk], "action": "submit"}
    response = nominator_client.post(reverse("cases:nomination_create"), data)
    assert response.status_code == 200 and "推荐理由共 301 字，超过 300 字上限 1 字" in response.text
    data["case1-reason"] = "字" * 300
    response = nominator_client.post(reverse("cases:nomination_create"), data)
    assert response.status_code == 302


def test_attachments_download_as_attachments_only(on_nomination_day, nominator_user, nominator_client, county_target,
                                                  anonymous_client):
    saved = nomination_save(campaign=on_nomination_day, actor=nominator_user, data=header(), submit=True,
                            cases=[case([county_target], attachments=[pdf("佐证.pdf")])])
    attachment = saved.cases.get().attachments.get()
    response = nominator_client.get(reverse("cases:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert not attachment.file.name.endswith("佐证.pdf")  # stored under a random name
    assert anonymous_client.get(reverse("cases:attachment", args=[attachment.pk])).status_code == 302


def test_the_blank_form_downloads(client, db):
    for fmt in ("xlsx", "docx"):
        response = client.get(reverse("cases:blank_form", args=[fmt]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
        assert response["Content-Disposition"].startswith("attachment")
