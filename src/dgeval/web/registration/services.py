"""Registration services: submit (public, only while 区县报名 is open), approve, reject.

Submission refuses a second registration of one organisation or website (duplicates.py). Approval creates the
county target with its website channel and the county's webmaster account, whose one-time set-password link goes
out in the approval e-mail; every step is audited and the contact gets an e-mail (EMAIL_BACKEND: console by default).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.targets.divisions import load_divisions
from dgeval.web.accounts.invitations import account_fields, password_link_days, password_set_url, webmaster_provide
from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common import clock
from dgeval.web.registration.duplicates import duplicate_refuse
from dgeval.web.registration.models import APPLICANT_FIELDS, Registration, RegistrationStatus
from dgeval.web.targets.models import Target, TargetKind
from dgeval.web.targets.services import division_parent, target_create


def registration_fields(reg: Registration) -> dict[str, Any]:
    """The audited view of a registration."""
    data: dict[str, Any] = {name: getattr(reg, name) for name in APPLICANT_FIELDS}
    data.update(status=reg.status, parent=reg.parent.code if reg.parent_id else None, target=reg.target_id,
                webmaster=reg.webmaster_id)
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
    """Store a validated 附件2 submission (public); refused once the registration phase is closed, and refused
    (DuplicateRegistration, naming the earlier one) for an organisation or website already registered."""
    phase_require_open(campaign=campaign, kind=PhaseKind.REGISTRATION, on=on)
    duplicate_refuse(campaign=campaign, unit_name=data.get("unit_name", ""), site_url=data.get("site_url", ""))
    reg = Registration(campaign=campaign, stamped_form_type=stamped_form_type, **data)
    reg.stamped_form = stamped_form
    reg.save()
    audit_record(actor=None, action="registration.submit", obj=reg, before=None, after=registration_fields(reg))
    _notify(
        reg,
        _("【%(campaign)s】参评报名已收到") % {"campaign": campaign.name},
        _("%(contact)s：\n\n您好！%(unit)s（网站：%(site)s %(url)s）的参评报名表已收到，报名编号 %(ref)s。"
          "评估组审核后将另行通知；也可凭报名编号和联系邮箱（或手机号码）在平台“报名进度查询”页面查看审核结果。"
          "\n\n%(campaign)s评估组") % {
            "contact": reg.contact_name, "unit": reg.unit_name, "site": reg.site_name, "url": reg.site_url,
            "ref": reg.reference, "campaign": campaign.name},
    )
    return reg


def _county_code(reg: Registration, code: str) -> str:
    code = code.strip() or reg.division_code or f"county-{reg.campaign.year}-{reg.pk}"
    if Target.objects.filter(code=code).exists():
        raise WorkflowError(_("评估对象编码“%(code)s”已存在，请另填编码") % {"code": code})
    return code


@transaction.atomic
def registration_approve(
    *, registration: Registration, actor: Any, code: str = "", reason: str = "", webmaster_username: str = "",
    site_url: str = "",
) -> Target:
    """Approve a pending registration: create the county target (+ website channel) joined to the campaign, and
    create (or link) its webmaster account, mailing the contact a one-time link to set its password (on `site_url`,
    default DGEVAL_SITE_URL)."""
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
        reason=_("区县报名 %(ref)s 审核通过") % {"ref": reg.reference},
    )
    webmaster, created = webmaster_provide(
        target=target, email=reg.contact_email, display_name=f"{reg.unit_name}网站", username=webmaster_username)
    audit_record(actor=actor, action="account.create" if created else "account.link", obj=webmaster,
                 before=None, after=account_fields(webmaster),
                 reason=_("区县报名 %(ref)s 审核通过") % {"ref": reg.reference})
    reg.status = RegistrationStatus.APPROVED
    reg.reviewed_by, reg.reviewed_at, reg.review_reason = actor, clock.now(), reason.strip()
    reg.target, reg.webmaster = target, webmaster
    reg.save()
    audit_record(actor=actor, action="registration.approve", obj=reg, before=before, after=registration_fields(reg), reason=reason)
    _notify(reg, _("【%(campaign)s】参评报名审核通过") % {"campaign": reg.campaign.name},
            _approval_body(reg, webmaster, created, site_url))
    return target


def _approval_body(reg: Registration, webmaster: User, created: bool, site_url: str) -> str:
    """The approval e-mail: the login name and a one-time link to set the password (never a password)."""
    account = (_("贵单位的平台账号已开通，登录账号：%(username)s\n请在 %(days)s 天内打开以下链接设置密码（链接仅能使用一次）："
                 "\n%(link)s\n\n") % {"username": webmaster.username, "days": password_link_days(),
                                     "link": password_set_url(webmaster, site_url)}
               if created else
               _("贵单位的平台账号 %(username)s 已关联本次评估对象，请用原密码登录。\n\n") % {"username": webmaster.username})
    return _("%(contact)s：\n\n%(unit)s的参评报名（报名编号 %(ref)s）已审核通过，网站 %(url)s 将纳入本次评估。\n\n"
             "%(account)s登录后可查看本单位网站的监测问题、整改期限，并可提出申诉。\n\n%(campaign)s评估组") % {
        "contact": reg.contact_name, "unit": reg.unit_name, "ref": reg.reference, "url": reg.site_url,
        "account": account, "campaign": reg.campaign.name}


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
    reg.reviewed_by, reg.reviewed_at, reg.review_reason = actor, clock.now(), reason.strip()
    reg.save()
    audit_record(actor=actor, action="registration.reject", obj=reg, before=before, after=registration_fields(reg), reason=reason)
    _notify(
        reg,
        _("【%(campaign)s】参评报名未通过审核") % {"campaign": reg.campaign.name},
        _("%(contact)s：\n\n%(unit)s的参评报名（报名编号 %(ref)s）已退回，原因：%(reason)s") % {
            "contact": reg.contact_name, "unit": reg.unit_name, "ref": reg.reference, "reason": reason.strip()},
    )
    return reg


@transaction.atomic
def registration_webmaster_reinvite(*, registration: Registration, actor: Any, site_url: str = "") -> User:
    """Mail the approved county's webmaster a fresh one-time set-password link (the first expired or was lost);
    admins only, audited. Setting a password spends every earlier link."""
    require_role(actor, Role.ADMIN)
    reg = Registration.objects.select_related("campaign", "webmaster").get(pk=registration.pk)
    if reg.status != RegistrationStatus.APPROVED or reg.webmaster is None:
        raise WorkflowError(_("只有已通过且已开通账户的报名才能重新发送设置密码的链接"))
    webmaster = reg.webmaster
    audit_record(actor=actor, action="account.invite", obj=webmaster, before=None, after=account_fields(webmaster),
                 reason=_("区县报名 %(ref)s：重新发送设置密码的链接") % {"ref": reg.reference})
    send_mail(
        _("【%(campaign)s】平台账号设置密码链接") % {"campaign": reg.campaign.name},
        _("%(contact)s：\n\n贵单位的平台登录账号：%(username)s\n请在 %(days)s 天内打开以下链接设置密码"
          "（链接仅能使用一次，此前发送的链接在设置密码后失效）：\n%(link)s\n\n%(campaign)s评估组") % {
            "contact": reg.contact_name, "username": webmaster.username, "days": password_link_days(),
            "link": password_set_url(webmaster, site_url), "campaign": reg.campaign.name},
        settings.DEFAULT_FROM_EMAIL, [webmaster.email or reg.contact_email], fail_silently=False)
    return webmaster
