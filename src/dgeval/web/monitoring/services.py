"""Monitoring services: start and execute runs, store findings, review, rectification, recheck and appeals.

Issue 5 §7. Every status change of a finding is audited (who, when, before, after, why) and then turned into leaf
points through the finding rules (`dgeval.framework.rules`) and `scores.services.leaf_score_set`. The scan itself is
`dgeval.monitor.runner.scan_site`; this module only decides what to scan and what to keep.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import socket
from pathlib import Path
from typing import Any, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dgeval.errors import WorkflowError
from dgeval.framework.rules import load_finding_rules
from dgeval.monitor.model import Finding
from dgeval.scoring import points_from_fraction
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role, role_of
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.monitoring.labels import check_label
from dgeval.web.monitoring.models import (
    Appeal,
    AppealStatus,
    FindingRecord,
    FindingStatus,
    RunKind,
    RunStatus,
    RunTarget,
    ScanRun,
)
from dgeval.web.scores.models import LeafScore, SourceKind
from dgeval.web.scores.services import framework_for, leaf_score_set

log = logging.getLogger(__name__)

#: Findings that cost points: confirmed ones, and rectified ones until a recheck has closed them.
COUNTED_STATUSES = (FindingStatus.CONFIRMED, FindingStatus.RECTIFIED)
#: Review outcomes the team may give, and from which statuses (rectified/closed ones go through the recheck).
REVIEW_OUTCOMES = (FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE, FindingStatus.DOUBTFUL)
REVIEWABLE = (FindingStatus.PENDING, FindingStatus.DOUBTFUL, FindingStatus.CONFIRMED, FindingStatus.FALSE_POSITIVE)
APPEALABLE = (FindingStatus.PENDING, FindingStatus.CONFIRMED, FindingStatus.DOUBTFUL)
#: Who decides appeals: not the evaluators who confirmed the findings in the first place.
APPEAL_DECIDERS = (Role.ADMIN, Role.EXPERT)
EXTERNAL_CHOICES = ("skip", "check")


# -- runs ----------------------------------------------------------------------------------------------------------


def scan_options(*, external: str = "check", as_of: dt.date | None = None, max_pages: int = 500) -> dict[str, Any]:
    """The options a run stores; validated here so the UI, the CLI and the demo agree.

    Whether a target may be fetched at a private address is not a run option: it is the target's own
    `allow_private`, which only an admin sets (`targets.services.target_allow_private_set`).
    """
    if external not in EXTERNAL_CHOICES:
        raise ValidationError({"external": f"external 应为 {' 或 '.join(EXTERNAL_CHOICES)}（收到 {external!r}）"})
    if not 1 <= int(max_pages) <= 10_000:
        raise ValidationError({"max_pages": f"max_pages 应在 1 到 10000 之间（收到 {max_pages!r}）"})
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
        raise ValidationError({"kind": f"未知监测类型 {kind!r}"})
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise ValidationError({"targets": "请至少选择一个评估对象"})
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
        raise WorkflowError(f"监测任务 #{run.pk} 状态为{run.get_status_display()}，不能再次运行")
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
            run.error = f"{failures} 个评估对象监测失败"
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
    from dgeval.monitor.checks import CHECK_MODULES, run_checks
    from dgeval.monitor.runner import scan_site

    if not part.url:
        raise WorkflowError(f"{part.target.name} 没有门户网站网址")
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
    findings, skipped = run_checks(result.site, CHECK_MODULES)
    with transaction.atomic():
        part.warc_path = str(warc)
        part.pages = len(result.site.pages)
        part.findings = sum(1 for f in findings if f.severity != "info")
        part.checks_run = [name for name in CHECK_MODULES if name not in skipped]
        part.skipped = dict(skipped)
        part.stats = result.stats_json()
        part.status = RunStatus.DONE
        part.finished_at = timezone.now()
        part.save()
        findings_store(run=run, target=part.target, findings=findings, checks_run=part.checks_run)
        finding_points_apply(campaign=run.campaign, target=part.target, actor=None)


def _probe_target(run: ScanRun, part: RunTarget) -> None:
    """An availability probe (可用性监测): one GET of the homepage over IPv4 and IPv6; no findings, no points."""
    from dgeval.monitor.probes import probe_target

    if not part.url:
        raise WorkflowError(f"{part.target.name} 没有门户网站网址")
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


# -- findings from a scan ------------------------------------------------------------------------------------------


def finding_fingerprint(finding: Finding) -> str:
    """Same check, URL, page and value = same finding on every run (its review is kept)."""
    key = "\x1f".join([finding.check, finding.url, finding.page or "", finding.value or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def findings_store(*, run: ScanRun, target: Any, findings: Iterable[Finding], checks_run: Iterable[str]) -> None:
    """Store a scan's findings for TARGET, deduplicated by fingerprint, and recheck its rectified findings.

    Observations (severity info: "the ICP number is 浙ICP备…") are not problems and are not stored. New findings wait
    for review (待审核). A finding seen again keeps its status, except that a rectified or closed
    one is reopened (the fix did not hold). Rectified findings of a check that ran and no longer found them are
    closed (已关闭). Both are audited, with the run as the reason.
    """
    now = timezone.now()
    seen: set[int] = set()
    for finding in findings:
        if finding.severity == "info":
            continue  # an observation (e.g. the ICP number found), not a problem to review
        fingerprint = finding_fingerprint(finding)
        record, created = FindingRecord.objects.get_or_create(
            campaign=run.campaign, target=target, fingerprint=fingerprint,
            defaults={
                "run": run, "last_run": run, "check_name": finding.check, "url": finding.url[:2048],
                "page": (finding.page or "")[:2048], "value": finding.value or "", "severity": finding.severity,
                "evidence": _jsonable(dict(finding.evidence)), "leaves": list(finding.leaves), "last_seen_at": now,
            },
        )
        seen.add(record.pk)
        if created:
            continue
        record.last_run = run
        record.last_seen_at = now
        if record.status in (FindingStatus.RECTIFIED, FindingStatus.CLOSED):
            before = record.snapshot()
            record.status = FindingStatus.CONFIRMED
            record.save()
            audit_record(actor=None, action="finding.reopen", obj=record, before=before, after=record.snapshot(),
                         reason=f"复查（监测任务 #{run.pk}）仍发现该问题")
        else:
            record.save(update_fields=["last_run", "last_seen_at"])
    ran = set(checks_run)
    stale = FindingRecord.objects.filter(
        campaign=run.campaign, target=target, status=FindingStatus.RECTIFIED, check_name__in=ran
    ).exclude(pk__in=seen)
    for record in stale:
        before = record.snapshot()
        record.status = FindingStatus.CLOSED
        record.save(update_fields=["status"])
        audit_record(actor=None, action="finding.close", obj=record, before=before, after=record.snapshot(),
                     reason=f"复查（监测任务 #{run.pk}）未再发现该问题")


# -- review, rectification, appeal ---------------------------------------------------------------------------------


def _set_status(*, finding: FindingRecord, status: str, actor: Any, action: str, reason: str, **fields: Any) -> None:
    before = finding.snapshot()
    finding.status = status
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save()
    audit_record(actor=actor, action=action, obj=finding, before=before, after=finding.snapshot(), reason=reason)


def finding_review(*, finding: FindingRecord, status: str, actor: Any, reason: str = "") -> FindingRecord:
    """The team's review: 确认 / 误报 / 存疑 (a reason is required for anything but 确认). Updates the leaf points."""
    require_role(actor, *TEAM_ROLES)
    if status not in REVIEW_OUTCOMES:
        raise ValidationError({"status": f"审核结果应为 确认、误报 或 存疑（收到 {status!r}）"})
    reason = reason.strip()
    if status != FindingStatus.CONFIRMED and not reason:
        raise ValidationError({"reason": "判定为误报或存疑时必须填写理由"})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status not in REVIEWABLE:
            raise WorkflowError(f"问题状态为“{finding.get_status_display()}”，不能审核")
        if finding.appeals.filter(status=AppealStatus.OPEN).exists():
            raise WorkflowError("该问题有待裁决的申诉，请先裁决申诉")
        _set_status(finding=finding, status=status, actor=actor, action="finding.review", reason=reason,
                    reviewed_by=actor, reviewed_at=timezone.now(), review_reason=reason)
        finding_points_apply(campaign=finding.campaign, target=finding.target, actor=actor)
    return finding


