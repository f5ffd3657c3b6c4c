"""Monitoring runs: queue a scan or probe of some targets, then do it target by target in the background.

The scan itself is `dgeval.monitor.runner.scan_site`; this module decides what to scan, keeps the WARC, what each
check observed and the findings (`findings.findings_store`), and turns them into leaf points (`points`). Each target's
part is one unit of work (`run_target_execute`), held by one worker under a lease with a heartbeat and checkpointed as
it goes, so a worker that dies leaves nothing half stored and the next one resumes where it stopped (docs/scale.md).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Coroutine, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common import clock
from dgeval.web.common.clock import today
from dgeval.web.monitoring.models import FINISHED_STATUSES, RunKind, RunStatus, RunTarget, ScanRun
from dgeval.web.monitoring.politeness import host_limiter
from dgeval.web.monitoring.services.findings import findings_store
from dgeval.web.monitoring.services.points import finding_points_apply

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTERNAL_CHOICES = ("skip", "check")


def scan_options(*, external: str = "check", as_of: dt.date | None = None, max_pages: int = 500) -> dict[str, Any]:
    """The options a run stores; validated here so the UI, the CLI and the demo agree.

    Whether a target may be fetched at a private address is not a run option: it is the target's own
    `allow_private`, which only an admin sets (`targets.services.target_allow_private_set`).
    """
    if external not in EXTERNAL_CHOICES:
        raise ValidationError({"external": _("外部链接选项应为 %(choices)s（收到 %(value)s）") % {
            "choices": "、".join(EXTERNAL_CHOICES), "value": external}})
    if not 1 <= int(max_pages) <= 10_000:
        raise ValidationError({"max_pages": _("最多页面数应在 1 到 10000 之间（收到 %(value)s）") % {"value": max_pages}})
    return {
        "external": external,
        "as_of": (as_of or today()).isoformat(),
        "max_pages": int(max_pages),
    }


def scan_run_create(
    *,
    campaign: Any,
    kind: str,
    targets: Iterable[Any],
    actor: Any,
    options: dict[str, Any] | None = None,
    override_reason: str = "",
) -> ScanRun:
    """Queue a run over TARGETS (team only, in the 系统监测 phase unless an admin overrides with a reason).

    Targets without a website are kept in the run and marked failed with the reason, so nothing is silently dropped.
    The caller hands the run to the runner (`monitoring.runner.run_enqueue`).
    """
    if actor is not None:
        require_role(actor, *TEAM_ROLES)
        phase_require_open(campaign=campaign, kind=PhaseKind.MONITORING, user=actor, override_reason=override_reason)
    if kind not in RunKind.values:
        raise ValidationError({"kind": _("未知监测类型 %(kind)s") % {"kind": kind}})
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise ValidationError({"targets": _("请至少选择一个评估对象")})
    options = options or scan_options()
    with transaction.atomic():
        run = ScanRun.objects.create(
            campaign=campaign, kind=kind, created_by=actor, options=options, progress_total=len(targets)
        )
        for target in targets:
            RunTarget.objects.create(run=run, target=target, url=target.website_url or "")
        audit_record(actor=actor, action="scan_run.create", obj=run, before=None,
                     after={"kind": kind, "targets": [t.code for t in targets], "options": options},
                     reason=override_reason)
    return run


def run_dir(run: ScanRun) -> Path:
    """Where a run's WARC files go: <DATA_DIR>/warc/run-<id>/ (kept: they are the findings' evidence)."""
    base = Path(getattr(settings, "DGEVAL_WARC_DIR", "") or Path(settings.DATA_DIR) / "warc")
    return base / f"run-{run.pk}"


#: A part taken up this many times (each time a worker died under it) is failed instead of tried again.
MAX_ATTEMPTS = 3


class LeaseLost(Exception):
    """The part was cancelled, or another worker took it over: this worker stops without storing anything."""


def lease_seconds() -> float:
    """How long a part's heartbeat may be silent before its worker is taken for dead."""
    return 3 * float(getattr(settings, "DGEVAL_HEARTBEAT_SECONDS", 10))


def checkpoint_dir(part: RunTarget) -> Path:
    """Where a part's crawl checkpoint lives: <DATA_DIR>/frontier/run-<id>/<target code>/ (shared by the fleet,
    like the WARC files), removed once the part's findings are stored."""
    return Path(settings.DATA_DIR) / "frontier" / f"run-{part.run_id}" / part.target.code


