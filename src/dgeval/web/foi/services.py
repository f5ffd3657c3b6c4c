"""依申请公开 services: send, acknowledge, answer, score and close a request; every change audited.

Requests are mystery-shopper tests, so only the team works with them (admins and evaluators change them, experts
read); a webmaster is refused everywhere. The due date is the campaign's answer period (20 working days in 2020) after
the acknowledged receipt, counted by `dgeval.workdays` (holidays and make-up days included). The score becomes the
person part of the leaf the campaign facts name for 依申请公开 (`scores.services.score_part_set`, the request as
its source).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today as platform_today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common import clock
from dgeval.web.common.frameworks import campaign_facts_for, framework_for
from dgeval.web.common.points import points_check
from dgeval.web.common.uploads import DOCUMENT_TYPES, upload_check
from dgeval.web.foi.models import FoiAttachment, FoiRequest, FoiStatus
from dgeval.web.scores.models import SourceKind
from dgeval.web.scores.selectors import manual_part_max
from dgeval.web.scores.services import score_part_set
from dgeval.workdays import add_working_days


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
        raise ValidationError({field: _("日期 %(day)s 晚于今天（%(today)s）") % {"day": f"{value:%Y-%m-%d}", "today": f"{limit:%Y-%m-%d}"}})


def foi_leaf_for(target: Any, campaign: Any) -> tuple[str, str, str]:
    """(framework, column, leaf) in which TARGET's 依申请公开 test is scored: the leaf the campaign facts name, in the
    first of the target's evaluations where it applies. ValidationError on `target` when there is none."""
    leaf = campaign_facts_for(campaign).foi_leaf
    if leaf is not None:
        for framework, column in target.evaluations(campaign):
            fw = framework_for(campaign=campaign, framework=framework)
            if fw.has(leaf) and fw.indicator(leaf).weight(column) is not None:
                return framework, column, leaf
    raise ValidationError({"target": _("%(target)s 在本年度评估中没有依申请公开指标") % {"target": target.name}})


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
        raise ValidationError({"content": _("请填写申请内容")})
    _not_after_today(sent_on, "sent_on", today)
    foi_leaf_for(target, campaign)
    with transaction.atomic():
        request = FoiRequest.objects.create(
            campaign=campaign, target=target, channel=channel, content=content.strip(), sent_on=sent_on, sent_by=actor
        )
        _audit(request, "foi.send", None, actor)
    return request


def foi_request_acknowledge(
    *, request: FoiRequest, received_on: date, actor: Any, note: str = "", today: date | None = None
) -> FoiRequest:
    """Record the receipt date the target acknowledged and set the due date (20 working days later in 2020).

    May be repeated to correct the date until the request is answered; the deadline change is audited.
    """
    _require_worker(actor)
    request = _fresh(request)
    if request.status not in (FoiStatus.SENT, FoiStatus.ACKNOWLEDGED):
        raise WorkflowError(_("该申请状态为「%(status)s」，不能再登记收到日期") % {"status": request.get_status_display()})
    if received_on < request.sent_on:
        raise ValidationError({"received_on": _("收到日期不能早于发送日期 %(day)s") % {"day": f"{request.sent_on:%Y-%m-%d}"}})
    _not_after_today(received_on, "received_on", today)
    try:
        due_on = add_working_days(received_on, campaign_facts_for(request.campaign).foi_answer_working_days)
    except ValueError as exc:
        raise ValidationError({"received_on": _("无法计算答复期限：%(error)s") % {"error": exc}}) from exc
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
        raise WorkflowError(_("该申请状态为「%(status)s」，不能登记答复") % {"status": request.get_status_display()})
    start = request.received_on or request.sent_on
    if answered_on < start:
        raise ValidationError({"answered_on": _("答复日期不能早于 %(day)s") % {"day": f"{start:%Y-%m-%d}"}})
    _not_after_today(answered_on, "answered_on", today)
    if not answer_text.strip() and not attachments:
        raise ValidationError({"answer_text": _("请填写答复内容或上传答复附件")})
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
    """Score the request into the target's 依申请公开 leaf (0..the person part's maximum) as the leaf's person part.

    Possible once the request is answered or closed, or when it is overdue without an answer (usually 0 points).
    Within the 人工采集 phase, like every manual score; an admin may override with a reason.
    """
    _require_worker(actor)
    request = _fresh(request)
    as_of = today or platform_today()
    if request.status not in (FoiStatus.ANSWERED, FoiStatus.CLOSED) and not request.is_overdue(as_of):
        raise WorkflowError(_("尚未答复且未逾期的申请不能评分"))
    phase_require_open(
        campaign=request.campaign, kind=PhaseKind.MANUAL_COLLECTION, on=as_of, user=actor,
        override_reason=override_reason,
    )
    framework, column, code = foi_leaf_for(request.target, request.campaign)
    fw = framework_for(campaign=request.campaign, framework=framework)
    maximum = manual_part_max(campaign=request.campaign, target=request.target, framework=framework, column=column,
                              code=code)
    value = points_check(fw, column, code, points, maximum=maximum)
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        part = score_part_set(
            campaign=request.campaign, target=request.target, framework=framework, column=column, code=code,
            source_kind=SourceKind.FOI, points=value, max_points=maximum, source=request, actor=actor,
            reason=note.strip(),
        )
        request.framework, request.column, request.points = framework, column, part.points
        request.score_note = note.strip()
        request.scored_by, request.scored_at = actor, clock.now()
        request.save()
        _audit(request, "foi.score", before, actor, reason=note.strip())
    return request


def foi_request_close(*, request: FoiRequest, actor: Any, reason: str) -> FoiRequest:
    """Close a request (e.g. answered and scored, or withdrawn); a reason is required."""
    _require_worker(actor)
    request = _fresh(request)
    if not reason.strip():
        raise ValidationError({"reason": _("结案须说明理由")})
    if request.status == FoiStatus.CLOSED:
        raise WorkflowError(_("该申请已结案"))
    with transaction.atomic():
        request = FoiRequest.objects.select_for_update().get(pk=request.pk)
        before = request.snapshot()
        request.status = FoiStatus.CLOSED
        request.save()
        _audit(request, "foi.close", before, actor, reason=reason.strip())
    return request
