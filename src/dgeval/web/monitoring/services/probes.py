"""Availability probes (可用性监测) on a schedule: which are due, doing one, and storing its record.

A campaign's `MonitorSchedule` probes every monitored target `probes_per_day` times a day while its 系统监测 phase is
open. The probes of one target are `86400 / probes_per_day` seconds apart, at an offset of their own within that
interval (from a hash of the target's code: stable across restarts, spread over the day), so a fleet of 900 sites is
never probed all at once. A slot (target, family, due time) is probed once however often it is enqueued: the record
is stored under a unique slot, and a probe finds its slot taken before it starts. Full rescans are runs like any
other, created when the last scheduled one is `rescan_days` old.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.selectors import phase_get
from dgeval.web.monitoring.models import MonitorSchedule, ProbeFamily, ProbeRecord, RunKind, ScanRun
from dgeval.web.monitoring.politeness import host_limiter
from dgeval.web.monitoring.selectors import monitored_targets

DAY_SECONDS = 86_400
FAMILIES = {ProbeFamily.IPV4: socket.AF_INET, ProbeFamily.IPV6: socket.AF_INET6}


@dataclass(frozen=True, slots=True)
class Due:
    """What a schedule tick found due: probe slots (target id, due time) and a rescan run, if one was created."""

    probes: tuple[tuple[int, dt.datetime], ...]
    rescan: ScanRun | None


def schedule_for(campaign: Any) -> MonitorSchedule:
    """The campaign's schedule, created with the defaults (24 probes a day, 15 s, rescans weekly) on first use."""
    schedule, _created = MonitorSchedule.objects.get_or_create(campaign=campaign)
    return schedule


def schedule_update(*, schedule: MonitorSchedule, actor: Any, reason: str = "", **fields: Any) -> MonitorSchedule:
    """Change a schedule (admin page, admin site); audited with the fields before and after."""
    before = schedule.snapshot()
    for name, value in fields.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    audit_record(actor=actor, action="monitor_schedule.update", obj=schedule, before=before,
                 after=schedule.snapshot(), reason=reason)
    return schedule


def probe_interval(schedule: MonitorSchedule) -> float:
    return DAY_SECONDS / max(1, schedule.probes_per_day)


def probe_offset(code: str, interval: float) -> float:
    """A target's stable offset (seconds) within the probe interval."""
    digest = int.from_bytes(hashlib.sha256(code.encode("utf-8")).digest()[:8], "big")
    return (digest % 1_000_000) / 1_000_000 * interval


def latest_slot(code: str, interval: float, now: dt.datetime) -> dt.datetime:
    """The target's last probe slot at or before NOW (slots are offset + k × interval after the Unix epoch)."""
    offset = probe_offset(code, interval)
    seconds = now.timestamp()
    k = (seconds - offset) // interval
    return dt.datetime.fromtimestamp(offset + k * interval, tz=dt.timezone.utc)


def schedule_is_running(schedule: MonitorSchedule, now: dt.datetime) -> bool:
    """Active, and the campaign's 系统监测 phase is open on NOW's local date."""
    phase = phase_get(schedule.campaign, PhaseKind.MONITORING)
    return schedule.active and phase is not None and phase.is_open(timezone.localdate(now))


def _in_phase(schedule: MonitorSchedule, when: dt.datetime) -> bool:
    phase = phase_get(schedule.campaign, PhaseKind.MONITORING)
    return phase is not None and phase.is_open(timezone.localdate(when))


def schedule_due(*, schedule: MonitorSchedule, now: dt.datetime) -> Due:
    """The probe slots that fell due since the last tick (at most one per target: a slot missed while nothing ticked
    is not probed late, it is gone) and, when the last scheduled rescan is old enough, a new rescan run."""
    if not schedule_is_running(schedule, now):
        return Due((), None)
    interval = probe_interval(schedule)
    since = schedule.last_tick_at or now - dt.timedelta(seconds=interval)
    probes = []
    targets = list(monitored_targets(campaign=schedule.campaign))
    for target in targets:
        slot = latest_slot(target.code, interval, now)
        if since < slot <= now and _in_phase(schedule, slot):
            probes.append((target.pk, slot))
    rescan = _rescan_if_due(schedule, targets, now)
    MonitorSchedule.objects.filter(pk=schedule.pk).update(last_tick_at=now)
    schedule.last_tick_at = now
    return Due(tuple(probes), rescan)


def _rescan_if_due(schedule: MonitorSchedule, targets: list[Any], now: dt.datetime) -> ScanRun | None:
    from dgeval.web.monitoring.services.runs import scan_options, scan_run_create

    last = ScanRun.objects.filter(campaign=schedule.campaign, kind=RunKind.SCAN, options__scheduled=True).order_by(
        "-created_at").first()
    if last is not None and now - last.created_at < dt.timedelta(days=schedule.rescan_days):
        return None
    if not targets:
        return None
    options = {**scan_options(external=schedule.external, as_of=timezone.localdate(now),
                              max_pages=schedule.max_pages), "scheduled": True}
    return scan_run_create(campaign=schedule.campaign, kind=RunKind.SCAN, targets=targets, actor=None,
                           options=options)


def probe_execute(*, campaign_id: int, target_id: int, due_at: dt.datetime, family: str = ProbeFamily.IPV4
                  ) -> ProbeRecord | None:
    """Probe one slot: one GET of the target's homepage, one attempt, the schedule's timeout. None when the slot
    was probed already (the probe is not repeated) or the target has no website."""
    from dgeval.monitor.probes import probe_target
    from dgeval.monitor.config import DEFAULT_USER_AGENT
    from dgeval.web.targets.models import Target

    if ProbeRecord.objects.filter(campaign_id=campaign_id, target_id=target_id, family=family, due_at=due_at).exists():
        return None
    target = Target.objects.get(pk=target_id)
    if not target.website_url:
        return None
    schedule = schedule_for(Campaign.objects.get(pk=campaign_id))
    started = timezone.now()
    record = asyncio.run(probe_target(
        target.website_url, FAMILIES[ProbeFamily(family)], timeout=schedule.probe_timeout,
        allow_private=target.allow_private, user_agent=DEFAULT_USER_AGENT, limiter=host_limiter()))
    return probe_record_store(campaign=schedule.campaign, target=target, family=family, due_at=due_at,
                              probed_at=started, ok=bool(record["ok"]), status=record["status"],
                              elapsed_ms=record["latency_ms"], error=record["error"] or "")


def probe_record_store(
    *, campaign: Any, target: Any, family: str, due_at: dt.datetime, probed_at: dt.datetime, ok: bool,
    status: int | None, elapsed_ms: float | None, error: str,
) -> ProbeRecord | None:
    """Store one probe under its slot; None if the slot already has one (a probe delivered twice)."""
    try:
        with transaction.atomic():
            return ProbeRecord.objects.create(
                campaign=campaign, target=target, family=family, due_at=due_at, probed_at=probed_at, ok=ok,
                status=status, elapsed_ms=elapsed_ms, error=error[:300])
    except IntegrityError:
        return None


def probe_records_store(*, records: Iterable[ProbeRecord]) -> int:
    """Store many probes at once (an import of probe history, the demo's window); slots already probed are kept
    as they are. Returns how many were given."""
    batch = list(records)
    for record in batch:
        record.error = record.error[:300]
    ProbeRecord.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
    return len(batch)