def scan_run_execute(*, run_id: int) -> ScanRun:
    """Do every part of a queued run here, one after another (the CLI and the demo wait for it; workers take one
    part each through `run_target_execute`)."""
    run = ScanRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        raise WorkflowError(_("监测任务 #%(id)s 状态为%(status)s，不能再次运行") % {
            "id": run.pk, "status": run.get_status_display()})
    for part_id in run.run_targets.order_by("target__code").values_list("pk", flat=True):
        run_target_execute(part_id=part_id, worker=worker_name())
    run.refresh_from_db()
    return run


def worker_name() -> str:
    """host:pid/thread: who holds a lease, as shown to admins."""
    return f"{socket.gethostname()}:{os.getpid()}/{threading.get_ident()}"


def run_target_execute(*, part_id: int, worker: str) -> RunTarget | None:
    """Do one target's part of a run, if it is free: queued, or running under a worker whose heartbeat stopped.

    Claiming is one conditional UPDATE, so two workers handed the same part (a message delivered twice, a recovery
    racing a slow worker) never both run it; the loser returns None. A scan resumes from the part's checkpoint when
    an earlier worker left one. A failing target never stops the others; the run is settled when its last part ends.
    """
    now = timezone.now()  # the lease's real time (see common.clock)
    stale = now - dt.timedelta(seconds=lease_seconds())
    free = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale) | \
        Q(status=RunStatus.RUNNING, heartbeat_at__isnull=True)
    claimed = RunTarget.objects.filter(free, pk=part_id).exclude(run__status__in=FINISHED_STATUSES).update(
        status=RunStatus.RUNNING, worker=worker[:200], heartbeat_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    part = RunTarget.objects.select_related("run", "run__campaign", "target").get(pk=part_id)
    run = part.run
    ScanRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING,
                                                                      started_at=clock.now())
    try:
        if part.attempts > MAX_ATTEMPTS:
            raise WorkflowError(_("工作进程在监测该对象时已中断 %(n)s 次，不再重试") % {"n": MAX_ATTEMPTS})
        with Lease(part_id=part.pk, worker=part.worker) as lease:
            if run.kind == RunKind.PROBE:
                _probe_target(run, part)
            elif run.kind == RunKind.RECHECK:
                _recheck_target(run, part, lease)
            else:
                _scan_target(run, part, lease)
    except LeaseLost:
        log.info("run %s: %s stopped (cancelled or taken over)", run.pk, part.target.code)
        return part
    except Exception as exc:  # one unreachable site must not end the run
        log.warning("run %s: %s failed: %s", run.pk, part.target.code, exc)
        RunTarget.objects.filter(pk=part.pk, worker=part.worker, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=clock.now())
    run_settle(run=run)
    part.refresh_from_db()
    return part


def run_settle(*, run: ScanRun) -> ScanRun:
    """Count the run's finished parts; once none is queued or running, the run is over: done, or failed when every
    part failed (a cancelled run stays cancelled)."""
    parts = RunTarget.objects.filter(run=run)
    done = parts.filter(status__in=FINISHED_STATUSES).count()
    ScanRun.objects.filter(pk=run.pk).update(progress_done=done)
    run.refresh_from_db()
    if done < run.progress_total or run.status in FINISHED_STATUSES:
        return run
    failures = parts.filter(status=RunStatus.FAILED).count()
    status = RunStatus.FAILED if failures and failures == run.progress_total else RunStatus.DONE
    error = _("%(n)s 个评估对象监测失败") % {"n": failures} if failures else ""
    ScanRun.objects.filter(pk=run.pk, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=status, error=error, finished_at=clock.now())
    run.refresh_from_db()
    return run


def scan_run_cancel(*, run: ScanRun, actor: Any, reason: str) -> ScanRun:
    """An admin stops a run: its queued parts will not start, its running ones stop at their next heartbeat and
    store nothing. Audited, with the reason."""
    require_role(actor, Role.ADMIN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请说明取消的理由")})
    if run.status in FINISHED_STATUSES:
        raise WorkflowError(_("监测任务 #%(id)s 已%(status)s，不能取消") % {
            "id": run.pk, "status": run.get_status_display()})
    before = {"status": run.status}
    with transaction.atomic():
        now = clock.now()
        run.run_targets.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
            status=RunStatus.CANCELLED, finished_at=now, error=_("已取消：%(reason)s") % {"reason": reason})
        ScanRun.objects.filter(pk=run.pk).update(status=RunStatus.CANCELLED, finished_at=now,
                                                 error=_("已取消：%(reason)s") % {"reason": reason})
        run.refresh_from_db()
        audit_record(actor=actor, action="scan_run.cancel", obj=run, before=before, after={"status": run.status},
                     reason=reason)
    run_settle(run=run)
    return run


