"""Campaign services: creating the yearly timetable, enforcing it, and moving deadlines (audited).

Phase dates are the plan's timetable (2020年评估工作方案, 四、工作安排); every change of a date and every
admin override of a closed phase is written to the audit log with its reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import Campaign, Phase, PhaseKind
from dgeval.web.common.clock import today

# The 2020 plan's timetable, both ends inclusive.
PHASES_2020: dict[str, tuple[date, date]] = {
    PhaseKind.CONSULTATION: (date(2020, 9, 15), date(2020, 10, 15)),
    PhaseKind.REGISTRATION: (date(2020, 9, 15), date(2020, 10, 20)),
    PhaseKind.CASE_NOMINATION: (date(2020, 9, 1), date(2020, 11, 15)),
    PhaseKind.MONITORING: (date(2020, 9, 1), date(2020, 11, 30)),
    PhaseKind.MANUAL_COLLECTION: (date(2020, 10, 15), date(2020, 11, 30)),
    PhaseKind.CASE_REVIEW: (date(2020, 11, 15), date(2020, 11, 30)),
    PhaseKind.REPORT: (date(2020, 11, 20), date(2020, 12, 10)),
    PhaseKind.PUBLICATION: (date(2020, 12, 14), date(2020, 12, 31)),
}
NAME_2020 = "2020年数字政府服务能力评估暨第十九届政府网站绩效评估"


@transaction.atomic
def campaign_create(*, year: int, name: str, framework_year: int, phases: dict[str, tuple[date, date]]) -> Campaign:
    """Create a campaign with its phases; refuses a year that already exists or a phase ending before it starts."""
    if Campaign.objects.filter(year=year).exists():
        raise WorkflowError(_("%(year)s年度的评估活动已存在") % {"year": year})
    campaign = Campaign.objects.create(year=year, name=name, framework_year=framework_year)
    for kind, (starts_on, ends_on) in phases.items():
        if ends_on < starts_on:
            raise WorkflowError(_("阶段“%(phase)s”的截止日期 %(ends)s 早于开始日期 %(starts)s") % {
                "phase": PhaseKind(kind).label, "ends": ends_on, "starts": starts_on})
        Phase.objects.create(campaign=campaign, kind=kind, starts_on=starts_on, ends_on=ends_on)
    return campaign


def campaign_create_2020() -> Campaign:
    """The 2020 campaign with the plan's timetable; returns the existing one if it is already there."""
    existing = Campaign.objects.filter(year=2020).first()
    if existing is not None:
        return existing
    return campaign_create(year=2020, name=NAME_2020, framework_year=2020, phases=PHASES_2020)


def phase_require_open(
    *,
    campaign: Campaign,
    kind: str,
    on: date | None = None,
    user: Any = None,
    override_reason: str = "",
) -> None:
    """Raise WorkflowError unless phase `kind` is open on `on` (default: the platform's today).

    An admin may act in a closed phase by giving `override_reason`; the override is audited. Anyone
    else, or an admin without a reason, is refused with a message giving the phase's dates.
    """
    on = on or today()
    phase = campaign.phases.filter(kind=kind).first()
    label = PhaseKind(kind).label
    if phase is None:
        raise WorkflowError(_("评估活动“%(campaign)s”没有“%(phase)s”阶段") % {"campaign": campaign.name, "phase": label})
    if phase.is_open(on):
        return
    reason = override_reason.strip()
    if reason and role_of(user) == Role.ADMIN:
        audit_record(
            actor=user,
            action="phase.override",
            obj=phase,
            before=None,
            after={"on": on.isoformat(), "starts_on": phase.starts_on, "ends_on": phase.ends_on},
            reason=reason,
        )
        return
    message = _("“%(phase)s”阶段尚未开始（%(starts)s 至 %(ends)s）") if on < phase.starts_on else _(
        "“%(phase)s”阶段已截止（%(starts)s 至 %(ends)s）")
    raise WorkflowError(message % {"phase": label, "starts": f"{phase.starts_on:%Y-%m-%d}",
                                   "ends": f"{phase.ends_on:%Y-%m-%d}"})


@transaction.atomic
def phase_dates_set(*, phase: Phase, starts_on: date, ends_on: date, actor: Any, reason: str) -> Phase:
    """Move a phase's dates (e.g. extend a deadline); admin only, a reason is required, audited before/after."""
    require_role(actor, Role.ADMIN)
    if not reason.strip():
        raise WorkflowError(_("修改阶段日期必须填写原因"))
    if ends_on < starts_on:
        raise WorkflowError(_("截止日期 %(ends)s 早于开始日期 %(starts)s") % {"ends": ends_on, "starts": starts_on})
    phase = Phase.objects.select_for_update().get(pk=phase.pk)
    before = {"starts_on": phase.starts_on, "ends_on": phase.ends_on}
    phase.starts_on, phase.ends_on = starts_on, ends_on
    phase.save(update_fields=["starts_on", "ends_on"])
    audit_record(
        actor=actor,
        action="phase.dates_set",
        obj=phase,
        before=before,
        after={"starts_on": starts_on, "ends_on": ends_on},
        reason=reason.strip(),
    )
    return phase
