"""Where monitoring work runs: the one small API the web, the CLI, schedules and rechecks enqueue through.

- `run_enqueue(run)`: every queued part of a run, one unit of work per target (`run_target_execute`);
- `part_enqueue(part_id)`: one target's part (a recheck, a part taken up again after its worker died);
- `probe_enqueue(campaign_id=, target_id=, due_at=)`: one availability probe slot (`probe_execute`);
- `tick(now)`: what the schedules make due (probes, rescans) and the parts whose worker died, enqueued; and the
  day's rectification reminders and overdue notices, sent once a day (`rectification_reminders_send`);
- `runner_start()`: the embedded runner's start: take up what a stopped process left, then tick every minute.

Three deployments, one code path (docs/scale.md). With `DGEVAL_BROKER_URL` set, units are Celery tasks
(`monitoring.tasks`) done by `dgeval worker` processes, and celery beat (`dgeval beat`) calls `tick`: the web server
only enqueues. Without a broker, the embedded runner does them in threads of this process: scans (one at a time by
default: SQLite takes one writer) apart from probes, so a probe never waits behind a scan; queued work lives in the
database and is taken up again when the process starts. `DGEVAL_SCAN_RUNNER = "inline"` does everything in the caller
(tests, and the CLI, which has nothing else to do while it waits).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Callable

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from dgeval.web.monitoring.models import RunStatus, ScanRun

log = logging.getLogger(__name__)

TICK_SECONDS = 60


def _mode() -> str:
    if getattr(settings, "DGEVAL_BROKER_URL", ""):
        return "celery"
    return "inline" if getattr(settings, "DGEVAL_SCAN_RUNNER", "thread") == "inline" else "thread"


def run_enqueue(run: ScanRun) -> None:
    """Enqueue every queued part of RUN (each is claimed by one worker; enqueuing twice does no harm)."""
    for part_id in run.run_targets.filter(status=RunStatus.QUEUED).order_by("target__code").values_list(
            "pk", flat=True):
        part_enqueue(part_id)


def part_enqueue(part_id: int) -> None:
    from dgeval.web.monitoring.services.runs import run_target_execute, worker_name

    mode = _mode()
    if mode == "celery":
        from dgeval.web.monitoring.tasks import scan_part

        scan_part.apply_async((part_id,), queue="scans")
    elif mode == "inline":
        run_target_execute(part_id=part_id, worker=worker_name())
    else:
        embedded().submit_scan(_execute(part_id))


def probe_enqueue(*, campaign_id: int, target_id: int, due_at: dt.datetime) -> None:
    from dgeval.web.monitoring.services.probes import probe_execute

    mode = _mode()
    if mode == "celery":
        from dgeval.web.monitoring.tasks import probe

        probe.apply_async((campaign_id, target_id, due_at.isoformat()), queue="probes")
    elif mode == "inline":
        probe_execute(campaign_id=campaign_id, target_id=target_id, due_at=due_at)
    else:
        embedded().submit_probe(lambda: probe_execute(campaign_id=campaign_id, target_id=target_id, due_at=due_at))


def tick(now: dt.datetime | None = None) -> dict[str, int]:
    """One beat of the monitoring schedules at NOW: due probes and rescans enqueued, and parts whose worker died
    enqueued again. Returns what it enqueued (for logs and tests)."""
    from dgeval.web.campaigns.models import Campaign
    from dgeval.web.monitoring.services.probes import schedule_due, schedule_for
    from dgeval.web.monitoring.services.runs import runs_recover

    from dgeval.web.common.clock import today
    from dgeval.web.monitoring.services.rectification import rectification_reminders_send

    now = now or timezone.now()
    counts = {"probes": 0, "rescans": 0, "recovered": 0}
    for campaign in Campaign.objects.order_by("year"):
        due = schedule_due(schedule=schedule_for(campaign), now=now)
        for target_id, due_at in due.probes:
            probe_enqueue(campaign_id=campaign.pk, target_id=target_id, due_at=due_at)
        counts["probes"] += len(due.probes)
        if due.rescan is not None:
            run_enqueue(due.rescan)
            counts["rescans"] += 1
    for part in runs_recover():
        part_enqueue(part.pk)
        counts["recovered"] += 1
    # Once a day on the platform's clock, however often the schedules tick (the job is idempotent per day).
    sent = rectification_reminders_send(today=today())
    counts["reminders"] = sent["reminded"] + sent["overdue"]
    return counts


def runner_start() -> None:
    """Start the embedded runner (no-op with a broker or inline): parts a stopped process left queued or running
    are enqueued again, and the schedules tick every minute from now on."""
    if _mode() == "thread":
        embedded().start()


class Embedded:
    """The embedded runner of one process: a scans pool, a probes pool, and a ticker thread."""

    def __init__(self, scan_threads: int) -> None:
        self._scans = ThreadPoolExecutor(max_workers=scan_threads, thread_name_prefix="dgeval-scan")
        self._probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dgeval-probe")
        self._started = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def submit_scan(self, job: Callable[[], Any]) -> Future[None]:
        self.start()
        return self._scans.submit(_with_connections, job)

    def submit_probe(self, job: Callable[[], Any]) -> Future[None]:
        return self._probes.submit(_with_connections, job)

    def start(self) -> None:
        with self._lock:
            if self._started.is_set():
                return
            self._started.set()
        from dgeval.web.monitoring.services.runs import runs_recover

        for part in runs_recover(on_start=True):
            self._scans.submit(_with_connections, _execute(part.pk))
        threading.Thread(target=self._tick_forever, name="dgeval-tick", daemon=True).start()

    def stop(self) -> None:
        """Stop ticking and wait for the work already handed to the pools (a test's database goes away after it)."""
        self._stopping.set()
        self._scans.shutdown(wait=True, cancel_futures=True)
        self._probes.shutdown(wait=True, cancel_futures=True)

    def _tick_forever(self) -> None:
        while not self._stopping.wait(TICK_SECONDS):
            _with_connections(tick)  # logs a bad tick's exception: it must not end the ticking


def _execute(part_id: int) -> Callable[[], Any]:
    from dgeval.web.monitoring.services.runs import run_target_execute, worker_name

    return lambda: run_target_execute(part_id=part_id, worker=worker_name())


def _with_connections(job: Callable[[], Any]) -> None:
    """Run JOB on fresh database connections. A job's exception is logged here: a pool keeps it in a future nobody
    reads (a part it left running is taken up again once its lease runs out)."""
    close_old_connections()
    try:
        job()
    except Exception:
        log.exception("monitoring job failed")
    finally:
        close_old_connections()


@lru_cache(maxsize=1)
def embedded() -> Embedded:
    """This process's embedded runner, made on first use."""
    return Embedded(int(getattr(settings, "DGEVAL_SCAN_THREADS", 1)))
