"""Demo 可用性监测: the counties' probe history over 系统监测 so far, their 故障率 and their inspection verdicts.

The schedule probes each county 24 times a day at its own offset; the history from the phase's first day to the day
before the demo's today is synthesized slot by slot (deterministic), as the probes would have recorded it: answers
in a few hundred milliseconds, now and then a timeout or a 503, and one county with an outage and a flaky server
whose 故障率 passes the 5 % veto line (不合格). The records go through the probe services, and the monitor's points
are written again so that 故障率 shows in 日常运维.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.demo import DemoContext
from dgeval.web.monitoring.models import ProbeFamily, ProbeRecord
from dgeval.web.monitoring.selectors import target_verdict
from dgeval.web.monitoring.services import finding_points_apply, probe_records_store, schedule_for
from dgeval.web.monitoring.services.points import monitoring_availability
from dgeval.web.monitoring.services.probes import latest_slot, probe_interval

#: Share of failed probes by county (in registration order); the third one is down too often.
FAILURE_SHARES = (0.006, 0.018, 0.062, 0.002, 0.012)
#: The failing county's outages: two evenings in October and a morning last week when its server was down.
OUTAGE = ((dt.date(2020, 10, 12), 18, 23), (dt.date(2020, 10, 27), 19, 23), (dt.date(2020, 11, 17), 8, 12))


def seed(ctx: DemoContext) -> str:
    schedule = schedule_for(ctx.campaign)
    phase = ctx.campaign.phases.get(kind=PhaseKind.MONITORING)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(phase.starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(ctx.today, dt.time.min, tzinfo=tz)
    interval = probe_interval(schedule)
    total = 0
    for index, county in enumerate(ctx.counties):
        share = FAILURE_SHARES[index % len(FAILURE_SHARES)]
        outage = OUTAGE if index == 2 else ()
        rng = random.Random(f"{county.code}-availability")
        records = []
        slot = latest_slot(county.code, interval, start) + dt.timedelta(seconds=interval)
        while slot < end:
            records.append(_probe(ctx, county, slot, share, outage, rng))
            slot += dt.timedelta(seconds=interval)
        total += probe_records_store(records=records)
        finding_points_apply(campaign=ctx.campaign, target=county, actor=None)
    rates = []
    failing = 0
    for county in ctx.counties:
        window = monitoring_availability(campaign=ctx.campaign, target=county)
        verdict = target_verdict(campaign=ctx.campaign, target=county, end=window.end if window else ctx.today)
        failing += not verdict.passed
        rates.append(f"{county.short_name or county.name} {window.summary.rate:.1%}" if window else county.name)
    return f"可用性探测 {total} 次（每日 {schedule.probes_per_day} 次）；故障率：{'，'.join(rates)}；检查结论不合格 {failing} 个"


def _probe(ctx: DemoContext, county: object, slot: dt.datetime, share: float,
           outage: tuple[tuple[dt.date, int, int], ...], rng: random.Random) -> ProbeRecord:
    local = timezone.localtime(slot)
    down = any(local.date() == day and first <= local.hour <= last for day, first, last in outage)
    failed = down or rng.random() < share
    elapsed = round(rng.lognormvariate(5.6, 0.45), 1)  # about 270 ms, a long tail
    if not failed:
        ok, status, error = True, 200, ""
    elif down or rng.random() < 0.6:
        ok, status, elapsed, error = False, None, None, "timeout"
    else:
        ok, status, error = False, rng.choice((502, 503, 504)), ""
    return ProbeRecord(campaign=ctx.campaign, target=county, family=ProbeFamily.IPV4, due_at=slot,
                       probed_at=slot + dt.timedelta(seconds=rng.uniform(0.2, 8.0)), ok=ok, status=status,
                       elapsed_ms=elapsed, error=error)
