"""Scoring a work item: an evaluator's score with evidence, double scores compared, and the decision on two that
differ — by the third scorer named for the item or by an admin, every value kept.

The score that ends an item becomes the leaf's person part (`scores.services.score_part_set`): at most the manual
part's maximum (the leaf's weight less the share the monitor observed), with the item as source and every submitted
score behind it as evidence.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today as platform_today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.collection.models import ManualScore, ScoreKind, WorkItem, WorkItemStatus
from dgeval.web.collection.services.items import collection_policy_for, reconciler_pick
from dgeval.web.common import clock
from dgeval.web.common.frameworks import framework_for
from dgeval.web.common.points import points_check
from dgeval.web.common.uploads import IMAGE_TYPES, upload_check
from dgeval.web.scores.models import SourceKind
from dgeval.web.scores.selectors import manual_part_max
from dgeval.web.scores.services import score_part_set

_EPSILON = 1e-9


def manual_phase_require_open(*, campaign: Any, actor: Any, today: date | None, override_reason: str) -> None:
    """人工采集 must be open on TODAY (the platform's as-of date by default); an admin may override, audited."""
    phase_require_open(campaign=campaign, kind=PhaseKind.MANUAL_COLLECTION, on=today or platform_today(), user=actor,
                       override_reason=override_reason)


def item_max_points(item: WorkItem) -> float:
    """The most the item may give now: its leaf's weight less the share the monitor observed."""
    return manual_part_max(campaign=item.campaign, target=item.target, framework=item.framework, column=item.column,
                           code=item.code)


def item_points_check(item: WorkItem, points: Any) -> float:
    """POINTS as a number within 0..the item's maximum; ValidationError in Chinese on `points` otherwise."""
    fw = framework_for(campaign=item.campaign, framework=item.framework)
    return points_check(fw, item.column, item.code, points, maximum=item_max_points(item))


def score_permission_check(item: WorkItem, actor: Any) -> None:
    """Only the item's assignees may score it; an admin may score a single-scored item (PermissionDenied /
    WorkflowError otherwise). Experts and webmasters never score manual items."""
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    is_assignee = actor.pk in (item.assignee_id, item.second_assignee_id)
    if role_of(actor) == Role.EVALUATOR and not is_assignee:
        raise PermissionDenied(_("只有被分配的评估员可以为该指标评分"))
    if item.is_double and not is_assignee:
        raise WorkflowError(_("双人评分的指标由两位评估员各自评分，管理员请使用复核裁定"))
    if item.is_double and item.status in (WorkItemStatus.NEEDS_RECONCILE, WorkItemStatus.DONE):
        raise WorkflowError(_("两位评估员均已提交，评分已锁定，如需修改请由复核人裁定"))


def _audit_item(item: WorkItem, before: dict[str, object], actor: Any, reason: str = "") -> None:
    after = item.snapshot()
    if before != after:
        audit_record(actor=actor, action="collection.status", obj=item, before=before, after=after, reason=reason)


def _finalize(item: WorkItem, score: ManualScore, actor: Any, reason: str) -> None:
    """Make SCORE the item's final score and write it as the leaf's person part, every submitted score as evidence."""
    item.final_score = score
    item.status = WorkItemStatus.DONE
    item.save()
    evidence = list(item.scores.filter(submitted_at__isnull=False).order_by("pk"))
    score_part_set(
        campaign=item.campaign, target=item.target, framework=item.framework, column=item.column, code=item.code,
        source_kind=SourceKind.MANUAL, points=score.points, max_points=item_max_points(item), source=item,
        evidence=evidence, actor=actor, reason=reason,
    )


def _await_decision(item: WorkItem) -> None:
    """Two scores differ beyond the margin: the item waits for its third scorer, named now if it has none."""
    item.status = WorkItemStatus.NEEDS_RECONCILE
    if item.reconciler_id is None:
        third = reconciler_pick(item)
        if third is not None:
            before = item.snapshot()
            item.reconciler = third
            item.save()
            audit_record(actor=None, action="collection.reconciler_assign", obj=item, before=before,
                         after=item.snapshot(), reason=_("双评差异超出阈值，自动指定复核人"))
            return
    item.save()


def _settle(item: WorkItem, actor: Any) -> None:
    """After a submission: finish a single-scored item, or compare two submitted scores of a double-scored one."""
    submitted = {
        s.evaluator_id: s
        for s in item.scores.filter(kind=ScoreKind.EVALUATION, submitted_at__isnull=False).order_by("submitted_at")
    }
    if not item.is_double:
        latest = max(submitted.values(), key=lambda s: s.submitted_at)
        _finalize(item, latest, actor, reason=latest.note)
        return
    first, second = submitted.get(item.assignee_id), submitted.get(item.second_assignee_id)
    if first is None or second is None:
        item.status = WorkItemStatus.SUBMITTED
        item.save()
        return
    margin = item_max_points(item) * collection_policy_for(campaign=item.campaign).reconcile_margin_percent / 100
    assert first.points is not None and second.points is not None  # submitted scores always carry points
    if abs(first.points - second.points) > margin + _EPSILON:
        _await_decision(item)
        return
    consensus = ManualScore.objects.create(
        work_item=item, evaluator=actor, kind=ScoreKind.CONSENSUS, points=round((first.points + second.points) / 2, 3),
        evidence_url=first.evidence_url or second.evidence_url,
        note=_("双评一致：%(a)s 与 %(b)s，取平均") % {"a": f"{first.points:g}", "b": f"{second.points:g}"},
        submitted_at=clock.now(),
    )
    _finalize(item, consensus, actor, reason=consensus.note)


def manual_score_save(
    *,
    item: WorkItem,
    actor: Any,
    points: Any,
    submit: bool,
    evidence_url: str = "",
    screenshot: UploadedFile | None = None,
    note: str = "",
    today: date | None = None,
    override_reason: str = "",
) -> ManualScore:
    """Save (draft) or submit ACTOR's score of ITEM with its evidence.

    A draft may leave the points empty; a submission needs points in 0..the item's maximum and at least one piece of
    evidence (URL, screenshot or note). Submitting a single-scored item finishes it and sets the leaf's person part;
    a double-scored item finishes when both agree within the campaign margin (the mean is used), or waits for its
    third scorer or an admin to decide.
    """
    score_permission_check(item, actor)
    manual_phase_require_open(campaign=item.campaign, actor=actor, today=today, override_reason=override_reason)
    value = None if points in (None, "") else item_points_check(item, points)
    if submit and value is None:
        raise ValidationError({"points": _("提交评分须填写得分")})
    stored_name = upload_check(screenshot, allowed=IMAGE_TYPES, field="screenshot") if screenshot else None
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        score_permission_check(item, actor)  # the status may have moved while the form was open
        score = ManualScore.objects.filter(work_item=item, evaluator=actor, kind=ScoreKind.EVALUATION).first()
        before = score.snapshot() if score else None
        if score is None:
            score = ManualScore(work_item=item, evaluator=actor, kind=ScoreKind.EVALUATION)
        score.points = value
        score.evidence_url = evidence_url.strip()
        score.note = note.strip()
        if submit and not (score.evidence_url or score.note or screenshot is not None or score.screenshot):
            raise ValidationError({"evidence_url": _("提交评分须附至少一项证据：网址、截图或说明")})
        if screenshot is not None:
            score.screenshot.save(stored_name, screenshot, save=False)
        score.submitted_at = clock.now() if submit else None
        score.save()
        audit_record(actor=actor, action="collection.score_submit" if submit else "collection.score_draft",
                     obj=score, before=before, after=score.snapshot(), reason=override_reason)
        item_before = item.snapshot()
        if submit:
            _settle(item, actor)
        elif item.status == WorkItemStatus.TODO:
            item.status = WorkItemStatus.IN_PROGRESS
            item.save()
        _audit_item(item, item_before, actor)
    return score


def reconcile_permission_check(item: WorkItem, actor: Any) -> None:
    """An admin, or the item's third scorer, may decide a double-scored item whose scores differ."""
    role = role_of(actor)
    if role == Role.ADMIN:
        allowed = item.status in (WorkItemStatus.NEEDS_RECONCILE, WorkItemStatus.DONE)
    elif role == Role.EVALUATOR and item.reconciler_id == actor.pk:
        allowed = item.status == WorkItemStatus.NEEDS_RECONCILE
    else:
        raise PermissionDenied(_("只有管理员或指定的复核人可以复核"))
    if not item.is_double:
        raise WorkflowError(_("只有双人评分的指标需要复核"))
    if not allowed:
        raise WorkflowError(_("该任务当前状态为「%(status)s」，不能复核") % {"status": item.get_status_display()})


def work_item_reconcile(
    *,
    item: WorkItem,
    actor: Any,
    points: Any,
    reason: str,
    evidence_url: str = "",
    note: str = "",
    today: date | None = None,
    override_reason: str = "",
) -> ManualScore:
    """Decide the points of a double-scored item whose two scores differ too much, with a reason (audited).

    The two scores stay on record and are the decision's evidence with it. An admin may also correct an item already
    done this way.
    """
    reconcile_permission_check(item, actor)
    manual_phase_require_open(campaign=item.campaign, actor=actor, today=today, override_reason=override_reason)
    value = item_points_check(item, points)
    if not reason.strip():
        raise ValidationError({"reason": _("复核须说明理由")})
    with transaction.atomic():
        item = WorkItem.objects.select_for_update().get(pk=item.pk)
        reconcile_permission_check(item, actor)
        item_before = item.snapshot()
        score = ManualScore.objects.create(
            work_item=item, evaluator=actor, kind=ScoreKind.RECONCILIATION, points=value,
            evidence_url=evidence_url.strip(), note=note.strip(), reason=reason.strip(), submitted_at=clock.now(),
        )
        audit_record(actor=actor, action="collection.reconcile", obj=score, before=None, after=score.snapshot(),
                     reason=reason)
        _finalize(item, score, actor, reason=reason.strip())
        _audit_item(item, item_before, actor, reason=reason)
    return score
