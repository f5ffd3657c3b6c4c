"""依申请公开 services (issue 5 §9): send, acknowledge, answer, score and close a request; every change audited.

Requests are mystery-shopper tests, so only the team works with them (admins and evaluators change them, experts
read); a webmaster is refused everywhere. The due date is 20 working days after the acknowledged receipt
(`dgeval.workdays`, holidays and make-up days included). The score goes to the leaf `info.on_request_disclosure`
through `leaf_score_set(source_kind="foi", source_id=<request id>)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import today as platform_today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.collection.services import points_within
from dgeval.web.collection.uploads import DOCUMENT_TYPES, upload_check
from dgeval.web.foi.models import FOI_LEAF, FoiAttachment, FoiRequest, FoiStatus
from dgeval.web.scores.services import framework_for, leaf_max_points, leaf_score_set
from dgeval.workdays import add_working_days

#: Working days the law gives a government to answer (政府信息公开条例 art. 33).
ANSWER_WORKING_DAYS = 20


def _require_worker(actor: Any) -> None:
    require_role(actor, Role.ADMIN, Role.EVALUATOR)


def _audit(request: FoiRequest, action: str, before: dict[str, object] | None, actor: Any, reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=request, before=before, after=request.snapshot(), reason=reason)


def _fresh(request: FoiRequest) -> FoiRequest:
    """The stored state of REQUEST: rules are judged on it, not on a copy the caller may hold from before a change."""
    return FoiRequest.objects.select_related("campaign", "target").get(pk=request.pk)


def _not_after_today(value: date, field: str, today: date | None) -> None:
    limit = today or platform_today()
    if value > limit:
        raise ValidationError({field: f"日期 {value:%Y-%m-%d} 晚于今天（{limit:%Y-%m-%d}）"})


def foi_evaluation_for(target: Any, campaign: Any) -> tuple[str, str]:
    """The (framework, column) in which TARGET's 依申请公开 leaf is scored, from `Target.evaluations()`."""
    for framework, column in target.evaluations():
        fw = framework_for(campaign=campaign, framework=framework)
        if fw.has(FOI_LEAF) and fw.indicator(FOI_LEAF).weight(column) is not None:
            return framework, column
    raise ValidationError({"target": f"{target.name} 的评估指标中没有“依申请公开”（{FOI_LEAF}）"})


def foi_request_send(
    *,
    campaign: Any,
    target: Any,
    channel: str,
    content: str,
    sent_on: date,
    actor: Any,
    today: date | None = None,
) -> FoiRequest:
    """Record a request sent to TARGET."""
    _require_worker(actor)
    if not content.strip():
        raise ValidationError({"content": "请填写申请内容"})
    _not_after_today(sent_on, "sent_on", today)
    foi_evaluation_for(target, campaign)
    with transaction.atomic():
        request = FoiRequest.objects.create(
            campaign=campaign, target=target, channel=channel, content=content.strip(), sent_on=sent_on, sent_by=actor
        )
        _audit(request, "foi.send", None, actor)
    return request


def foi_request_acknowledge(
    *, request: FoiRequest, received_on: date, actor: Any, note: str = "", today: date | None = None
) -> FoiRequest:
    """Record the receipt date the target acknowledged and set the due date 20 working days later.

    May be repeated to correct the date until the request is answered; the deadline change is audited.
    """
    _require_worker(actor)
    request = _fresh(request)
    if request.status not in (FoiStatus.SENT, FoiStatus.ACKNOWLEDGED):
        raise WorkflowError(f"该申请状态为「{request.get_status_display()}」，不能再登记收到日期")
    if received_on < request.sent_on:
        raise ValidationError({"received_on": f"收到日期不能早于发送日期 {request.sent_on:%Y-%m-%d}"})
    _not_after_today(received_on, "received_on", today)
    try:
        due_on = add_working_days(received_on, ANSWER_WORKING_DAYS)
    except ValueError as exc:
        raise ValidationError({"received_on": f"无法计算答复期限：{exc}"}) from exc
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        request.received_on, request.due_on = received_on, due_on
        request.acknowledgement_note = note.strip()
        request.status = FoiStatus.ACKNOWLEDGED
        request.save()
        _audit(request, "foi.acknowledge", before, actor, reason=note.strip())
    return request


