"""The runner: work enqueued from a request is done in the embedded runner's threads, or inline; parts are claimed
under a lease, taken up again when their worker died, and cancelled by admins."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.monitoring.models import RunStatus, RunTarget, ScanRun
from dgeval.web.monitoring.runner import Embedded, embedded, run_enqueue
from dgeval.web.monitoring.services import run_target_execute, runs_recover, scan_run_cancel
from dgeval.web.monitoring.services.runs import MAX_ATTEMPTS, lease_seconds


def wait_done(run: ScanRun, seconds: float = 120) -> ScanRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} still {run.status} after {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_thread_runner_executes_the_run(settings, queued_run):
    settings.DGEVAL_SCAN_RUNNER = "thread"
    settings.DGEVAL_HEARTBEAT_SECONDS = 0.2
    run_enqueue(queued_run)
    try:
        run = wait_done(queued_run)
    finally:
        embedded().stop()
        embedded.cache_clear()
    assert run.status == RunStatus.DONE and run.progress_done == 1
    assert run.findings.exists()
    part = run.run_targets.get()
    assert part.attempts == 1 and part.worker and part.heartbeat_at is not None


@pytest.mark.django_db(transaction=True)
def test_embedded_runner_takes_up_what_a_stopped_process_left(settings, queued_run):
    """A part left 运行中 by a crash (its heartbeat long silent) and queued work are done when a runner starts."""
    settings.DGEVAL_SCAN_RUNNER = "thread"
    part = queued_run.run_targets.get()
    RunTarget.objects.filter(pk=part.pk).update(status=RunStatus.RUNNING, worker="gone:1/1", attempts=1,
                                                heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    ScanRun.objects.filter(pk=queued_run.pk).update(status=RunStatus.RUNNING)
    runner = Embedded(scan_threads=1)
    runner.start()
    try:
        run = wait_done(queued_run)
    finally:
        runner.stop()
    part.refresh_from_db()
    assert run.status == RunStatus.DONE and part.status == RunStatus.DONE and part.attempts == 2
    assert part.worker != "gone:1/1"


def test_a_failing_job_is_logged_and_the_pool_goes_on(caplog):
    """A job's exception would otherwise sit unread in its future: an admin reading the log must see it."""
    runner = Embedded(scan_threads=1)
    done = []
    try:
        runner.submit_probe(lambda: 1 / 0).result(timeout=30)
        runner.submit_probe(lambda: done.append(True)).result(timeout=30)
    finally:
        runner.stop()
    assert done == [True]
    failed = [r for r in caplog.records if r.getMessage() == "monitoring job failed"]
    assert len(failed) == 1 and failed[0].exc_info[0] is ZeroDivisionError


def test_inline_runner_returns_after_the_run(queued_run):
    run_enqueue(queued_run)
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.DONE


def test_a_part_is_claimed_once(queued_run):
    part = queued_run.run_targets.get()
    RunTarget.objects.filter(pk=part.pk).update(status=RunStatus.RUNNING, worker="alive:1/1",
                                                heartbeat_at=timezone.now())
    assert run_target_execute(part_id=part.pk, worker="other:2/2") is None
    part.refresh_from_db()
    assert part.worker == "alive:1/1" and part.attempts == 0


def test_a_part_whose_heartbeat_stopped_is_recovered_and_done(queued_run):
    part = queued_run.run_targets.get()
    silent = timezone.now() - dt.timedelta(seconds=lease_seconds() + 5)
    RunTarget.objects.filter(pk=part.pk).update(status=RunStatus.RUNNING, worker="dead:1/1", heartbeat_at=silent,
                                                attempts=1)
    assert [p.pk for p in runs_recover()] == [part.pk]
    done = run_target_execute(part_id=part.pk, worker="next:2/2")
    assert done is not None and done.status == RunStatus.DONE and done.attempts == 2
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.DONE and runs_recover() == []


def test_a_part_interrupted_too_often_fails_with_the_reason(queued_run):
    part = queued_run.run_targets.get()
    RunTarget.objects.filter(pk=part.pk).update(attempts=MAX_ATTEMPTS)
    done = run_target_execute(part_id=part.pk, worker="w:1/1")
    assert done.status == RunStatus.FAILED and "中断" in done.error
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.FAILED


def test_queued_parts_are_recovered_only_on_start(queued_run):
    assert runs_recover() == []
    assert [p.run_id for p in runs_recover(on_start=True)] == [queued_run.pk]


def test_admin_cancels_a_run_with_a_reason(queued_run, admin_user, evaluator_user):
    with pytest.raises(PermissionDenied):
        scan_run_cancel(run=queued_run, actor=evaluator_user, reason="不需要了")
    run = scan_run_cancel(run=queued_run, actor=admin_user, reason="目标网站改版，稍后重扫")
    assert run.status == RunStatus.CANCELLED
    assert run.run_targets.get().status == RunStatus.CANCELLED
    assert AuditEntry.objects.filter(action="scan_run.cancel", reason="目标网站改版，稍后重扫").exists()
    part = run.run_targets.get()
    assert run_target_execute(part_id=part.pk, worker="w:1/1") is None  # nothing starts after a cancel
    with pytest.raises(WorkflowError):
        scan_run_cancel(run=run, actor=admin_user, reason="再取消一次")


def test_admin_cancels_a_run_from_its_page(queued_run, admin_client, evaluator_client):
    from django.urls import reverse

    url = reverse("monitoring:run_cancel", args=[queued_run.pk])
    assert evaluator_client.post(url, {"reason": "不要了"}).status_code in (302, 403)
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.QUEUED
    page = admin_client.get(reverse("monitoring:run", args=[queued_run.pk])).content.decode()
    assert "取消监测任务" in page
    admin_client.post(url, {"reason": "目标网站停机维护"})
    queued_run.refresh_from_db()
    assert queued_run.status == RunStatus.CANCELLED and "停机维护" in queued_run.error
