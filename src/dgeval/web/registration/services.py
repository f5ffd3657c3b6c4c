"""Registration services: submit (public, only while 区县报名 is open), approve, reject.

Approval creates the county target with its website channel; every step is audited and the
contact gets an e-mail (EMAIL_BACKEND: console by default).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.targets.divisions import load_divisions
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.registration.models import APPLICANT_FIELDS, Registration, RegistrationStatus
from dgeval.web.targets.models import Target, TargetKind
from dgeval.web.targets.services import division_parent, target_create


def registration_fields(reg: Registration) -> dict[str, Any]:
    """The audited view of a registration."""
    data: dict[str, Any] = {name: getattr(reg, name) for name in APPLICANT_FIELDS}
    data.update(status=reg.status, parent=reg.parent.code if reg.parent_id else None, target=reg.target_id)
    return data


def _notify(reg: Registration, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reg.contact_email], fail_silently=False)


@transaction.atomic
def registration_submit(
    *,
    campaign: Campaign,
    data: dict[str, Any],
    stamped_form: UploadedFile,
    stamped_form_type: str,
    on: date | None = None,
) -> Registration:
    """Store a validated 附件2 submission (public); refused once the registration phase is closed."""
    phase_require_open(campaign=campaign, kind=PhaseKind.REGISTRATION, on=on)
    reg = Registration(campaign=campaign, stamped_form_type=stamped_form_type, **data)
    reg.stamped_form = stamped_form
    reg.save()
    audit_record(actor=None, action="registration.submit", obj=reg, before=None, after=registration_fields(reg))
    _notify(
        reg,
        _("【%(campaign)s】参评报名已收到") % {"campaign": campaign.name},
        _("%(contact)s：\n\n您好！%(unit)s（网站：%(site)s %(url)s）的参评报名表已收到，报名编号 %(pk)s。"
          "评估组审核后将另行通知。\n\n%(campaign)s评估组") % {
            "contact": reg.contact_name, "unit": reg.unit_name, "site": reg.site_name, "url": reg.site_url,
            "pk": reg.pk, "campaign": campaign.name},
    )
    return reg


def _county_code(reg: Registration, code: str) -> str:
    code = code.strip() or reg.division_code or f"county-{reg.campaign.year}-{reg.pk}"
    if Target.objects.filter(code=code).exists():
        raise WorkflowError(_("评估对象编码“%(code)s”已存在，请另填编码") % {"code": code})
    return code


@transaction.atomic
def registration_approve(*, registration: Registration, actor: Any, code: str = "", reason: str = "") -> Target:
    """Approve a pending registration: create the county target (+ website channel) joined to the campaign."""
    require_role(actor, Role.ADMIN)
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status != RegistrationStatus.PENDING:
        raise WorkflowError(_("该报名已审核（%(status)s），不能重复审核") % {"status": reg.get_status_display()})
    before = registration_fields(reg)
    parent = reg.parent
    if reg.division_code in load_divisions().by_code:
        # The county's 地级市 (or province) from the division registry: no one picks a parent by hand. (The form
        # takes registry codes only; a registration stored otherwise keeps the parent it was given.)
        parent = reg.parent = division_parent(division_code=reg.division_code, actor=actor)
    target = target_create(
        code=_county_code(reg, code),
        name=reg.unit_name,
        kind=TargetKind.COUNTY,
        parent=parent,
        division_code=reg.division_code,
        website_url=reg.site_url,
        website_name=reg.site_name,
        campaign_joined=reg.campaign,
        actor=actor,
        reason=_("区县报名 #%(pk)s 审核通过") % {"pk": reg.pk},
    )
    reg.status = RegistrationStatus.APPROVED
    reg.reviewed_by, reg.reviewed_at, reg.review_reason = actor, timezone.now(), reason.strip()
    reg.target = target
    reg.save()
    audit_record(actor=actor, action="registration.approve", obj=reg, before=before, after=registration_fields(reg), reason=reason)
    _notify(
        reg,
        _("【%(campaign)s】参评报名审核通过") % {"campaign": reg.campaign.name},
        _("%(contact)s：\n\n%(unit)s的参评报名已审核通过，网站 %(url)s 将纳入本次评估。") % {
            "contact": reg.contact_name, "unit": reg.unit_name, "url": reg.site_url},
    )
    return target


@transaction.atomic
def registration_reject(*, registration: Registration, actor: Any, reason: str) -> Registration:
    """Reject a pending registration with a reason (sent to the contact); audited."""
    require_role(actor, Role.ADMIN)
    if not reason.strip():
        raise WorkflowError(_("不通过时必须填写原因"))
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status != RegistrationStatus.PENDING:
        raise WorkflowError(_("该报名已审核（%(status)s），不能重复审核") % {"status": reg.get_status_display()})
    before = registration_fields(reg)
    reg.status = RegistrationStatus.REJECTED
    reg.reviewed_by, reg.reviewed_at, reg.review_reason = actor, timezone.now(), reason.strip()
    reg.save()
    audit_record(actor=actor, action="registration.reject", obj=reg, before=before, after=registration_fields(reg), reason=reason)
    _notify(
        reg,
        _("【%(campaign)s】参评报名未通过审核") % {"campaign": reg.campaign.name},
        _("%(contact)s：\n\n%(unit)s的参评报名未通过审核，原因：%(reason)s") % {
            "contact": reg.contact_name, "unit": reg.unit_name, "reason": reason.strip()},
    )
    return reg