def runs_recover(*, on_start: bool = False) -> list[RunTarget]:
    """Parts to take up again: those running under a worker whose heartbeat stopped (it died; the next worker
    resumes from the checkpoint), and, ON_START of an embedded runner whose queue lived in memory, every queued
    part of an unfinished run. The caller enqueues them; a part taken up too often is failed by
    `run_target_execute`."""
    stale = timezone.now() - dt.timedelta(seconds=lease_seconds())
    lost = Q(status=RunStatus.RUNNING) & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True))
    if on_start:
        lost |= Q(status=RunStatus.QUEUED)
    return list(RunTarget.objects.filter(lost).exclude(run__status__in=FINISHED_STATUSES)
                .select_related("run", "target").order_by("run_id", "target__code"))


class Lease:
    """Keeps a part's lease alive from a thread while the scan runs: every DGEVAL_HEARTBEAT_SECONDS it stamps the
    heartbeat, and when the part is no longer this worker's (cancelled, taken over) it sets `lost`, which stops the
    scan. With the inline runner (tests, the CLI in the foreground) no thread is started: the caller's database
    transaction may hide the part from another connection."""

    def __init__(self, *, part_id: int, worker: str) -> None:
        self.part_id = part_id
        self.worker = worker
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Lease:
        if getattr(settings, "DGEVAL_SCAN_RUNNER", "thread") != "inline":
            self._thread = threading.Thread(target=self._beat, name=f"dgeval-lease-{self.part_id}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)

    def _beat(self) -> None:
        every = float(getattr(settings, "DGEVAL_HEARTBEAT_SECONDS", 10))
        try:
            while not self._stop.wait(every):
                try:
                    held = RunTarget.objects.filter(pk=self.part_id, worker=self.worker,
                                                    status=RunStatus.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError as exc:  # a busy database: try again next beat
                    log.warning("heartbeat of part %s not written: %s", self.part_id, exc)
                    continue
                if not held:
                    self.lost.set()
                    return
        finally:
            connection.close()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run COROUTINE to its end in a fresh event loop, cancelling it if the lease is lost (raises LeaseLost)."""

        async def watched() -> T:
            task = asyncio.ensure_future(coroutine)
            while True:
                done, _pending = await asyncio.wait({task}, timeout=0.5)
                if done:
                    return task.result()
                if self.lost.is_set():
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                    raise LeaseLost()

        return asyncio.run(watched())


def _crawl_config(options: dict[str, Any], target: Any, *, max_pages: int | None = None) -> Any:
    from dgeval.monitor.config import CrawlConfig

    return CrawlConfig(
        allow_private=target.allow_private,
        external=options.get("external", "check"),
        max_pages=max_pages or int(options.get("max_pages", 500)),
        max_wall_time=float(getattr(settings, "DGEVAL_SCAN_MAX_SECONDS", 600)),
    )


def _scan_target(run: ScanRun, part: RunTarget, lease: Lease) -> None:
    from dgeval.monitor.checkpoint import Checkpoint
    from dgeval.monitor.checks import CHECK_MODULES, all_findings, check_site, skip_reasons
    from dgeval.monitor.runner import scan_site

    if not part.url:
        raise WorkflowError(_("%(target)s 没有门户网站网址") % {"target": part.target.name})
    folder = run_dir(run)
    folder.mkdir(parents=True, exist_ok=True)
    warc = folder / f"{part.target.code}.warc.gz"
    as_of = dt.date.fromisoformat(run.options.get("as_of") or today().isoformat())
    checkpoint = Checkpoint(checkpoint_dir(part), interval=float(getattr(settings, "DGEVAL_CHECKPOINT_SECONDS", 30)))
    resumed = checkpoint.has_state()
    # Checks run here, in this thread, not in scan_site: it may fork workers for big sites, and forking a
    # multi-threaded web server process can deadlock.
    config = _crawl_config(run.options, part.target)
    result = lease.run(scan_site(part.url, as_of=as_of, config=config, warc=warc, checks=[], checkpoint=checkpoint,
                                 limiter=host_limiter()))
    reports = check_site(result.site, CHECK_MODULES)
    findings, skipped = all_findings(reports), skip_reasons(reports)
    with transaction.atomic():
        if not RunTarget.objects.select_for_update().filter(pk=part.pk, worker=part.worker,
                                                            status=RunStatus.RUNNING).exists():
            raise LeaseLost()
        part.warc_path = str(warc)
        part.pages = len(result.site.pages)
        part.findings = sum(1 for f in findings if f.severity != "info")
        part.checks_run = [name for name in CHECK_MODULES if name not in skipped]
        part.skipped = dict(skipped)
        # What each check observed (its finding rule's `observes`): only that earns points.
        part.observed = {name: report.observed for name, report in reports.items() if report.observed > 0}
        part.stats = {**result.stats_json(), "resumed": resumed}
        part.status = RunStatus.DONE
        part.finished_at = clock.now()
        part.save()
        findings_store(run=run, target=part.target, findings=findings, observed=part.observed)
        finding_points_apply(campaign=run.campaign, target=part.target, actor=None)
    checkpoint.clear()


def _probe_target(run: ScanRun, part: RunTarget) -> None:
    """An availability probe (可用性监测): one GET of the homepage over IPv4 and IPv6; no findings, no points."""
    from dgeval.monitor.probes import probe_target

    if not part.url:
        raise WorkflowError(_("%(target)s 没有门户网站网址") % {"target": part.target.name})
    config = _crawl_config(run.options, part.target, max_pages=1)

    async def both() -> list[dict[str, Any]]:
        return [
            await probe_target(part.url, family, timeout=config.total_timeout, allow_private=config.allow_private,
                               user_agent=config.user_agent)
            for family in (socket.AF_INET, socket.AF_INET6)
        ]

    records = asyncio.run(both())
    part.stats = {"probes": records}
    part.status = RunStatus.DONE
    part.error = "" if records[0].get("ok") else str(records[0].get("error") or records[0].get("status"))
    part.finished_at = clock.now()
    part.save()


def _recheck_target(run: ScanRun, part: RunTarget, lease: Lease) -> None:
    """A rectification recheck (整改复核): each page the run names, fetched alone (no crawl, no probes), and only the
    checks that found its findings run on it. The result judges those findings only (`recheck_results_store`);
    a page that cannot be fetched decides nothing."""
    import dataclasses

    from dgeval.errors import FetchError
    from dgeval.monitor.checks import all_findings, check_site
    from dgeval.monitor.runner import scan_site
    from dgeval.web.monitoring.services.rectification import recheck_results_store

    pages: dict[str, list[str]] = run.options.get("recheck", {}).get("pages", {})
    as_of = dt.date.fromisoformat(run.options.get("as_of") or today().isoformat())
    config = dataclasses.replace(_crawl_config(run.options, part.target, max_pages=1), max_depth=0,
                                 use_sitemap=False)
    findings: list[Any] = []
    observed: dict[str, int] = {}
    unreachable: dict[str, str] = {}
    for page, checks in pages.items():
        try:
            result = lease.run(scan_site(page, as_of=as_of, config=config, checks=[], probes=False,
                                         limiter=host_limiter()))
        except FetchError as exc:
            unreachable[page] = _("页面无法访问：%(error)s") % {"error": exc}
            continue
        reports = check_site(result.site, checks)
        findings += all_findings(reports)
        for name, report in reports.items():
            observed[name] = observed.get(name, 0) + report.observed
    with transaction.atomic():
        if not RunTarget.objects.select_for_update().filter(pk=part.pk, worker=part.worker,
                                                            status=RunStatus.RUNNING).exists():
            raise LeaseLost()
        part.pages = len(pages) - len(unreachable)
        part.findings = sum(1 for f in findings if f.severity != "info")
        part.checks_run = sorted({name for checks in pages.values() for name in checks})
        part.observed = {name: count for name, count in observed.items() if count > 0}
        part.stats = {"recheck": recheck_results_store(run=run, target=part.target, findings=findings,
                                                       observed=observed, unreachable=unreachable),
                      "unreachable": unreachable}
        part.status = RunStatus.DONE
        part.finished_at = clock.now()
        part.save()
        finding_points_apply(campaign=run.campaign, target=part.target, actor=None)
