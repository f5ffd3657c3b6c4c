"""Consultation (意见征集): the draft frameworks, public comments in the phase, answers, export."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dgeval.errors import WorkflowError
from dgeval.framework import load_framework
from dgeval.web.audit.models import AuditEntry
from dgeval.web.consultation.models import Comment
from dgeval.web.consultation.services import comment_answer, comment_post

pytestmark = pytest.mark.django_db

CODE = "info.statutory_disclosure"


@pytest.fixture
def in_consultation(campaign_2020, today_is):
    today_is(date(2020, 9, 20))
    return campaign_2020


def _url(code: str = CODE, fw: str = "local_site") -> str:
    return reverse("consultation:indicator", args=[fw, code])


def test_index_lists_the_four_frameworks(client, in_consultation):
    text = client.get(reverse("consultation:index")).text
    for name in ("digital_gov", "ministry_site", "local_site", "new_media"):
        assert load_framework(name, 2020).title in text


@pytest.mark.parametrize("name", ["digital_gov", "ministry_site", "local_site", "new_media"])
def test_framework_page_shows_tree_weights_and_criteria(client, in_consultation, name):
    fw = load_framework(name, 2020)
    text = client.get(reverse("consultation:framework", args=[name])).text
    for label in fw.column_labels.values():
        assert label in text
    for level1 in fw.level1_names():
        assert level1 in text
    leaf = fw.base_indicators[0]
    assert leaf.criteria.splitlines()[0][:20] in text
    assert _url(leaf.code, name) in text


def test_local_site_page_shows_column_weights(client, in_consultation):
    text = client.get(_url()).text
    assert "法定主动公开" in text and ">20<" in text and ">17<" in text and ">19<" in text


def test_unknown_framework_or_indicator_is_404(client, in_consultation):
    assert client.get(reverse("consultation:framework", args=["nope"])).status_code == 404
    assert client.get(_url("no.such.code")).status_code == 404


def test_anonymous_comment_is_shown_publicly(client, in_consultation):
    response = client.post(_url(), {"author_name": "", "body": "建议补充政策解读要求。"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author_name == "" and comment.indicator_name == "信息发布 / 政府信息公开 / 法定主动公开"
    text = Client().get(_url()).text
    assert "建议补充政策解读要求。" in text and "匿名" in text


def test_comment_refused_outside_the_phase(client, campaign_2020, today_is):
    today_is(date(2020, 10, 16))
    page = client.get(_url())
    assert "已截止" in page.text
    response = client.post(_url(), {"body": "迟到的意见"})
    assert response.status_code == 403 and "已截止" in response.text
    assert not Comment.objects.exists()
    with pytest.raises(WorkflowError):
        comment_post(campaign=campaign_2020, framework="local_site", indicator_code=CODE, body="x")


def test_comment_length_is_capped(client, in_consultation):
    response = client.post(_url(), {"body": "长" * 2001})
    assert "意见内容不能超过 2000 字" in response.text
    assert not Comment.objects.exists()
    with pytest.raises(WorkflowError, match="2000"):
        comment_post(campaign=in_consultation, framework="local_site", indicator_code=CODE, body="长" * 2001)


def test_empty_comment_is_refused(client, in_consultation):
    assert "请填写意见内容" in client.post(_url(), {"body": ""}).text


def test_comment_needs_csrf_token(in_consultation):
    client = Client(enforce_csrf_checks=True)
    assert client.post(_url(), {"body": "跨站提交"}).status_code == 403
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_client(client, in_consultation, settings):
    settings.DGEVAL_COMMENT_RATE = 2
    for i in range(2):
        assert client.post(_url(), {"body": f"意见{i}"}).status_code == 302
    response = client.post(_url(), {"body": "意见3"})
    assert response.status_code == 429 and "提交过于频繁" in response.text
    assert Comment.objects.count() == 2


def test_unknown_indicator_refused_by_service(in_consultation):
    with pytest.raises(WorkflowError, match="没有指标"):
        comment_post(campaign=in_consultation, framework="local_site", indicator_code="x.y", body="意见")


def test_team_answer_is_public_and_audited(comment, evaluator_client, evaluator_user):
    response = evaluator_client.post(reverse("consultation:answer", args=[comment.pk]), {"answer": "感谢，已采纳。"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == "感谢，已采纳。" and comment.answered_by == evaluator_user
    assert "感谢，已采纳。" in Client().get(_url()).text
    assert AuditEntry.objects.get(action="comment.answer").after == {"answer": "感谢，已采纳。"}


def test_expert_may_not_answer(comment, expert_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        comment_answer(comment=comment, actor=expert_user, answer="x")


def test_hidden_comment_not_shown_to_public(comment, admin_client, today_is):
    today_is(date(2020, 9, 20))
    admin_client.post(reverse("consultation:hide", args=[comment.pk]), {"hidden": "on", "reason": "广告"})
    comment.refresh_from_db()
    assert comment.hidden
    assert comment.body not in Client().get(_url()).text
    assert comment.body in admin_client.get(_url()).text


def test_export_to_excel(comment, evaluator_client, evaluator_user):
    comment_answer(comment=comment, actor=evaluator_user, answer="已采纳")
    response = evaluator_client.get(reverse("consultation:export"))
    assert response["Content-Disposition"] == 'attachment; filename="consultation-2020.xlsx"'
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("编号", "指标体系", "指标编码", "指标", "留言人", "意见内容")
    assert rows[1][1:3] == ("local_site", CODE) and rows[1][5] == comment.body and rows[1][7] == "已采纳"
