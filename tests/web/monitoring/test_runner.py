"""The in-process background runner: a run submitted from a request finishes in the runner's thread."""

from __future__ import annotations

import pytest

from dgeval.web.monitoring.models import RunStatus
from dgeval.web.monitoring.runner import run_submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_thread_runner_executes_the_run(settings, queued_run):
    settings.DGEVAL_SCAN_RUNNER = "thread"
    future = run_submit(queued_run)
    assert future is not None
    future.result(timeout=120)
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.DONE and queued_run.progress_done == 1
    assert queued_run.findings.exists()


def test_inline_runner_returns_after_the_run(queued_run):
    assert run_submit(queued_run) is None
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.DONE
