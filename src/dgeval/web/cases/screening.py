"""初选 (screening) by the evaluation team, and the import of 附件3 forms received by e-mail.

Screening accepts a submitted case into expert review or rejects it with a reason the nominator sees; a duplicate is
merged into the case it repeats (its targets join that case, so the bonus still reaches them). The team may add
evidence received by e-mail and correct a case's targets before deciding. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.cases.form3 import FormError, ParsedForm, form_errors, is_docx, parse_form
from dgeval.web.cases.models import (
    Case,
    CaseStatus,
    Nomination,
    NominationSource,
    NominationStatus,
)
from dgeval.web.cases.uploads import attachments_store
from dgeval.web.common import clock

SCREENERS = (Role.ADMIN, Role.EVALUATOR)


def _case_locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("nomination").get(pk=case.pk)


@transaction.atomic
def case_screen(*, case: Case, actor: Any, accept: bool, reason: str, targets: Sequence[Any] | None = None) -> Case:
    """Accept CASE into expert review, or reject it with REASON (shown to the nominator).

    Accepting needs at least one target (TARGETS replaces them when given) and a URL or evidence.
    """
    require_role(actor, *SCREENERS)
    case = _case_locked(case)
    if case.status != CaseStatus.SUBMITTED:
        raise WorkflowError(_("案例当前状态为“%(status)s”，不能初选") % {"status": case.get_status_display()})
    before = case.snapshot()
    if targets is not None:
        case.targets.set(targets)
    if accept:
        if not case.targets.exists():
            raise ValidationError({"targets": _("初选通过前须指定案例所属的评估对象")})
        if not (case.url or case.attachments.exists()):
            raise ValidationError({"decision": _("案例既无网址也无佐证材料，不能通过初选")})
    elif not reason.strip():
        raise ValidationError({"reason": _("退回须填写原因（推荐单位可见）")})
    case.status = CaseStatus.UNDER_REVIEW if accept else CaseStatus.REJECTED
    case.screening_reason = reason.strip()
    case.screened_by, case.screened_at = actor, clock.now()
    case.save()
    audit_record(actor=actor, action="case.screen", obj=case, before=before, after=case.snapshot(), reason=reason)
    return case


@transaction.atomic
def case_merge(*, duplicate: Case, into: Case, actor: Any, reason: str) -> Case:
    """Merge DUPLICATE (not yet reviewed) into INTO, the case it repeats; INTO gains its targets. Audited on both."""
    require_role(actor, *SCREENERS)
    duplicate, into = _case_locked(duplicate), _case_locked(into)
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("不能与自身合并")})
    if duplicate.nomination.campaign_id != into.nomination.campaign_id:
        raise ValidationError({"into": _("只能合并同一评估活动的案例")})
    if duplicate.status not in (CaseStatus.SUBMITTED, CaseStatus.UNDER_REVIEW) or duplicate.assignments.exists():
        raise WorkflowError(_("只能合并尚未分配专家的案例"))
    if into.status in (CaseStatus.DRAFT, CaseStatus.REJECTED, CaseStatus.MERGED):
        raise WorkflowError(_("不能合并到状态为“%(status)s”的案例") % {"status": into.get_status_display()})
    if not reason.strip():
        raise ValidationError({"reason": _("合并须说明原因")})
    before_dup, before_into = duplicate.snapshot(), into.snapshot()
    into.targets.add(*duplicate.targets.all())
    duplicate.status, duplicate.merged_into = CaseStatus.MERGED, into
    duplicate.screening_reason = _("与《%(name)s》重复，已合并") % {"name": into.name}
    duplicate.screened_by, duplicate.screened_at = actor, clock.now()
    duplicate.save()
    audit_record(actor=actor, action="case.merge", obj=duplicate, before=before_dup, after=duplicate.snapshot(),
                 reason=reason)
    audit_record(actor=actor, action="case.merge_into", obj=into, before=before_into, after=into.snapshot(),
                 reason=reason)
    return into


@transaction.atomic
def case_targets_set(*, case: Case, targets: Sequence[Any], actor: Any, reason: str = "") -> Case:
    """Correct the targets a case belongs to (before its selection is decided; audited)."""
    require_role(actor, *SCREENERS)
    case = _case_locked(case)
    if case.status in (CaseStatus.SELECTED, CaseStatus.NOT_SELECTED, CaseStatus.MERGED):
        raise WorkflowError(_("评选结果已确定的案例不能再修改所属评估对象"))
    if not targets:
        raise ValidationError({"targets": _("请至少选择一个评估对象")})
    before = case.snapshot()
    case.targets.set(targets)
    audit_record(actor=actor, action="case.targets_set", obj=case, before=before, after=case.snapshot(), reason=reason)
    return case


@transaction.atomic
def case_attach(*, case: Case, files: Sequence[UploadedFile], actor: Any) -> list[Any]:
    """Add evidence the team received for a case (e.g. by e-mail with an imported form); audited."""
    require_role(actor, *SCREENERS)
    before = case.snapshot()
    stored = attachments_store(case, files, actor)
    audit_record(actor=actor, action="case.attach", obj=case, before=before, after=case.snapshot())
    return stored


class FormImportError(ValidationError):
    """Every problem of every imported file; nothing was stored."""

    def __init__(self, errors: list[FormError]):
        self.form_errors = errors
        super().__init__([str(e) for e in errors])


@transaction.atomic
def nominations_import(*, campaign: Any, files: Sequence[UploadedFile], actor: Any,
                       targets: Sequence[Any] = ()) -> list[Nomination]:
    """Store filled 附件3 forms (XLSX/DOCX, one form per file) as submitted nominations; all files or none.

    Each form's cases go to 初选 tied to TARGETS (the team may set them at screening). The file itself is kept with
    the nomination as received. Raises FormImportError listing file, row and field of every problem.
    """
    require_role(actor, *SCREENERS)
    if not files:
        raise ValidationError({"files": _("请选择要导入的推荐表文件")})
    parsed: list[tuple[UploadedFile, bytes, ParsedForm]] = []
    errors: list[FormError] = []
    for upload in files:
        data = upload.read()
        try:
            form = parse_form(upload.name or "", data)
        except ValidationError as exc:
            errors.append(FormError(upload.name or "", "", _("文件"), exc.messages[0]))
            continue
        errors.extend(form_errors(form))
        parsed.append((upload, data, form))
    if errors:
        raise FormImportError(errors)
    created = []
    for upload, data, form in parsed:
        values = form.values
        assert form.nominated_on is not None  # form_errors refuses a form without a date
        nomination = Nomination.objects.create(
            campaign=campaign, status=NominationStatus.SUBMITTED, source=NominationSource.IMPORT,
            unit_name=values.get("unit_name") or values.get("nominator", ""), unit_url=values.get("unit_url", ""),
            contact_name=values.get("contact_name", ""), contact_phone=values.get("contact_phone", ""),
            contact_email=values.get("contact_email", ""), contact_address=values.get("contact_address", ""),
            nominated_on=form.nominated_on, imported_by=actor, submitted_at=clock.now(),
        )
        extension = "docx" if is_docx(data) else "xlsx"
        nomination.source_file.save(f"{get_random_string(20).lower()}.{extension}", ContentFile(data), save=True)
        for position, case in enumerate(form.cases, start=1):
            stored = Case.objects.create(nomination=nomination, position=position, category=case.category,
                                         name=case.name, url=case.url, reason=case.reason.strip(),
                                         status=CaseStatus.SUBMITTED)
            stored.targets.set(targets)
        audit_record(actor=actor, action="case.nomination_import", obj=nomination, before=None,
                     after={**nomination.snapshot(), "file": upload.name})
        created.append(nomination)
    return created