def _require_own_webmaster(actor: Any, finding: FindingRecord) -> None:
    if role_of(actor) != Role.WEBMASTER or actor.target_id != finding.target_id:
        raise PermissionDenied("只有该评估对象的网站主管单位可以进行此操作")


def finding_rectify(*, finding: FindingRecord, actor: Any, note: str) -> FindingRecord:
    """The target's webmaster reports a confirmed finding fixed (已整改); the next scan of the target rechecks it."""
    _require_own_webmaster(actor, finding)
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请填写整改说明"})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status != FindingStatus.CONFIRMED:
            raise WorkflowError(f"只有已确认的问题可以标记整改（当前：{finding.get_status_display()}）")
        _set_status(finding=finding, status=FindingStatus.RECTIFIED, actor=actor, action="finding.rectify",
                    reason=note, rectified_by=actor, rectified_at=timezone.now(), rectified_note=note)
    return finding


def target_recheck_request(*, campaign: Any, target: Any, actor: Any, options: dict[str, Any] | None = None) -> ScanRun:
    """Queue a re-scan of one target (复查): by the team, or by the target's webmaster once it has rectified findings."""
    role = role_of(actor)
    if role == Role.WEBMASTER:
        if actor.target_id != target.pk:
            raise PermissionDenied("只能申请复查本单位网站")
        if not FindingRecord.objects.filter(campaign=campaign, target=target, status=FindingStatus.RECTIFIED).exists():
            raise WorkflowError("没有已整改待复查的问题")
        # The webmaster asks; the monitor (no person) runs it with the options of the target's last scan.
        last = RunTarget.objects.filter(run__campaign=campaign, target=target, run__kind=RunKind.SCAN).order_by(
            "-run__created_at", "-run_id").first()
        opts = options or (last.run.options if last else scan_options())
        run = scan_run_create(campaign=campaign, kind=RunKind.SCAN, targets=[target], actor=None, options=opts)
        audit_record(actor=actor, action="finding.recheck_request", obj=run, before=None,
                     after={"target": target.code}, reason="")
        return run
    require_role(actor, *TEAM_ROLES)
    last = RunTarget.objects.filter(run__campaign=campaign, target=target, run__kind=RunKind.SCAN).order_by(
        "-run__created_at", "-run_id").first()
    opts = options or (last.run.options if last else scan_options())
    return scan_run_create(campaign=campaign, kind=RunKind.SCAN, targets=[target], actor=actor, options=opts,
                           override_reason="复查" if role == Role.ADMIN else "")


