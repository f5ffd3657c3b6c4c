"""Celery tasks of monitoring: thin wrappers around the services, one unit of work each (docs/scale.md).

Imported only where Celery is installed (the `scale` extra): by the worker (`dgeval.web.workers`) and by
`monitoring.runner` when a broker is configured. Scans go to the `scans` queue, probes and the schedule's tick to
`probes`, so a fleet can keep workers for probes that no long scan ever holds up.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="dgeval.monitoring.scan_part", acks_late=True, reject_on_worker_lost=True)
def scan_part(part_id: int) -> None:
    """One target's part of a run (claimed under a lease; a second delivery finds it taken or done)."""
    from dgeval.web.monitoring.services.runs import run_target_execute, worker_name

    run_target_execute(part_id=part_id, worker=worker_name())


@shared_task(name="dgeval.monitoring.probe", acks_late=True)
def probe(campaign_id: int, target_id: int, due_at: str) -> None:
    """One availability probe slot (a slot already probed is not probed again)."""
    from dgeval.web.monitoring.services.probes import probe_execute

    probe_execute(campaign_id=campaign_id, target_id=target_id, due_at=dt.datetime.fromisoformat(due_at))


@shared_task(name="dgeval.monitoring.tick")
def tick() -> None:
    """The schedules' beat (celery beat sends it every minute): due probes, rescans, parts to take up again."""
    from dgeval.web.monitoring.runner import tick as schedule_tick

    schedule_tick()
