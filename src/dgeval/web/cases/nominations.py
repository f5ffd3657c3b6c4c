"""Services of 附件3 nominations: fill in, save as draft, submit and edit until the 案例申报 deadline.

Who: a 推荐单位（个人） account, or a webmaster (their site's 主管单位), for their own nominations. When: while the
campaign's 案例申报 phase is open on the platform's today (2020: until 2020-11-15, Asia/Shanghai, inclusive); after
that a nomination is locked, and so is one whose cases 初选 has started on. Every save is audited with the form as it
was before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.cases.categories import CaseCategory
from dgeval.web.cases.models import (
    CASES_PER_NOMINATION,
    REASON_MAX_CHARS,
    Case,
    CaseStatus,
    Nomination,
    NominationStatus,
)
from dgeval.web.cases.uploads import attachment_check, attachments_store
from dgeval.web.common import clock

#: Roles that may fill in 附件3 on the web.
NOMINATOR_ROLES = (Role.NOMINATOR, Role.WEBMASTER)
#: Case states in which the nominator may still change a nomination.
EDITABLE = (CaseStatus.DRAFT, CaseStatus.SUBMITTED)


@dataclass(frozen=True)
class NominationData:
    """The header of 附件3: the nominating unit and its contact."""

    unit_name: str
    unit_url: str
    contact_name: str
    contact_phone: str
    contact_email: str
    contact_address: str
    nominated_on: date


@dataclass(frozen=True)
class CaseData:
    """One 推荐案例 block of 附件3, plus the targets it belongs to and new evidence files."""

    category: str
    name: str
    url: str
    reason: str
    targets: Sequence[Any] = ()
    attachments: Sequence[UploadedFile] = ()
    remove_attachments: Sequence[int] = ()
    #: Evidence already stored for this position (counted for the “网址 or 佐证材料” rule).
    has_stored_evidence: bool = field(default=False, compare=False)


def reason_problem(reason: str) -> str | None:
    """What is wrong with a 推荐理由 (empty, or how many characters too many), or None.

    Counted in characters (字) after trimming, as the form's “300 字以内” means.
    """
    text = reason.strip()
    if not text:
        return _("请填写推荐理由")
    if len(text) > REASON_MAX_CHARS:
        return _("推荐理由共 %(count)d 字，超过 %(max)d 字上限 %(over)d 字") % {
            "count": len(text), "max": REASON_MAX_CHARS, "over": len(text) - REASON_MAX_CHARS}
    return None


def reason_check(reason: str, *, field: str = "reason") -> str:
    """The stripped reason, or ValidationError on FIELD with `reason_problem`'s message."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError({field: problem})
    return reason.strip()


def case_data_check(data: CaseData, *, position: int, submit: bool) -> None:
    """Field rules of one case block; ValidationError keyed "case<position>-<field>"."""
    prefix = f"case{position}-"
    if data.category not in CaseCategory.values:
        raise ValidationError({prefix + "category": _("请从七类案例类型中选择一项")})
    if not data.name.strip():
        raise ValidationError({prefix + "name": _("请填写案例名称")})
    reason_check(data.reason, field=prefix + "reason")
    for upload in data.attachments:
        attachment_check(upload, name=upload.name or "", size=upload.size, field=prefix + "attachments")
    if submit:
        kept = data.has_stored_evidence
        if not (data.url.strip() or data.attachments or kept):
            raise ValidationError({prefix + "url": _("案例无法通过互联网展现的，可不填案例网址，但须上传佐证材料")})
        if not data.targets:
            raise ValidationError({prefix + "targets": _("请选择案例所属的评估对象（加分计入其得分）")})


def nomination_editable(nomination: Nomination) -> bool:
    """True while none of the nomination's cases has been screened (初选)."""
    return not nomination.cases.exclude(status__in=EDITABLE).exists()