def appeal_create(*, finding: FindingRecord, actor: Any, reason: str) -> Appeal:
    """The target's webmaster disputes a finding (申诉); one open appeal per finding."""
    _require_own_webmaster(actor, finding)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写申诉理由"})
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.status not in APPEALABLE:
            raise WorkflowError(f"问题状态为“{finding.get_status_display()}”，不能申诉")
        if finding.appeals.filter(status=AppealStatus.OPEN).exists():
            raise WorkflowError("该问题已有待裁决的申诉")
        appeal = Appeal.objects.create(finding=finding, created_by=actor, reason=reason)
        audit_record(actor=actor, action="appeal.create", obj=appeal, before=None, after=appeal.snapshot(),
                     reason=reason)
    return appeal


def appeal_decide(*, appeal: Appeal, actor: Any, upheld: bool, reason: str) -> Appeal:
    """The team decides (管理员 or 专家): upheld → the finding becomes 误报 and stops costing points; rejected → stays."""
    require_role(actor, *APPEAL_DECIDERS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写裁决理由"})
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("finding").get(pk=appeal.pk)
        if appeal.status != AppealStatus.OPEN:
            raise WorkflowError("该申诉已裁决")
        before = appeal.snapshot()
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.decision_reason = reason
        appeal.save()
        audit_record(actor=actor, action="appeal.decide", obj=appeal, before=before, after=appeal.snapshot(),
                     reason=reason)
        if upheld:
            finding = appeal.finding
            _set_status(finding=finding, status=FindingStatus.FALSE_POSITIVE, actor=actor, action="finding.appeal_upheld",
                        reason=reason, reviewed_by=actor, reviewed_at=timezone.now(), review_reason=reason)
            finding_points_apply(campaign=finding.campaign, target=finding.target, actor=actor)
    return appeal


# -- findings → leaf points ----------------------------------------------------------------------------------------


def finding_points_apply(*, campaign: Any, target: Any, actor: Any) -> list[LeafScore]:
    """Turn TARGET's counted findings into leaf points for every framework/column it is evaluated in.

    Only leaves whose checks ran in the target's latest scan get points (a check that did not run must not give full
    marks), and a leaf already scored by hand (人工采集, 依申请公开, import) is left alone: a person's judgement with
    evidence outranks the monitor's. The leaf's source_id names the run and the findings counted, for provenance.
    """
    last = (
        RunTarget.objects.filter(run__campaign=campaign, target=target, run__kind=RunKind.SCAN, status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if last is None:
        return []
    rules = load_finding_rules(campaign.framework_year)
    ran = set(last.checks_run)
    counted = FindingRecord.objects.filter(campaign=campaign, target=target, status__in=COUNTED_STATUSES)
    counts: dict[str, int] = {}
    ids_by_check: dict[str, list[int]] = {}
    for record in counted.order_by("pk"):
        counts[record.check_name] = counts.get(record.check_name, 0) + 1
        ids_by_check.setdefault(record.check_name, []).append(record.pk)
    written: list[LeafScore] = []
    for framework, column in target.evaluations():
        fw = framework_for(campaign=campaign, framework=framework)
        existing = {
            s.code: s for s in LeafScore.objects.filter(campaign=campaign, target=target, framework=framework,
                                                        column=column)
        }
        observed = {check: 1 for check in ran}
        for code, outcome in rules.leaf_outcomes(fw, column, observed, counts).items():
            if outcome.fraction is None:
                continue
            current = existing.get(code)
            if current is not None and current.source_kind != SourceKind.FINDING:
                continue
            ids = [pk for check in outcome.deductions for pk in ids_by_check.get(check, [])]
            source_id = f"run:{last.run_id}" + (f";findings:{','.join(map(str, ids))}" if ids else "")
            detail = "；".join(f"{check_label(check)} −{share:.0%}" for check, share in outcome.deductions.items())
            written.append(leaf_score_set(
                campaign=campaign, target=target, framework=framework, column=column, code=code,
                points=points_from_fraction(fw, column, code, outcome.fraction), source_kind=SourceKind.FINDING,
                source_id=source_id, actor=actor if role_of(actor) in TEAM_ROLES else None,
                reason=f"系统监测规则：{detail or '未发现问题'}",
            ))
    return written
