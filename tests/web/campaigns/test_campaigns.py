"""Campaign timetable: the 2020 dates, phase enforcement, audited overrides and deadline changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import campaign_current, phases_with_state, today
from dgeval.web.campaigns.services import campaign_create_2020, phase_dates_set, phase_require_open

pytestmark = pytest.mark.django_db


def test_2020_campaign_has_the_plans_dates(campaign_2020):
    got = {p.kind: (p.starts_on.isoformat(), p.ends_on.isoformat()) for p in campaign_2020.phases.all()}
    assert got == {
        "consultation": ("2020-09-15", "2020-10-15"),
        "registration": ("2020-09-15", "2020-10-20"),
        "case_nomination": ("2020-09-01", "2020-11-15"),
        "monitoring": ("2020-09-01", "2020-11-30"),
        "manual_collection": ("2020-10-15", "2020-11-30"),
        "case_review": ("2020-11-15", "2020-11-30"),
        "report": ("2020-11-20", "2020-12-10"),
        "publication": ("2020-12-14", "2020-12-31"),
    }
    assert campaign_2020.framework_year == 2020
    assert campaign_create_2020() == campaign_2020  # idempotent


@pytest.mark.parametrize(
    ("day", "is_open"),
    [(date(2020, 9, 14), False), (date(2020, 9, 15), True), (date(2020, 10, 20), True), (date(2020, 10, 21), False)],
)
def test_registration_phase_bounds_are_inclusive(campaign_2020, day, is_open):
    if is_open:
        phase_require_open(campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=day)
    else:
        with pytest.raises(WorkflowError, match="区县报名"):
            phase_require_open(campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=day)


def test_closed_message_says_why(campaign_2020):
    with pytest.raises(WorkflowError, match="已截止（2020-09-15 至 2020-10-20）"):
        phase_require_open(campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=date(2020, 10, 21))
    with pytest.raises(WorkflowError, match="尚未开始"):
        phase_require_open(campaign=campaign_2020, kind=PhaseKind.PUBLICATION, on=date(2020, 10, 21))


def test_admin_override_with_reason_is_audited(campaign_2020, admin_user):
    phase_require_open(
        campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=date(2020, 10, 25), user=admin_user, override_reason="补报"
    )
    entry = AuditEntry.objects.get(action="phase.override")
    assert entry.actor == admin_user and entry.reason == "补报" and entry.after["on"] == "2020-10-25"


@pytest.mark.parametrize("who", ["evaluator_user", "expert_user", "webmaster_user"])
def test_override_refused_for_non_admins(request, campaign_2020, who):
    user = request.getfixturevalue(who)
    with pytest.raises(WorkflowError):
        phase_require_open(
            campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=date(2020, 10, 25), user=user, override_reason="补报"
        )
    assert not AuditEntry.objects.filter(action="phase.override").exists()


def test_admin_override_without_reason_is_refused(campaign_2020, admin_user):
    with pytest.raises(WorkflowError):
        phase_require_open(campaign=campaign_2020, kind=PhaseKind.REGISTRATION, on=date(2020, 10, 25), user=admin_user)


def test_today_follows_dgeval_today(campaign_2020, today_is):
    today_is(date(2020, 10, 18))
    assert today() == date(2020, 10, 18)
    assert campaign_current() == campaign_2020
    open_kinds = {s.phase.kind for s in phases_with_state(campaign_2020) if s.is_open}
    assert open_kinds == {"registration", "case_nomination", "monitoring", "manual_collection"}
    phase_require_open(campaign=campaign_2020, kind=PhaseKind.REGISTRATION)  # uses the as-of date


def test_moving_a_deadline_is_audited(campaign_2020, admin_user):
    phase = campaign_2020.phases.get(kind=PhaseKind.REGISTRATION)
    phase_dates_set(phase=phase, starts_on=date(2020, 9, 15), ends_on=date(2020, 10, 31), actor=admin_user, reason="延期")
    phase.refresh_from_db()
    assert phase.ends_on == date(2020, 10, 31)
    entry = AuditEntry.objects.get(action="phase.dates_set")
    assert entry.before["ends_on"] == "2020-10-20" and entry.after["ends_on"] == "2020-10-31" and entry.reason == "延期"


def test_moving_a_deadline_needs_admin_reason_and_order(campaign_2020, admin_user, evaluator_user):
    from django.core.exceptions import PermissionDenied

    phase = campaign_2020.phases.get(kind=PhaseKind.REGISTRATION)
    with pytest.raises(PermissionDenied):
        phase_dates_set(phase=phase, starts_on=phase.starts_on, ends_on=date(2020, 10, 31), actor=evaluator_user, reason="x")
    with pytest.raises(WorkflowError, match="原因"):
        phase_dates_set(phase=phase, starts_on=phase.starts_on, ends_on=date(2020, 10, 31), actor=admin_user, reason=" ")
    with pytest.raises(WorkflowError, match="早于"):
        phase_dates_set(phase=phase, starts_on=date(2020, 11, 1), ends_on=date(2020, 10, 31), actor=admin_user, reason="x")
    assert not AuditEntry.objects.filter(action="phase.dates_set").exists()


def test_campaign_page_marks_the_open_phases(client, campaign_2020, today_is):
    today_is(date(2020, 12, 20))
    response = client.get(reverse("campaigns:current"), follow=True)
    assert response.status_code == 200
    text = response.text
    assert "结果发布" in text and "进行中" in text and "2020-12-20" in text
    assert text.count("进行中") == 1


def test_phase_edit_view_changes_dates_with_reason(admin_client, campaign_2020):
    phase = campaign_2020.phases.get(kind=PhaseKind.REGISTRATION)
    url = reverse("campaigns:phase_edit", args=[phase.pk])
    response = admin_client.post(url, {"starts_on": "2020-09-15", "ends_on": "2020-10-30"})
    assert response.status_code == 200 and "这个字段是必填项" in response.text  # no reason: refused
    response = admin_client.post(url, {"starts_on": "2020-09-15", "ends_on": "2020-10-30", "reason": "延期"})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.ends_on == date(2020, 10, 30)


def test_admin_phase_change_goes_through_the_audited_service(admin_client, campaign_2020):
    phase = campaign_2020.phases.get(kind=PhaseKind.CONSULTATION)
    url = reverse("admin:campaigns_phase_change", args=[phase.pk])
    response = admin_client.post(url, {"starts_on": "2020-09-15", "ends_on": "2020-10-25", "reason": "征求意见延期"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="phase.dates_set")
    assert entry.reason == "征求意见延期" and entry.after["ends_on"] == "2020-10-25"
