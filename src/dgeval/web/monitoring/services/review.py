"""People's decisions on findings: the team's review, the webmaster's rectification and recheck, appeals.

Every status change is audited (who, when, before, after, why) and then turned into leaf points
(`points.finding_points_apply`). An appeal's ruling is final: no later review changes the finding until an admin
reopens the appeal, naming why (`appeal_reopen`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.common import clock
from dgeval.web.monitoring.models import (
    FINAL_RULINGS,
    Appeal,
    AppealStatus,
    FindingRecord,
    FindingStatus,
    RunKind,
    RunTarget,
    ScanRun,
)
from dgeval.web.monitoring.services.points import finding_points_apply
from dgeval.web.monitoring.services.rectification import finding_recheck_queue
from dgeval.web.monitoring.services.runs import scan_options, scan_run_create

#: Review outcomes the team may give, and from which statuses (rectified/closed ones go through the recheck).
REVIEW_OUTCOMES = (FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE, FindingStatus.DOUBTFUL)
REVIEWABLE = (FindingStatus.PENDING, FindingStatus.DOUBTFUL, FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE)
APPEALABLE = (FindingStatus.PENDING, FindingStatus.CONFIRMED, FindingStatus.DOUBTFUL)
#: Who decides appeals: not the evaluators who confirmed the findings in the first place.
APPEAL_DECIDERS = (Role.ADMIN, Role.EXPERT)
#: Who may reopen a final ruling.
APPEAL_REOPENERS = (Role.ADMIN,)


def _set_status(*, finding: FindingRecord, status: str, actor: Any, action: str, reason: str, **fields: Any) -> None:
    before = finding.snapshot()
    finding.status = status
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save()
    audit_record(actor=actor, action=action, obj=finding, before=before, after=finding.snapshot(), reason=reason)


def final_ruling(finding: FindingRecord) -> Appeal | None:
    """The appeal ruling that binds FINDING (upheld or rejected, not reopened), if any."""
    return finding.appeals.filter(status__in=FINAL_RULINGS).select_related("decided_by").order_by("-decided_at").first()


def _refuse_if_ruled(finding: FindingRecord) -> None:
    ruling = final_ruling(finding)
    if ruling is not None:
        raise WorkflowError(_("该问题已经申诉裁决（%(status)s，%(who)s，%(when)s），裁决为终局；如需改动，须由管理员"
                              "先撤回裁决并说明理由") % {
            "status": ruling.get_status_display(), "who": ruling.decided_by or _("已停用账户"),
            "when": f"{ruling.decided_at:%Y-%m-%d %H:%M}" if ruling.decided_at else "—"})


def finding_review(*, finding: FindingRecord, status: str, actor: Any, reason: str = "") -> FindingRecord:
    """The team's review: 确认 / 误报 / 存疑 (a reason is required for anything but 确认). Updates the leaf points.

    Refused while an appeal is open, and after an appeal ruling until an admin reopens it.
    """
    require_role(actor, *TEAM_ROLES)
    if status not in REVIEW_OUTCOMES:
        raise ValidationError({"status": _("审核结果应为 确认、误报 或 存疑（收到 %(status)s）") % {"status": status}})
    reason = reason.strip()
    if status != FindingStatus.CONFIRMED and not reason:
        raise ValidationError({"reason": _("判定为误报或存疑时必须填写理由")})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status not in REVIEWABLE:
            raise WorkflowError(_("问题状态为“%(status)s”，不能审核") % {"status": finding.get_status_display()})
        if finding.appeals.filter(status=AppealStatus.OPEN).exists():
            raise WorkflowError(_("该问题有待裁决的申诉，请先裁决申诉"))
        _refuse_if_ruled(finding)
        _set_status(finding=finding, status=status, actor=actor, action="finding.review", reason=reason,
                    reviewed_by=actor, reviewed_at=clock.now(), review_reason=reason)
        finding_points_apply(campaign=finding.campaign, target=finding.target, actor=actor)
    return finding


def _require_own_webmaster(actor: Any, finding: FindingRecord) -> None:
    if role_of(actor) != Role.WEBMASTER or actor.target_id != finding.target_id:
        raise PermissionDenied(_("只有该评估对象的网站主管单位可以进行此操作"))


def finding_rectify(*, finding: FindingRecord, actor: Any, note: str) -> FindingRecord:
    """The target's webmaster reports a confirmed finding fixed (已整改), with a note. The monitor rechecks the
    finding's page at once (a `recheck` run, enqueued when this commits), whose result closes or reopens it; a
    later full scan of the target rechecks it too."""
    _require_own_webmaster(actor, finding)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("请填写整改说明")})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status != FindingStatus.CONFIRMED:
            raise WorkflowError(_("只有已确认的问题可以标记整改（当前：%(status)s）") % {
                "status": finding.get_status_display()})
        _set_status(finding=finding, status=FindingStatus.RECTIFIED, actor=actor, action="finding.rectify",
                    reason=note, rectified_by=actor, rectified_at=clock.now(), rectified_note=note,
                    recheck_note="")
        finding_recheck_queue(finding=finding)
    return finding


def _last_scan_options(campaign: Any, target: Any) -> dict[str, Any]:
    last = RunTarget.objects.filter(run__campaign=campaign, target=target, run__kind=RunKind.SCAN).order_by(
        "-run__created_at", "-run_id").first()
    return last.run.options if last else scan_options()


def target_recheck_request(*, campaign: Any, target: Any, actor: Any, options: dict[str, Any] | None = None) -> ScanRun:
    """Queue a re-scan of one target (复查): by the team, or by the target's webmaster once it has rectified findings."""
    role = role_of(actor)
    if role == Role.WEBMASTER:
        if actor.target_id != target.pk:
            raise PermissionDenied(_("只能申请复查本单位网站"))
        if not FindingRecord.objects.filter(campaign=campaign, target=target, status=FindingStatus.RECTIFIED).exists():
            raise WorkflowError(_("没有已整改待复查的问题"))
        # The webmaster asks; the monitor (no person) runs it with the options of the target's last scan.
        run = scan_run_create(campaign=campaign, kind=RunKind.SCAN, targets=[target], actor=None,
                              options=options or _last_scan_options(campaign, target))
        audit_record(actor=actor, action="finding.recheck_request", obj=run, before=None,
                     after={"target": target.code}, reason="")
        return run
    require_role(actor, *TEAM_ROLES)
    return scan_run_create(campaign=campaign, kind=RunKind.SCAN, targets=[target], actor=actor,
                           options=options or _last_scan_options(campaign, target),
                           override_reason=_("复查") if role == Role.ADMIN else "")