def foi_request_answer(
    *,
    request: FoiRequest,
    answered_on: date,
    answer_text: str,
    actor: Any,
    attachments: Sequence[UploadedFile] = (),
    today: date | None = None,
) -> FoiRequest:
    """Record the target's answer and its files (PDF, Word, PNG, JPEG, WebP; size-capped)."""
    _require_worker(actor)
    request = _fresh(request)
    if request.status not in (FoiStatus.SENT, FoiStatus.ACKNOWLEDGED, FoiStatus.ANSWERED):
        raise WorkflowError(f"该申请状态为「{request.get_status_display()}」，不能登记答复")
    start = request.received_on or request.sent_on
    if answered_on < start:
        raise ValidationError({"answered_on": f"答复日期不能早于 {start:%Y-%m-%d}"})
    _not_after_today(answered_on, "answered_on", today)
    if not answer_text.strip() and not attachments:
        raise ValidationError({"answer_text": "请填写答复内容或上传答复附件"})
    names = [(upload, upload.name, upload_check(upload, allowed=DOCUMENT_TYPES, field="attachments")) for upload in attachments]
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        request.answered_on = answered_on
        request.answer_text = answer_text.strip()
        request.status = FoiStatus.ANSWERED
        request.save()
        for upload, original, stored in names:
            attachment = FoiAttachment(request=request, original_name=(original or "")[:255], size=upload.size,
                                       uploaded_by=actor)
            attachment.file.save(stored, upload, save=False)
            attachment.save()
        _audit(request, "foi.answer", before, actor)
    return request


def foi_request_score(
    *,
    request: FoiRequest,
    points: Any,
    actor: Any,
    note: str = "",
    today: date | None = None,
    override_reason: str = "",
) -> FoiRequest:
    """Score the request into the target's 依申请公开 leaf (0..weight) and push it to the leaf score.

    Possible once the request is answered or closed, or when it is overdue without an answer (usually 0 points).
    Within the 人工采集 phase, like every manual score; an admin may override with a reason.
    """
    _require_worker(actor)
    request = _fresh(request)
    as_of = today or platform_today()
    if request.status not in (FoiStatus.ANSWERED, FoiStatus.CLOSED) and not request.is_overdue(as_of):
        raise WorkflowError("尚未答复且未逾期的申请不能评分")
    phase_require_open(
        campaign=request.campaign, kind=PhaseKind.MANUAL_COLLECTION, on=as_of, user=actor,
        override_reason=override_reason,
    )
    framework, column = foi_evaluation_for(request.target, request.campaign)
    fw = framework_for(campaign=request.campaign, framework=framework)
    value = points_within(points, leaf_max_points(fw, column, FOI_LEAF))
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        leaf = leaf_score_set(
            campaign=request.campaign,
            target=request.target,
            framework=framework,
            column=column,
            code=FOI_LEAF,
            points=value,
            source_kind="foi",
            source_id=str(request.pk),
            actor=actor,
            reason=note.strip(),
        )
        request.framework, request.column, request.points = framework, column, leaf.points
        request.score_note = note.strip()
        request.scored_by, request.scored_at = actor, timezone.now()
        request.save()
        _audit(request, "foi.score", before, actor, reason=note.strip())
    return request


def foi_request_close(*, request: FoiRequest, actor: Any, reason: str) -> FoiRequest:
    """Close a request (e.g. answered and scored, or withdrawn); a reason is required."""
    _require_worker(actor)
    request = _fresh(request)
    if not reason.strip():
        raise ValidationError({"reason": "结案须说明理由"})
    if request.status == FoiStatus.CLOSED:
        raise WorkflowError("该申请已结案")
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        request.status = FoiStatus.CLOSED
        request.save()
        _audit(request, "foi.close", before, actor, reason=reason.strip())
    return request
