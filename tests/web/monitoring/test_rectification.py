"""整改: sending confirmed findings with working-day deadlines, notifications, reminders and overdue notices, and the
automatic recheck of a rectified finding's page against a real site on loopback that is fixed (or not) meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dgeval.monitor.model import Finding
from dgeval.web.audit.models import AuditEntry
from dgeval.web.common import batches
from dgeval.web.monitoring import runner, selectors
from dgeval.web.monitoring.models import FindingRecord, FindingStatus, RunKind, RunStatus
from dgeval.web.monitoring.services import (
    finding_rectify,
    finding_review,
    findings_send,
    findings_store,
    rectification_policy_for,
    rectification_reminders_send,
    scan_run_create,
)
from dgeval.web.notifications.models import Notification
from dgeval.workdays import add_working_days

from .editable_site import PAGES, editable_site

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2020, 11, 20)


@pytest.fixture
def site():
    with editable_site() as running:
        yield running


@pytest.fixture
def leaks(campaign_2020, county_target, site, admin_user, evaluator_user, webmaster_user, today_is):
    """Two confirmed ID-number leaks on the webmaster's site, one per notice page, as a scan stored them."""
    from dgeval.web.targets.services import target_allow_private_set

    today_is(FRIDAY)
    webmaster_user.email = "webmaster@xihu.gov.cn"
    webmaster_user.save()
    county_target.website_url = site.url
    county_target.save()
    target_allow_private_set(target=county_target, allow=True, reason="演示站点在本机", actor=admin_user)
    run = scan_run_create(campaign=campaign_2020, kind=RunKind.SCAN, targets=[county_target], actor=evaluator_user)
    found = []
    for key, values in PAGES.items():
        url = f"{site.url}notice-{key}.html"
        found.append(Finding(check="id_number_leak", url=url, page=url, value=values["number"].upper(),
                             severity="high"))
    findings_store(run=run, target=county_target, findings=found, observed={"id_number_leak": 2})
    records = list(FindingRecord.objects.filter(target=county_target).order_by("url"))
    for record in records:
        finding_review(finding=record, status=FindingStatus.CONFIRMED, actor=evaluator_user)
    return records


def test_policy_comes_from_the_campaign_facts(campaign_2020):
    policy = rectification_policy_for(campaign_2020)
    assert (policy.working_days, policy.remind_working_days) == (10, 2)


def test_send_sets_a_working_day_deadline_audits_and_notifies(campaign_2020, leaks, evaluator_user, webmaster_user):
    sent = findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user)
    assert len(sent) == 2
    # Friday 2020-11-20 + 10 working days (weekends skipped, the day of sending not counted) = Friday 12-04.
    assert add_working_days(FRIDAY, 10) == dt.date(2020, 12, 4)
    for record in FindingRecord.objects.filter(pk__in=[f.pk for f in leaks]):
        assert record.deadline == dt.date(2020, 12, 4) and timezone.localdate(record.sent_at) == FRIDAY
        entry = AuditEntry.objects.get(action="finding.send", object_id=str(record.pk))
        assert entry.after["deadline"] == "2020-12-04" and entry.before["deadline"] is None
    notice = Notification.objects.get(recipient=webmaster_user)
    assert "2020-12-04" in notice.title and "整改" in notice.title
    assert not mail.outbox  # the e-mail goes when the transaction commits (next test)
    # Sending again sends nothing: both are out already.
    assert findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user) == []


def test_send_by_email_on_commit(campaign_2020, leaks, evaluator_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user, working_days=3)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["webmaster@xihu.gov.cn"]
    assert "2020-11-25" in mail.outbox[0].subject and "/monitoring/rectification/" in mail.outbox[0].body


def test_only_the_team_sends(campaign_2020, leaks, webmaster_user):
    with pytest.raises(PermissionDenied):
        findings_send(campaign=campaign_2020, findings=leaks, actor=webmaster_user)


def test_rectified_page_fixed_is_closed_and_unfixed_is_reopened(
        campaign_2020, leaks, site, evaluator_user, webmaster_user, django_capture_on_commit_callbacks):
    findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user)
    fixed, unfixed = leaks
    site.fix("a")
    with django_capture_on_commit_callbacks(execute=True):
        finding_rectify(finding=fixed, actor=webmaster_user, note="已删除公示中的身份证号")
        finding_rectify(finding=unfixed, actor=webmaster_user, note="已处理")
    fixed.refresh_from_db()
    unfixed.refresh_from_db()
    assert fixed.status == FindingStatus.CLOSED and "未再发现" in fixed.recheck_note
    assert unfixed.status == FindingStatus.CONFIRMED and "仍发现" in unfixed.recheck_note
    assert unfixed.deadline == dt.date(2020, 12, 4)  # the deadline stands
    run = fixed.recheck_run
    assert run.kind == RunKind.RECHECK and run.status == RunStatus.DONE and run.created_by is None
    assert list(run.options["recheck"]["pages"]) == [fixed.url]
    part = run.run_targets.get()
    assert part.pages == 1 and part.checks_run == ["id_number_leak"]
    assert AuditEntry.objects.filter(action="finding.close", object_id=str(fixed.pk)).exists()
    assert AuditEntry.objects.filter(action="finding.reopen", object_id=str(unfixed.pk)).exists()
    titles = list(Notification.objects.filter(recipient=webmaster_user).values_list("title", flat=True))
    assert any("已关闭" in t for t in titles) and any("重新打开" in t for t in titles)


