"""The in-process background runner for monitoring runs: no Redis, no separate worker.

One ThreadPoolExecutor per process runs queued runs one at a time (SQLite takes one writer; a scan is network-bound and
already concurrent inside). `DGEVAL_SCAN_RUNNER = "inline"` runs them in the caller instead — for tests, and for the
CLI, which has nothing else to do while it waits. A run left "running" by a killed process stays visible as such;
`scan_run_execute` refuses to run it twice.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

from dgeval.web.monitoring.models import ScanRun

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dgeval-scan")
        return _executor


def _job(run_id: int) -> None:
    from dgeval.web.monitoring.services import scan_run_execute

    close_old_connections()
    try:
        scan_run_execute(run_id=run_id)
    finally:
        close_old_connections()


def run_submit(run: ScanRun) -> Future[None] | None:
    """Start RUN in the background (or inline, per DGEVAL_SCAN_RUNNER); returns the future of a background job."""
    if getattr(settings, "DGEVAL_SCAN_RUNNER", "thread") == "inline":
        from dgeval.web.monitoring.services import scan_run_execute

        # The caller's connection is the caller's to manage (it may be inside a transaction): no closing here.
        scan_run_execute(run_id=run.pk)
        return None
    return _pool().submit(_job, run.pk)
