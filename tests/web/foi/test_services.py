"""依申请公开 services: due dates over holidays, overdue at an as-of date, answers with files, scoring, audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.foi.models import FoiAttachment, FoiChannel, FoiRequest, FoiStatus
from dgeval.web.foi.selectors import foi_requests_visible
from dgeval.web.foi.services import (
    foi_request_acknowledge,
    foi_request_answer,
    foi_request_close,
    foi_request_score,
    foi_request_send,
)
from dgeval.web.scores.models import LeafScore
from dgeval.web.targets.models import Target, TargetKind

from .conftest import PDF_BYTES, QUESTION

D = date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2020, 9, 30), D(2020, 11, 4)),  # National Day + Mid-Autumn 10-01..08 skipped, Saturday 10-10 worked
        (D(2020, 10, 15), D(2020, 11, 12)),  # no holiday
        (D(2020, 10, 10), D(2020, 11, 6)),  # receipt on the make-up Saturday itself
    ],
)
def test_due_date_is_twenty_working_days_after_receipt(sent, evaluator_user, received, due, as_of):
    request = foi_request_acknowledge(request=sent, received_on=received, actor=evaluator_user)
    assert request.due_on == due and request.status == FoiStatus.ACKNOWLEDGED
    entry = AuditEntry.objects.get(action="foi.acknowledge")
    assert entry.before["due_on"] is None and entry.after["due_on"] == due.isoformat()


def test_receipt_before_sending_or_in_the_future_refused(sent, evaluator_user):
    with pytest.raises(ValidationError, match="不能早于发送日期"):
        foi_request_acknowledge(request=sent, received_on=D(2020, 9, 27), actor=evaluator_user)
    with pytest.raises(ValidationError, match="晚于今天"):
        foi_request_acknowledge(request=sent, received_on=D(2020, 11, 21), actor=evaluator_user)
    sent.refresh_from_db()
    assert sent.status == FoiStatus.SENT and sent.due_on is None


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(D(2020, 11, 3), False), (D(2020, 11, 4), False), (D(2020, 11, 5), True), (D(2020, 12, 31), True)],
)
def test_unanswered_request_overdue_only_after_its_due_date(acknowledged, as_of, overdue):
    assert acknowledged.is_overdue(as_of) is overdue
    assert acknowledged.display_status(as_of) == (FoiStatus.OVERDUE if overdue else FoiStatus.ACKNOWLEDGED)


@pytest.mark.parametrize(("answered_on", "late"), [(D(2020, 11, 4), False), (D(2020, 11, 5), True)])
def test_answer_after_the_due_date_stays_flagged(acknowledged, evaluator_user, answered_on, late):
    request = foi_request_answer(request=acknowledged, answered_on=answered_on, answer_text="答复", actor=evaluator_user)
    assert request.status == FoiStatus.ANSWERED
    assert request.is_overdue(D(2020, 11, 20)) is late
    assert request.display_status(D(2020, 11, 20)) == FoiStatus.ANSWERED


def test_request_without_receipt_is_never_overdue(sent):
    assert not sent.is_overdue(D(2020, 12, 31))


def test_overdue_filter(campaign_2020, acknowledged, answered_late_elsewhere, evaluator_user):
    rows = foi_requests_visible(user=evaluator_user, campaign=campaign_2020, as_of=D(2020, 11, 20), status="overdue")
    assert set(rows) == {acknowledged, answered_late_elsewhere}
    before = foi_requests_visible(user=evaluator_user, campaign=campaign_2020, as_of=D(2020, 11, 4), status="overdue")
    assert set(before) == {answered_late_elsewhere}


@pytest.fixture
def answered_late_elsewhere(campaign_2020, province_target, evaluator_user, as_of) -> FoiRequest:
    request = foi_request_send(campaign=campaign_2020, target=province_target, channel=FoiChannel.LETTER,
                               content=QUESTION, sent_on=D(2020, 9, 1), actor=evaluator_user)
    request = foi_request_acknowledge(request=request, received_on=D(2020, 9, 3), actor=evaluator_user)
    return foi_request_answer(request=request, answered_on=D(2020, 11, 2), answer_text="迟复", actor=evaluator_user)


def test_answer_with_files(acknowledged, evaluator_user):
    files = [SimpleUploadedFile("答复书.pdf", PDF_BYTES), SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0rest")]
    foi_request_answer(request=acknowledged, answered_on=D(2020, 10, 30), answer_text="", attachments=files,
                       actor=evaluator_user)
    stored = list(FoiAttachment.objects.order_by("id"))
    assert [a.original_name for a in stored] == ["答复书.pdf", "scan.jpg"]
    assert stored[0].file.name.endswith(".pdf") and stored[1].file.name.endswith(".jpg")
    assert stored[0].file.read() == PDF_BYTES


@pytest.mark.parametrize(
    "bad",
    [
        SimpleUploadedFile("reply.pdf", b"<html>not a pdf</html>"),
        SimpleUploadedFile("reply.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        SimpleUploadedFile("reply.zip", b"PK\x03\x04 not a docx"),
    ],
    ids=["html_as_pdf", "exe", "broken_zip"],
)
def test_bad_answer_file_refused_and_nothing_stored(acknowledged, evaluator_user, bad):
    with pytest.raises(ValidationError, match="文件类型不符"):
        foi_request_answer(request=acknowledged, answered_on=D(2020, 10, 30), answer_text="答复",
                           attachments=[bad], actor=evaluator_user)
    acknowledged.refresh_from_db()
    assert acknowledged.status == FoiStatus.ACKNOWLEDGED and not FoiAttachment.objects.exists()


def test_oversized_answer_file_refused(acknowledged, evaluator_user, settings):
    settings.DGEVAL_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="文件过大"):
        foi_request_answer(request=acknowledged, answered_on=D(2020, 10, 30), answer_text="答复",
                           attachments=[SimpleUploadedFile("a.pdf", PDF_BYTES + b" " * 200)], actor=evaluator_user)


def test_score_goes_to_the_leaf_with_provenance(answered, evaluator_user):
    foi_request_score(request=answered, points=1, note="按期答复", actor=evaluator_user)
    leaf = LeafScore.objects.get(code="info.on_request_disclosure")
    assert (leaf.framework, leaf.column, leaf.points) == ("local_site", "county", 1)
    part = leaf.parts.get()
    assert (part.source_kind, part.source, part.slot, part.max_points) == ("foi", answered, "person", 1)
    answered.refresh_from_db()
    assert answered.points == 1 and answered.scored_by == evaluator_user
    assert AuditEntry.objects.filter(action="foi.score").exists()


def test_points_above_the_leaf_weight_refused(answered, evaluator_user):
    with pytest.raises(ValidationError, match="0 到 1"):
        foi_request_score(request=answered, points=1.5, actor=evaluator_user)
    assert not LeafScore.objects.exists()


def test_ministry_request_scores_in_ministry_site(campaign_2020, evaluator_user, as_of):
    ministry = Target.objects.create(code="bm01", name="教育部", kind=TargetKind.MINISTRY, has_website=True)
    request = foi_request_send(campaign=campaign_2020, target=ministry, channel=FoiChannel.EMAIL, content=QUESTION,
                               sent_on=D(2020, 10, 9), actor=evaluator_user)
    foi_request_acknowledge(request=request, received_on=D(2020, 10, 9), actor=evaluator_user)
    foi_request_answer(request=request, answered_on=D(2020, 10, 20), answer_text="已答复", actor=evaluator_user)
    foi_request_score(request=request, points=0.5, actor=evaluator_user)
    assert LeafScore.objects.get().framework == "ministry_site"


def test_unanswered_request_scored_only_once_overdue(acknowledged, evaluator_user, today_is):
    today_is(D(2020, 11, 4))
    with pytest.raises(WorkflowError, match="未逾期"):
        foi_request_score(request=acknowledged, points=0, actor=evaluator_user)
    today_is(D(2020, 11, 5))
    foi_request_score(request=acknowledged, points=0, note="逾期未答复", actor=evaluator_user)
    assert LeafScore.objects.get().points == 0


def test_scoring_outside_the_collection_phase_needs_an_admin_override(answered, evaluator_user, admin_user, today_is):
    today_is(D(2020, 12, 10))
    with pytest.raises(WorkflowError, match="已截止"):
        foi_request_score(request=answered, points=1, actor=evaluator_user)
    foi_request_score(request=answered, points=1, actor=admin_user, override_reason="答复于期末到达")
    assert LeafScore.objects.get().points == 1


@pytest.mark.parametrize("who", ["expert_user", "webmaster_user"])
def test_only_admins_and_evaluators_change_requests(request, campaign_2020, county_target, acknowledged, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        foi_request_send(campaign=campaign_2020, target=county_target, channel=FoiChannel.FAX, content=QUESTION,
                         sent_on=D(2020, 10, 1), actor=user)
    with pytest.raises(PermissionDenied):
        foi_request_answer(request=acknowledged, answered_on=D(2020, 10, 30), answer_text="x", actor=user)
    with pytest.raises(PermissionDenied):
        foi_request_close(request=acknowledged, actor=user, reason="x")


def test_webmasters_see_nothing(campaign_2020, acknowledged, webmaster_user):
    with pytest.raises(PermissionDenied):
        foi_requests_visible(user=webmaster_user, campaign=campaign_2020, as_of=D(2020, 11, 20))


def test_close_needs_a_reason_and_ends_the_request(answered, evaluator_user):
    with pytest.raises(ValidationError, match="理由"):
        foi_request_close(request=answered, actor=evaluator_user, reason="")
    closed = foi_request_close(request=answered, actor=evaluator_user, reason="已评分")
    assert closed.status == FoiStatus.CLOSED
    with pytest.raises(WorkflowError):
        foi_request_answer(request=closed, answered_on=D(2020, 11, 1), answer_text="x", actor=evaluator_user)
    with pytest.raises(WorkflowError):
        foi_request_acknowledge(request=closed, received_on=D(2020, 10, 1), actor=evaluator_user)
    assert AuditEntry.objects.filter(action="foi.close", reason="已评分").exists()


def test_every_status_change_is_audited(answered):
    actions = list(AuditEntry.objects.filter(object_type="foi.foirequest").order_by("id").values_list("action", flat=True))
    assert actions == ["foi.send", "foi.acknowledge", "foi.answer"]