def appeal_create(*, finding: FindingRecord, actor: Any, reason: str) -> Appeal:
    """The target's webmaster disputes a finding (申诉); one open appeal per finding, none after a final ruling."""
    _require_own_webmaster(actor, finding)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写申诉理由")})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status not in APPEALABLE:
            raise WorkflowError(_("问题状态为“%(status)s”，不能申诉") % {"status": finding.get_status_display()})
        if finding.appeals.filter(status=AppealStatus.OPEN).exists():
            raise WorkflowError(_("该问题已有待裁决的申诉"))
        _refuse_if_ruled(finding)
        appeal = Appeal.objects.create(finding=finding, created_by=actor, reason=reason)
        audit_record(actor=actor, action="appeal.create", obj=appeal, before=None, after=appeal.snapshot(),
                     reason=reason)
    return appeal


def appeal_decide(*, appeal: Appeal, actor: Any, upheld: bool, reason: str) -> Appeal:
    """The ruling (管理员 or 专家): upheld → the finding becomes 误报 and stops costing points; rejected → it stays.

    The ruling is final: reviews of the finding are refused until an admin reopens it.
    """
    require_role(actor, *APPEAL_DECIDERS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写裁决理由")})
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("finding").get(pk=appeal.pk)
        if appeal.status != AppealStatus.OPEN:
            raise WorkflowError(_("该申诉已裁决"))
        before = appeal.snapshot()
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.decided_by = actor
        appeal.decided_at = clock.now()
        appeal.decision_reason = reason
        appeal.save()
        audit_record(actor=actor, action="appeal.decide", obj=appeal, before=before, after=appeal.snapshot(),
                     reason=reason)
        if upheld:
            finding = appeal.finding
            _set_status(finding=finding, status=FindingStatus.FALSE_POSITIVE, actor=actor,
                        action="finding.appeal_upheld", reason=reason, reviewed_by=actor, reviewed_at=clock.now(),
                        review_reason=reason)
            finding_points_apply(campaign=finding.campaign, target=finding.target, actor=actor)
    return appeal


def appeal_reopen(*, appeal: Appeal, actor: Any, reason: str) -> Appeal:
    """Withdraw a final ruling (admin only, with a reason, audited) so the finding can be reviewed or appealed again.

    The finding keeps its status until someone reviews it; the ruling stays on record, marked withdrawn.
    """
    require_role(actor, *APPEAL_REOPENERS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("撤回裁决须说明理由")})
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status not in FINAL_RULINGS:
            raise WorkflowError(_("只有已裁决的申诉可以撤回裁决（当前：%(status)s）") % {
                "status": appeal.get_status_display()})
        before = appeal.snapshot()
        appeal.status = AppealStatus.REOPENED
        appeal.reopened_by = actor
        appeal.reopened_at = clock.now()
        appeal.reopen_reason = reason
        appeal.save()
        audit_record(actor=actor, action="appeal.reopen", obj=appeal, before=before, after=appeal.snapshot(),
                     reason=reason)
    return appeal