def _require_owner(nomination: Nomination, actor: Any) -> None:
    require_role(actor, *NOMINATOR_ROLES)
    if nomination.nominator_id != actor.pk:
        raise PermissionDenied(_("只能修改本账户的推荐表"))


def nomination_save(
    *,
    campaign: Any,
    actor: Any,
    data: NominationData,
    cases: Sequence[CaseData],
    submit: bool,
    nomination: Nomination | None = None,
    on: date | None = None,
) -> Nomination:
    """Create or update ACTOR's 附件3 with 1–3 cases; SUBMIT also sends it to 初选 (status submitted).

    A draft may leave the case URL, evidence and targets empty; a submission needs, per case, a URL or evidence and
    at least one target. Refused once the 案例申报 phase is over (WorkflowError, the dates in the message) or once
    初选 has started on one of its cases. ValidationError keys name the field ("case2-reason").
    """
    require_role(actor, *NOMINATOR_ROLES)
    if nomination is not None:
        _require_owner(nomination, actor)
    phase_require_open(campaign=campaign, kind=PhaseKind.CASE_NOMINATION, on=on)
    if not 1 <= len(cases) <= CASES_PER_NOMINATION:
        raise ValidationError({"cases": _("每张推荐表填写 1 至 %(max)d 个案例") % {"max": CASES_PER_NOMINATION}})
    if role_of(actor) == Role.WEBMASTER:
        cases = [c if c.targets else _with_targets(c, [actor.target]) for c in cases]
    for position, case in enumerate(cases, start=1):
        case_data_check(case, position=position, submit=submit)

    with transaction.atomic():
        if nomination is not None:
            nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
            if not nomination_editable(nomination):
                raise WorkflowError(_("该推荐表已进入初选，不能再修改"))
            before = nomination.snapshot()
        else:
            nomination = Nomination(campaign=campaign, nominator=actor)
            before = None
        for name in ("unit_name", "unit_url", "contact_name", "contact_phone", "contact_email", "contact_address"):
            setattr(nomination, name, getattr(data, name).strip())
        nomination.nominated_on = data.nominated_on
        if submit:
            nomination.status = NominationStatus.SUBMITTED
            nomination.submitted_at = nomination.submitted_at or clock.now()
        nomination.full_clean(exclude=["nominator", "source_file", "imported_by"])
        nomination.save()
        _cases_store(nomination, cases, actor, submitted=nomination.status == NominationStatus.SUBMITTED)
        action = "case.nomination_submit" if submit else "case.nomination_save"
        audit_record(actor=actor, action=action, obj=nomination, before=before, after=nomination.snapshot())
    return nomination


def _with_targets(case: CaseData, targets: Sequence[Any]) -> CaseData:
    return CaseData(case.category, case.name, case.url, case.reason, targets, case.attachments,
                    case.remove_attachments, case.has_stored_evidence)


def _cases_store(nomination: Nomination, cases: Sequence[CaseData], actor: Any, *, submitted: bool) -> None:
    """Write the case blocks by position; blocks beyond the new count are removed with their files."""
    status = CaseStatus.SUBMITTED if submitted else CaseStatus.DRAFT
    for position, data in enumerate(cases, start=1):
        case = nomination.cases.filter(position=position).first() or Case(nomination=nomination, position=position)
        case.category, case.name, case.url = data.category, data.name.strip(), data.url.strip()
        case.reason = reason_check(data.reason)
        case.status = status
        case.save()
        case.targets.set(data.targets)
        for attachment in case.attachments.filter(pk__in=list(data.remove_attachments)):
            attachment.file.delete(save=False)
            attachment.delete()
        attachments_store(case, data.attachments, actor, field=f"case{position}-attachments")
        if submitted and not (case.url or case.attachments.exists()):
            raise ValidationError({f"case{position}-url": _("案例无法通过互联网展现的，可不填案例网址，但须上传佐证材料")})
    for case in nomination.cases.filter(position__gt=len(cases)):
        for attachment in case.attachments.all():
            attachment.file.delete(save=False)
        case.delete()
