"""依申请公开 pages: team only, login and CSRF, overdue flags on the list, forms for each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dgeval.web.foi.models import FoiAttachment, FoiRequest, FoiStatus
from dgeval.web.foi.services import foi_request_acknowledge, foi_request_answer, foi_request_send
from dgeval.web.common.frameworks import evaluation_label

from .conftest import PDF_BYTES


@pytest.mark.parametrize("name", ["foi:list", "foi:create"])
def test_login_required(anonymous_client, campaign_2020, name):
    response = anonymous_client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_post_without_csrf_token_refused(campaign_2020, county_target, evaluator_user, as_of):
    client = Client(enforce_csrf_checks=True)
    client.force_login(evaluator_user)
    response = client.post(reverse("foi:create"), {"target": county_target.pk, "channel": "email",
                                                   "content": "x", "sent_on": "2020-11-01"})
    assert response.status_code == 403 and not FoiRequest.objects.exists()


def test_list_flags_the_overdue_request(acknowledged, answered_elsewhere, evaluator_client):
    body = evaluator_client.get(reverse("foi:list")).content.decode()
    assert body.count('class="overdue"') == 1 and "已逾期" in body and "2020-11-04" in body
    filtered = evaluator_client.get(reverse("foi:list"), {"status": "overdue"}).content.decode()
    assert reverse("foi:detail", args=[acknowledged.pk]) in filtered
    assert reverse("foi:detail", args=[answered_elsewhere.pk]) not in filtered


@pytest.fixture
def answered_elsewhere(campaign_2020, province_target, evaluator_user, as_of):
    request = foi_request_send(campaign=campaign_2020, target=province_target, channel="letter", content="问",
                               sent_on=date(2020, 11, 2), actor=evaluator_user)
    foi_request_acknowledge(request=request, received_on=date(2020, 11, 3), actor=evaluator_user)
    return foi_request_answer(request=request, answered_on=date(2020, 11, 10), answer_text="答", actor=evaluator_user)


def test_full_flow_through_the_pages(campaign_2020, county_target, evaluator_client, as_of):
    response = evaluator_client.post(reverse("foi:create"), {"target": county_target.pk, "channel": "online_form",
                                                             "content": "请公开……", "sent_on": "2020-09-28"})
    request = FoiRequest.objects.get()
    assert response.status_code == 302
    evaluator_client.post(reverse("foi:acknowledge", args=[request.pk]), {"received_on": "2020-09-30"})
    request.refresh_from_db()
    assert request.due_on == date(2020, 11, 4)
    evaluator_client.post(reverse("foi:answer", args=[request.pk]),
                          {"answered_on": "2020-10-30", "answer_text": "已公开",
                           "attachments": [SimpleUploadedFile("r.pdf", PDF_BYTES)]})
    request.refresh_from_db()
    assert request.status == FoiStatus.ANSWERED and request.attachments.count() == 1
    file_response = evaluator_client.get(reverse("foi:attachment", args=[request.attachments.get().pk]))
    assert b"".join(file_response.streaming_content) == PDF_BYTES
    evaluator_client.post(reverse("foi:score", args=[request.pk]), {"points": "1", "note": "按期"})
    request.refresh_from_db()
    assert request.points == 1
    detail = evaluator_client.get(reverse("foi:detail", args=[request.pk])).content.decode()
    assert "已答复" in detail and evaluation_label("local_site", "county") in detail


def test_bad_attachment_shown_on_the_form_and_nothing_stored(acknowledged, evaluator_client):
    response = evaluator_client.post(
        reverse("foi:answer", args=[acknowledged.pk]),
        {"answered_on": "2020-10-30", "answer_text": "x",
         "attachments": [SimpleUploadedFile("r.pdf", b"<script>alert(1)</script>")]},
    )
    assert response.status_code == 400 and "文件类型不符" in response.content.decode()
    acknowledged.refresh_from_db()
    assert acknowledged.status == FoiStatus.ACKNOWLEDGED and not FoiAttachment.objects.exists()


def test_points_above_weight_shown_on_the_form(answered, evaluator_client):
    response = evaluator_client.post(reverse("foi:score", args=[answered.pk]), {"points": "3"})
    assert response.status_code == 400 and "满分 1" in response.content.decode()
