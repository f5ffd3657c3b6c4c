"""Schedules over the campaign window, on a controllable clock: every target probed ≥ 20 times a day at its own
offset, never late by more than the tick, only while 系统监测 is open; 故障率 and the verdict from the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from dgeval.demo.fleet import Fleet, FleetSpec
from dgeval.web.monitoring import runner
from dgeval.web.monitoring.models import ProbeRecord, ScanRun
from dgeval.web.monitoring.selectors import availability, target_verdict
from dgeval.web.monitoring.services import schedule_for, schedule_update
from dgeval.web.monitoring.services.probes import latest_slot, probe_offset

TICK = dt.timedelta(minutes=15)
START = dt.datetime(2020, 10, 1, tzinfo=timezone.get_fixed_timezone(480))
DAYS = 7


@pytest.fixture(scope="module")
def fleet():
    # Site 2 answers 503 to one homepage request in eight: 12.5 % 故障率.
    with Fleet(FleetSpec(sites=3, pages=3, failing={2: 1 / 8})) as running:
        yield running


@pytest.fixture
def watched(campaign_2020, province_target, city_target, county_target, fleet):
    """Three monitored targets on the fleet's loopback sites (the county joined the campaign)."""
    county_target.campaign_joined = campaign_2020
    targets = [province_target, city_target, county_target]
    for target, url in zip(targets, fleet.urls):
        target.website_url = url
        target.allow_private = True  # loopback test sites
        target.save()
    return targets


class Clock:
    """The platform's clock (django.utils.timezone.now) under the test's hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def run_clock(clock: Clock, start: dt.datetime, days: int) -> None:
    """Tick the schedules every TICK for DAYS days; each probe done at once, at the clock's time."""
    clock.now = start
    while clock.now < start + dt.timedelta(days=days):
        runner.tick(clock.now)
        clock.now += TICK


def test_every_target_is_probed_at_least_20_times_a_day_at_its_own_offset(campaign_2020, watched, clock):
    run_clock(clock, START, DAYS)
    probes = ProbeRecord.objects.filter(campaign=campaign_2020)
    for target in watched:
        mine = list(probes.filter(target=target).order_by("due_at"))
        per_day = Counter(timezone.localtime(p.due_at).date() for p in mine)
        days = [START.date() + dt.timedelta(days=n) for n in range(DAYS)]
        assert all(per_day[day] >= 20 for day in days)
        gaps = {(b.due_at - a.due_at).total_seconds() for a, b in zip(mine, mine[1:])}
        assert gaps == {3600.0}  # evenly spread, one an hour
        # Never late by more than a tick (the first tick takes up the slot of the hour before it).
        assert all(dt.timedelta(0) <= p.probed_at - p.due_at < TICK for p in mine if p.due_at > START)
    offsets = {round(probe_offset(t.code, 3600)) for t in watched}
    assert len(offsets) == len(watched)  # not all at once


def test_failure_rate_and_verdict_come_from_the_records(campaign_2020, watched, clock):
    run_clock(clock, START, DAYS)
    end = (START + dt.timedelta(days=DAYS - 1)).date()
    failing, healthy = watched[2], watched[0]
    rate = availability(campaign=campaign_2020, target=failing, end=end, days=DAYS).summary
    assert rate.probes >= DAYS * 24 and rate.rate == pytest.approx(1 / 8, abs=0.01)
    assert availability(campaign=campaign_2020, target=healthy, end=end, days=DAYS).summary.failures == 0
    # (The scheduled rescan also finds the fleet's homepages a month old: 首页不更新 vetoes both.)
    verdict = target_verdict(campaign=campaign_2020, target=failing, end=end)
    assert verdict.label == "不合格" and "availability" in [o.rule for o in verdict.deciding]
    healthy_rules = {o.rule: o for o in target_verdict(campaign=campaign_2020, target=healthy, end=end).outcomes}
    assert healthy_rules["availability"].vetoed is False


def test_nothing_is_probed_outside_the_phase_or_while_paused(campaign_2020, watched, admin_user, clock):
    run_clock(clock, dt.datetime(2020, 12, 5, tzinfo=START.tzinfo), 1)  # 系统监测 ends 11-30
    assert not ProbeRecord.objects.exists()
    schedule_update(schedule=schedule_for(campaign_2020), actor=admin_user, reason="暂停", active=False)
    run_clock(clock, START, 1)
    assert not ProbeRecord.objects.exists()