def test_unreachable_page_decides_nothing(campaign_2020, leaks, site, evaluator_user, webmaster_user,
                                          django_capture_on_commit_callbacks):
    findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user)
    del site.pages["/notice-a.html"]
    with django_capture_on_commit_callbacks(execute=True):
        finding_rectify(finding=leaks[0], actor=webmaster_user, note="页面已下线")
    leaks[0].refresh_from_db()
    assert leaks[0].status == FindingStatus.RECTIFIED and "未能判断" in leaks[0].recheck_note


def test_reminder_before_the_deadline_and_overdue_after_once_a_day(
        campaign_2020, leaks, evaluator_user, webmaster_user, today_is):
    findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user)  # deadline Friday 12-04
    today_is(dt.date(2020, 11, 30))  # Monday: 4 working days left, no reminder yet
    assert rectification_reminders_send(today=dt.date(2020, 11, 30)) == {"reminded": 0, "overdue": 0}
    today_is(dt.date(2020, 12, 2))  # Wednesday: 2 working days left
    assert rectification_reminders_send(today=dt.date(2020, 12, 2)) == {"reminded": 2, "overdue": 0}
    assert rectification_reminders_send(today=dt.date(2020, 12, 2)) == {"reminded": 0, "overdue": 0}
    assert rectification_reminders_send(today=dt.date(2020, 12, 3)) == {"reminded": 0, "overdue": 0}
    today_is(dt.date(2020, 12, 7))
    assert rectification_reminders_send(today=dt.date(2020, 12, 7)) == {"reminded": 0, "overdue": 2}
    assert rectification_reminders_send(today=dt.date(2020, 12, 7)) == {"reminded": 0, "overdue": 0}
    titles = list(Notification.objects.filter(recipient=webmaster_user).values_list("title", flat=True))
    assert sum("将至" in t for t in titles) == 1 and sum("逾期" in t for t in titles) == 1
    # The sender hears of the overdue findings too.
    assert Notification.objects.filter(recipient=evaluator_user, title__contains="逾期").count() == 1


def test_the_days_stamps_reach_every_finding_however_many(campaign_2020, leaks, evaluator_user, today_is,
                                                           monkeypatch):
    """Findings are stamped a chunk at a time (SQLite's bound on parameters): every one of them, not the first chunk."""
    monkeypatch.setattr(batches, "IN_CHUNK", 1)
    findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user)  # deadline Friday 12-04
    today_is(dt.date(2020, 12, 7))
    assert rectification_reminders_send(today=dt.date(2020, 12, 7)) == {"reminded": 0, "overdue": 2}
    assert {f.overdue_on for f in FindingRecord.objects.filter(pk__in=[f.pk for f in leaks])} == {dt.date(2020, 12, 7)}


def test_the_schedules_tick_sends_the_days_reminders(campaign_2020, leaks, evaluator_user, today_is):
    findings_send(campaign=campaign_2020, findings=leaks, actor=evaluator_user, working_days=1)  # due Monday 11-23
    today_is(dt.date(2020, 11, 24))
    assert runner.tick()["reminders"] == 2
    assert runner.tick()["reminders"] == 0


def test_overdue_list_per_campaign_and_the_owners_list(campaign_2020, leaks, evaluator_user, webmaster_user,
                                                       province_target, today_is):
    findings_send(campaign=campaign_2020, findings=leaks[:1], actor=evaluator_user, working_days=1)
    findings_send(campaign=campaign_2020, findings=leaks[1:], actor=evaluator_user, working_days=10)
    today_is(dt.date(2020, 11, 25))
    overdue = selectors.rectification_list(campaign=campaign_2020, user=evaluator_user, overdue=True)
    assert [row.finding.pk for row in overdue] == [leaks[0].pk] and overdue[0].overdue_days == 2
    own = selectors.rectification_list(campaign=campaign_2020, user=webmaster_user)
    assert [row.finding.pk for row in own] == [leaks[0].pk, leaks[1].pk]
    assert own[1].working_days_left == 7
