"""整改: confirmed findings sent to the target (通报) with a deadline, reminders, overdue notices, and the automatic
recheck of a finding's page once its owner reports it fixed, whose result closes or reopens it.

Deadlines are working days after the day of sending (`dgeval.workdays`, the one counter; the day of sending is not
counted), on the platform's clock. Every change of a finding or its deadline is audited; the target's webmasters are
told of each step through `notifications` (in the app and by e-mail). The daily job `rectification_reminders_send`
is idempotent per day, so the schedules' tick may call it as often as it likes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dgeval.monitor.model import Finding
from dgeval.web.accounts.roles import TEAM_ROLES, Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common import clock
from dgeval.web.common.batches import chunked
from dgeval.web.common.frameworks import campaign_facts_for
from dgeval.web.monitoring.models import FindingRecord, FindingStatus, RectificationPolicy, RunKind, ScanRun
from dgeval.web.monitoring.services.findings import finding_fingerprint
from dgeval.web.monitoring.services.runs import scan_options, scan_run_create
from dgeval.web.notifications.services import notification_send
from dgeval.workdays import add_working_days, working_days_between


def rectification_policy_for(campaign: Any) -> RectificationPolicy:
    """The campaign's 整改 policy, made on first use from the year's facts, else the settings."""
    policy = RectificationPolicy.objects.filter(campaign=campaign).first()
    if policy is not None:
        return policy
    facts = campaign_facts_for(campaign)
    days = facts.rectification_working_days or int(getattr(settings, "DGEVAL_RECTIFICATION_DAYS", 10))
    remind = facts.rectification_remind_working_days or int(getattr(settings, "DGEVAL_RECTIFICATION_REMIND_DAYS", 2))
    policy, _created = RectificationPolicy.objects.get_or_create(
        campaign=campaign, defaults={"working_days": days, "remind_working_days": min(remind, max(days - 1, 1))})
    return policy


def _webmasters(target: Any) -> list[Any]:
    return list(target.webmasters.filter(role=Role.WEBMASTER, is_active=True))


def _findings_url(target: Any) -> str:
    return f"{reverse('monitoring:rectification')}?target={target.code}"


def _by_target(findings: Iterable[FindingRecord]) -> dict[Any, list[FindingRecord]]:
    grouped: dict[Any, list[FindingRecord]] = defaultdict(list)
    for finding in findings:
        grouped[finding.target].append(finding)
    return grouped


def findings_send(*, campaign: Any, findings: Iterable[FindingRecord], actor: Any,
                  working_days: int | None = None) -> list[FindingRecord]:
    """Send confirmed findings to their targets' webmasters (通报), each with a deadline of WORKING_DAYS working
    days from today (the campaign's policy by default). Findings already sent, or not confirmed, are left as they
    are. Audited per finding (`finding.send`); each target's webmasters get one notification. Returns those sent."""
    require_role(actor, *TEAM_ROLES)
    policy = rectification_policy_for(campaign)
    days = policy.working_days if working_days is None else int(working_days)
    if not 1 <= days <= 120:
        raise ValidationError({"working_days": _("整改期限应为 1 到 120 个工作日（收到 %(days)s）") % {"days": days}})
    now = clock.now()
    deadline = add_working_days(clock.today(), days)
    sent: list[FindingRecord] = []
    with transaction.atomic():
        ids = [f.pk for f in findings]
        for finding in FindingRecord.objects.select_for_update().filter(
                pk__in=ids, campaign=campaign, status=FindingStatus.CONFIRMED, sent_at__isnull=True).order_by("pk"):
            before = finding.snapshot()
            finding.sent_by, finding.sent_at, finding.deadline = actor, now, deadline
            finding.save(update_fields=["sent_by", "sent_at", "deadline"])
            audit_record(actor=actor, action="finding.send", obj=finding, before=before, after=finding.snapshot(),
                         reason=_("通报整改，期限 %(days)s 个工作日") % {"days": days})
            sent.append(finding)
        for target, items in _by_target(sent).items():
            notification_send(
                recipients=_webmasters(target),
                title=_("收到 %(n)s 个监测问题的整改通报，整改期限 %(deadline)s") % {
                    "n": len(items), "deadline": f"{deadline:%Y-%m-%d}"},
                body="\n".join(f"#{f.pk} {f.sentence()}" for f in items) + "\n" + _(
                    "请在期限内整改，并在平台上逐条标记“已整改”、填写整改说明；系统将自动复核。"),
                url=_findings_url(target))
    return sent


def findings_sendable(*, campaign: Any, target: Any | None = None) -> Any:
    """Confirmed findings not sent yet (of TARGET, or of every target)."""
    found = FindingRecord.objects.filter(campaign=campaign, status=FindingStatus.CONFIRMED, sent_at__isnull=True)
    return found.filter(target=target) if target is not None else found


def finding_recheck_queue(*, finding: FindingRecord) -> ScanRun:
    """Queue the automatic recheck of a rectified finding: a run of kind `recheck` over the finding's page with the
    check that found it, by the monitor (no person). It is handed to the runner when the transaction commits."""
    from dgeval.web.monitoring.runner import run_enqueue

    options = {**scan_options(), "max_pages": 1,
               "recheck": {"findings": [finding.pk], "pages": {finding.recheck_page(): [finding.check_name]}}}
    run = scan_run_create(campaign=finding.campaign, kind=RunKind.RECHECK, targets=[finding.target], actor=None,
                          options=options)
    FindingRecord.objects.filter(pk=finding.pk).update(recheck_run=run)
    finding.recheck_run = run
    transaction.on_commit(lambda: run_enqueue(run))
    return run


def recheck_results_store(*, run: ScanRun, target: Any, findings: Iterable[Finding],
                          observed: Mapping[str, int], unreachable: Mapping[str, str]) -> dict[str, int]:
    """Judge the findings a recheck run was for: found again → reopened (确认, the deadline stands); its check
    observed the page and no longer found it → 已关闭; otherwise (the page could not be fetched, the check saw
    nothing) it stays 已整改 until the next full scan decides. Audited; the webmasters are told each outcome."""
    spec = run.options.get("recheck", {})
    found = {finding_fingerprint(f) for f in findings}
    counts = {"closed": 0, "reopened": 0, "undecided": 0}
    for record in FindingRecord.objects.filter(pk__in=spec.get("findings", []), target=target,
                                               status=FindingStatus.RECTIFIED):
        before = record.snapshot()
        page = record.recheck_page()
        if record.fingerprint in found:
            record.status = FindingStatus.CONFIRMED
            record.recheck_note = _("整改复核（监测任务 #%(run)s）仍发现该问题，已重新打开") % {"run": run.pk}
            action, outcome, title = "finding.reopen", "reopened", _("整改复核未通过：问题 #%(id)s 已重新打开")
        elif observed.get(record.check_name, 0) > 0 and page not in unreachable:
            record.status = FindingStatus.CLOSED
            record.recheck_note = _("整改复核（监测任务 #%(run)s）未再发现该问题，已关闭") % {"run": run.pk}
            action, outcome, title = "finding.close", "closed", _("整改复核通过：问题 #%(id)s 已关闭")
        else:
            why = unreachable.get(page) or _("该检查项在此页面上没有可观察的内容")
            record.recheck_note = _("整改复核（监测任务 #%(run)s）未能判断（%(why)s），待下次全站扫描复查") % {
                "run": run.pk, "why": why}
            action, outcome, title = "finding.recheck", "undecided", _("整改复核未能判断：问题 #%(id)s 待全站扫描复查")
        record.save(update_fields=["status", "recheck_note"])
        audit_record(actor=None, action=action, obj=record, before=before, after=record.snapshot(),
                     reason=record.recheck_note)
        counts[outcome] += 1
        notification_send(recipients=_webmasters(target), title=title % {"id": record.pk},
                          body=f"{record.sentence()}\n{record.recheck_note}", url=record.get_absolute_url())
    return counts


def rectification_reminders_send(*, today: dt.date) -> dict[str, int]:
    """The daily job: remind each target of findings whose deadline is within the campaign's reminder period, and
    tell it (and whoever sent them) of findings past their deadline and still not fixed. Once a day per campaign:
    a second call the same day sends nothing. Returns how many findings were reminded and found overdue."""
    from dgeval.web.campaigns.models import Campaign

    counts = {"reminded": 0, "overdue": 0}
    # One query on the days' later calls (the schedules tick every minute): campaigns not done today.
    for campaign in Campaign.objects.exclude(rectification_policy__last_sent_on=today).order_by("year"):
        with transaction.atomic():
            policy = rectification_policy_for(campaign)
            policy = RectificationPolicy.objects.select_for_update().get(pk=policy.pk)
            if policy.last_sent_on == today:
                continue
            open_ = FindingRecord.objects.filter(campaign=campaign, status=FindingStatus.CONFIRMED,
                                                 deadline__isnull=False).select_related("target", "sent_by")
            due_soon = [f for f in open_.filter(reminded_on__isnull=True, deadline__gte=today)
                        if working_days_between(today, f.deadline) <= policy.remind_working_days]
            overdue = list(open_.filter(overdue_on__isnull=True, deadline__lt=today))
            _notify_by_target(due_soon, today, "remind", _("整改期限将至：%(n)s 个问题须在 %(deadline)s 前整改"))
            _notify_by_target(overdue, today, "overdue", _("整改已逾期：%(n)s 个问题已过整改期限 %(deadline)s"),
                              tell_senders=True)
            _stamp(due_soon, reminded_on=today)
            _stamp(overdue, overdue_on=today)
            policy.last_sent_on = today
            policy.save(update_fields=["last_sent_on"])
            counts["reminded"] += len(due_soon)
            counts["overdue"] += len(overdue)
    return counts


def _stamp(findings: list[FindingRecord], **fields: Any) -> None:
    """Set FIELDS on exactly FINDINGS (those notified, not whatever matches the query by the time of the update), a
    chunk at a time: a national campaign's deadline day may pass thousands."""
    for chunk in chunked([finding.pk for finding in findings]):
        FindingRecord.objects.filter(pk__in=chunk).update(**fields)


def _notify_by_target(findings: list[FindingRecord], today: dt.date, kind: str, title: str, *,
                      tell_senders: bool = False) -> None:
    """One notice per target to its webmasters (and, with TELL_SENDERS, to whoever sent the findings)."""
    for target, items in _by_target(findings).items():
        earliest = min(f.deadline for f in items if f.deadline is not None)
        senders = [f.sent_by for f in items if f.sent_by is not None] if tell_senders else []
        notification_send(
            recipients=[*_webmasters(target), *senders],
            title=title % {"n": len(items), "deadline": f"{earliest:%Y-%m-%d}"},
            body=f"{target.name}\n" + "\n".join(f"#{f.pk} {f.sentence()}（{_('期限')} {f.deadline:%Y-%m-%d}）"
                                                for f in items),
            url=_findings_url(target), key=f"rectification:{kind}:{target.pk}:{today.isoformat()}")
