"""Findings from a scan: stored once per problem (deduplicated across runs), and rectified ones rechecked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from dgeval.monitor.model import Finding
from dgeval.web.audit.services import audit_record
from dgeval.web.common import clock
from dgeval.web.common.frameworks import finding_rules_for
from dgeval.web.monitoring.models import FindingRecord, FindingStatus, ScanRun


def finding_fingerprint(finding: Finding) -> str:
    """Same check, URL, page and value = same finding on every run (its review is kept)."""
    key = "\x1f".join([finding.check, finding.url, finding.page or "", finding.value or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def findings_store(*, run: ScanRun, target: Any, findings: Iterable[Finding], observed: Mapping[str, int]) -> None:
    """Store a scan's findings for TARGET, deduplicated by fingerprint, and recheck its rectified findings.

    Observations (severity info: "the ICP number is 浙ICP备…") are not problems and are not stored. New findings wait
    for review (待审核); the leaves they bear on come from the campaign's finding rules. A finding seen again keeps
    its status, except that a rectified or closed one is reopened (the fix did not hold). A rectified finding is
    closed (已关闭) only when its check observed something in this scan and no longer found it: a check that saw
    nothing proves no fix. Both are audited, with the run as the reason.
    """
    rules = finding_rules_for(run.campaign)
    evaluated = {framework for framework, _column in target.evaluations(run.campaign)}
    now = clock.now()
    seen: set[int] = set()
    for finding in findings:
        if finding.severity == "info":
            continue  # an observation (e.g. the ICP number found), not a problem to review
        leaves = sorted({code for framework in evaluated for code in rules.leaves_of_check(finding.check, framework)})
        record, created = FindingRecord.objects.get_or_create(
            campaign=run.campaign, target=target, fingerprint=finding_fingerprint(finding),
            defaults={
                "run": run, "last_run": run, "check_name": finding.check, "url": finding.url[:2048],
                "page": (finding.page or "")[:2048], "value": finding.value or "", "severity": finding.severity,
                "evidence": _jsonable(dict(finding.evidence)), "leaves": leaves, "last_seen_at": now,
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
                         reason=_("复查（监测任务 #%(run)s）仍发现该问题") % {"run": run.pk})
        else:
            record.save(update_fields=["last_run", "last_seen_at"])
    looked = {check for check, count in observed.items() if count > 0}
    stale = FindingRecord.objects.filter(
        campaign=run.campaign, target=target, status=FindingStatus.RECTIFIED, check_name__in=looked
    ).exclude(pk__in=seen)
    for record in stale:
        before = record.snapshot()
        record.status = FindingStatus.CLOSED
        record.save(update_fields=["status"])
        audit_record(actor=None, action="finding.close", obj=record, before=before, after=record.snapshot(),
                     reason=_("复查（监测任务 #%(run)s）未再发现该问题") % {"run": run.pk})
