"""Monitoring runs: queue a scan or probe of some targets, then do it target by target in the background.

The scan itself is `dgeval.monitor.runner.scan_site`; this module decides what to scan, keeps the WARC, what each
check observed and the findings (`findings.findings_store`), and turns them into leaf points (`points`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import TEAM_ROLES, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.monitoring.models import RunKind, RunStatus, RunTarget, ScanRun
from dgeval.web.monitoring.services.findings import findings_store
from dgeval.web.monitoring.services.points import finding_points_apply

log = logging.getLogger(__name__)

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
    The caller submits the run to a runner (`monitoring.runner.run_submit`).
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


def scan_run_execute(*, run_id: int) -> ScanRun:
    """Do a queued run, target by target, updating its progress; a failing target never stops the others.

    Runs in the background runner's thread (or inline in tests and the CLI). Each target's scan is a fresh asyncio
    loop (`asyncio.run`), so the runner's thread owns nothing async between targets.
    """
    run = ScanRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        raise WorkflowError(_("监测任务 #%(id)s 状态为%(status)s，不能再次运行") % {
            "id": run.pk, "status": run.get_status_display()})
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    failures = 0
    try:
        for part in run.run_targets.select_related("target").order_by("target__code"):
            try:
                if run.kind == RunKind.PROBE:
                    _probe_target(run, part)
                else:
                    _scan_target(run, part)
            except Exception as exc:  # one unreachable site must not end the run
                log.warning("run %s: %s failed: %s", run.pk, part.target.code, exc)
                failures += 1
                part.status = RunStatus.FAILED
                part.error = f"{type(exc).__name__}: {exc}"
                part.finished_at = timezone.now()
                part.save()
            ScanRun.objects.filter(pk=run.pk).update(progress_done=run.run_targets.exclude(
                status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).count())
        run.refresh_from_db()
        run.status = RunStatus.FAILED if failures and failures == run.progress_total else RunStatus.DONE
        if failures:
            run.error = _("%(n)s 个评估对象监测失败") % {"n": failures}
    except Exception as exc:  # a bug or a lost database: the run must not stay "running" forever
        log.exception("run %s failed", run.pk)
        run.refresh_from_db()
        run.status = RunStatus.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


def _crawl_config(options: dict[str, Any], target: Any, *, max_pages: int | None = None) -> Any:
    from dgeval.monitor.config import CrawlConfig

    return CrawlConfig(
        allow_private=target.allow_private,
        external=options.get("external", "check"),
        max_pages=max_pages or int(options.get("max_pages", 500)),
        max_wall_time=float(getattr(settings, "DGEVAL_SCAN_MAX_SECONDS", 600)),
    )


def _scan_target(run: ScanRun, part: RunTarget) -> None:
    from dgeval.monitor.checks import CHECK_MODULES, all_findings, check_site, skip_reasons
    from dgeval.monitor.runner import scan_site

    if not part.url:
        raise WorkflowError(_("%(target)s 没有门户网站网址") % {"target": part.target.name})
    part.status = RunStatus.RUNNING
    part.save(update_fields=["status"])
    folder = run_dir(run)
    folder.mkdir(parents=True, exist_ok=True)
    warc = folder / f"{part.target.code}.warc.gz"
    as_of = dt.date.fromisoformat(run.options.get("as_of") or today().isoformat())
    # Checks run here, in this thread, not in scan_site: it may fork workers for big sites, and forking a
    # multi-threaded web server process can deadlock.
    config = _crawl_config(run.options, part.target)
    result = asyncio.run(scan_site(part.url, as_of=as_of, config=config, warc=warc, checks=[]))
    reports = check_site(result.site, CHECK_MODULES)
    findings, skipped = all_findings(reports), skip_reasons(reports)
    with transaction.atomic():
        part.warc_path = str(warc)
        part.pages = len(result.site.pages)
        part.findings = sum(1 for f in findings if f.severity != "info")
        part.checks_run = [name for name in CHECK_MODULES if name not in skipped]
        part.skipped = dict(skipped)
        # What each check observed (its finding rule's `observes`): only that earns points.
        part.observed = {name: report.observed for name, report in reports.items() if report.observed > 0}
        part.stats = result.stats_json()
        part.status = RunStatus.DONE
        part.finished_at = timezone.now()
        part.save()
        findings_store(run=run, target=part.target, findings=findings, observed=part.observed)
        finding_points_apply(campaign=run.campaign, target=part.target, actor=None)


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
    part.finished_at = timezone.now()
    part.save()