def test_rescans_come_at_the_configured_interval(campaign_2020, watched, admin_user, clock):
    schedule_update(schedule=schedule_for(campaign_2020), actor=admin_user, rescan_days=3, probes_per_day=20)
    run_clock(clock, START, 7)
    scheduled = ScanRun.objects.filter(campaign=campaign_2020, options__scheduled=True).order_by("created_at")
    assert scheduled.count() == 3  # days 0, 3 and 6
    assert {p.target_id for p in scheduled[0].run_targets.all()} == {t.pk for t in watched}
    assert ProbeRecord.objects.filter(target=watched[0], due_at__gt=START).count() == 20 * 7


def test_a_slot_is_probed_once_however_often_it_is_enqueued(campaign_2020, watched):
    slot = latest_slot(watched[0].code, 3600, START)
    for _ in range(3):
        runner.probe_enqueue(campaign_id=campaign_2020.pk, target_id=watched[0].pk, due_at=slot)
    assert ProbeRecord.objects.filter(target=watched[0], due_at=slot).count() == 1


def test_the_team_and_the_webmaster_see_the_failure_rate_and_verdict(campaign_2020, watched, clock, admin_client,
                                                                        webmaster_client, today_is, admin_user,
                                                                        webmaster_user):
    run_clock(clock, START, DAYS)
    # A week went by on the clock: sessions idle that long are over, so both sign in again.
    admin_client.force_login(admin_user)
    webmaster_client.force_login(webmaster_user)
    today_is((START + dt.timedelta(days=DAYS)).date())  # the seven days are over
    from django.urls import reverse

    from dgeval.web.targets.models import Target, TargetKind

    Target.objects.create(code="330200", name="宁波市人民政府", kind=TargetKind.KEY_CITY,
                          website_url="http://127.0.0.1:9/")  # watched, but nothing probed or scanned yet
    response = admin_client.get(reverse("monitoring:availability"))
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    overview = response.content.decode()
    assert "尚未监测" in overview
    from dgeval.web.monitoring.labels import percent_text
    from dgeval.web.monitoring.services.points import monitoring_availability

    rate = monitoring_availability(campaign=campaign_2020, target=watched[2]).summary.rate
    assert 0.1 < rate < 0.15 and "不合格" in overview and percent_text(rate) in overview
    page = admin_client.get(reverse("monitoring:target_availability", args=[watched[2].code])).content.decode()
    assert "不合格" in page and "站点无法访问" in page and 'id="availability-data"' in page
    assert "reports/echarts/echarts.min.js" in page
    script = admin_client.get("/static/reports/echarts/echarts.min.js")
    assert script.status_code == 200  # served with the platform's static files, from no CDN
    sheet = admin_client.get(reverse("monitoring:availability_export", args=["csv"])).content.decode("utf-8-sig")
    failing_row = next(line for line in sheet.splitlines() if line.startswith(watched[2].code))
    assert "不合格" in failing_row and "站点无法访问" in failing_row
    workbook = admin_client.get(reverse("monitoring:availability_export", args=["xlsx"]))
    assert workbook.content[:2] == b"PK"
    own = webmaster_client.get(reverse("monitoring:target_availability", args=[watched[2].code]))
    other = webmaster_client.get(reverse("monitoring:target_availability", args=[watched[0].code]))
    assert own.status_code == 200 and other.status_code == 403


def test_admins_edit_the_schedule_in_the_admin_audited(campaign_2020, admin_client):
    from django.urls import reverse

    from dgeval.web.audit.models import AuditEntry

    schedule = schedule_for(campaign_2020)
    url = reverse("admin:monitoring_monitorschedule_change", args=[schedule.pk])
    response = admin_client.post(url, {"active": "on", "probes_per_day": "30", "probe_timeout": "15",
                                       "rescan_days": "5", "max_pages": "500", "external": "check",
                                       "audit_reason": "探测加密，复扫提前"})
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.probes_per_day, schedule.rescan_days) == (30, 5)
    entry = AuditEntry.objects.get(action="monitor_schedule.update")
    assert entry.before["probes_per_day"] == 24 and entry.after["probes_per_day"] == 30
    assert entry.reason == "探测加密，复扫提前"
