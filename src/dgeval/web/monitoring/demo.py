"""Demo 系统监测: the monitor scans the demo portals, and the team reviews what it found.

Confirmed defects; doubts where a loopback demo site cannot be judged fairly (no IPv6, no HTTPS on 127.0.0.1); the
last county's findings stay 待审核 for the visitor to review; one open appeal and one appeal the expert has ruled on
(final: the finding can no longer be reviewed unless an admin withdraws the ruling).

整改: the confirmed findings are sent to the counties — the first county's on 2020-11-02, so by the demo's today
(2020-11-20) they are overdue and the day's notices have gone out; the others' today. One county masks the ID numbers
on its disclosure page and reports one of them fixed: the automatic recheck closes it. Another reports a broken link
fixed without fixing it: the recheck reopens it. Every step leaves its notifications for the webmasters to see.
"""

from __future__ import annotations

import datetime as dt
import time

from django.test.utils import override_settings

from dgeval.web.common.demo import DemoContext
from dgeval.web.monitoring.models import FINISHED_STATUSES, FindingRecord, FindingStatus, ScanRun
from dgeval.web.monitoring.services import (
    appeal_create,
    appeal_decide,
    finding_rectify,
    finding_review,
    findings_send,
    findings_sendable,
    rectification_reminders_send,
    scan_options,
    scan_run_create,
    scan_run_execute,
)
from dgeval.web.targets.services import target_allow_private_set

CONFIRM_CHECKS = frozenset({
    "id_number_leak", "wrong_word", "broken_link", "stale_column", "blank_column", "orphan_interpretation",
    "overdue_message", "missing_icp", "missing_site_code", "missing_psb_filing", "missing_gov_badge",
})
DOUBT_CHECKS = frozenset({"ipv6", "https", "security_headers"})
#: The day the first county's findings were sent: ten working days later (11-16) is before the demo's today.
EARLY_SEND = dt.date(2020, 11, 2)


def seed(ctx: DemoContext) -> str:
    for county in ctx.counties:
        target_allow_private_set(target=county, allow=True, actor=ctx.user("admin"),
                                 reason="演示站点运行在本机回环地址（127.0.0.1）")
    run = scan_run_create(campaign=ctx.campaign, kind="scan", targets=ctx.counties, actor=ctx.user("admin"),
                          options=scan_options(external="skip", as_of=ctx.today, max_pages=300))
    run = scan_run_execute(run_id=run.pk)
    found = sum(p.findings for p in run.run_targets.all())
    counts = _review(ctx)
    rectified = _rectification(ctx)
    return (f"任务 #{run.pk} {run.get_status_display()}，{found} 个问题；审核：确认 {counts['confirmed']}，"
            f"存疑 {counts['doubtful']}，待审核 {counts['pending']}；{rectified} {run.error}").rstrip()


def _review(ctx: DemoContext) -> dict[str, int]:
    campaign, evaluator = ctx.campaign, ctx.user("evaluator")
    counts = {"confirmed": 0, "doubtful": 0, "pending": 0}
    last = ctx.counties[-1]
    for finding in FindingRecord.objects.filter(campaign=campaign).exclude(target=last).order_by("pk"):
        if finding.check_name in CONFIRM_CHECKS:
            finding_review(finding=finding, status="confirmed", actor=evaluator, reason="人工核实属实")
            counts["confirmed"] += 1
        elif finding.check_name in DOUBT_CHECKS:
            finding_review(finding=finding, status="doubtful", actor=evaluator,
                           reason="演示站点运行在本机回环地址，IPv6/HTTPS 无法据实判断")
            counts["doubtful"] += 1
        else:
            counts["pending"] += 1
    counts["pending"] += FindingRecord.objects.filter(campaign=campaign, target=last).count()
    webmaster = {t.code: ctx.user(f"webmaster_{ctx.site_of(t).spec.key}") for t in ctx.counties}
    word = FindingRecord.objects.filter(campaign=campaign, check_name="wrong_word", status="confirmed").first()
    if word is not None:
        appeal_create(finding=word, actor=webmaster[word.target.code], reason="该处为转载原文，已联系原发布单位更正")
    blank = FindingRecord.objects.filter(campaign=campaign, check_name="blank_column", status="confirmed").first()
    if blank is not None:
        appeal = appeal_create(finding=blank, actor=webmaster[blank.target.code],
                               reason="该栏目为新开设栏目，内容正在整理中")
        appeal_decide(appeal=appeal, actor=ctx.user("expert"), upheld=False,
                      reason="栏目已在首页导航中开放，访问者看到的是空白页面，属于空白栏目")
    return counts


def _webmaster(ctx: DemoContext, target: object) -> object:
    return ctx.user(f"webmaster_{ctx.site_of(target).spec.key}")


def _rectification(ctx: DemoContext) -> str:
    campaign, evaluator = ctx.campaign, ctx.user("evaluator")
    confirmed = FindingRecord.objects.filter(campaign=campaign, status=FindingStatus.CONFIRMED).order_by("pk")
    leak = confirmed.filter(check_name="id_number_leak").first()
    broken = confirmed.filter(check_name="broken_link").first()
    busy = {f.target_id for f in (leak, broken) if f is not None}
    late = next((t for t in ctx.counties if t.pk not in busy and confirmed.filter(target=t).exists()), None)
    early: list[FindingRecord] = []
    if late is not None:
        # Replayed on the platform's clock as it read when these findings were sent.
        with override_settings(DGEVAL_TODAY=EARLY_SEND):
            early = findings_send(campaign=campaign, findings=findings_sendable(campaign=campaign, target=late),
                                  actor=evaluator)
    later = findings_send(campaign=campaign, findings=findings_sendable(campaign=campaign), actor=evaluator)
    outcomes = []
    if leak is not None:
        # The webmaster masks the number on the page (the demo portal serves the fixed page from now on).
        site = ctx.site_of(leak.target)
        path = "/" + leak.recheck_page().split("/", 3)[-1]
        number = leak.value.encode("ascii")
        for digits in (number, number.lower()):
            site.page_replace(path, digits, digits[:6] + b"********" + digits[-4:])
        outcomes.append(_rectify(leak, _webmaster(ctx, leak.target), "已对公示表中的身份证号作遮挡处理"))
    if broken is not None:
        outcomes.append(_rectify(broken, _webmaster(ctx, broken.target), "已删除失效链接，请复查"))
    notices = rectification_reminders_send(today=ctx.today)
    return (f"整改通报 {len(early) + len(later)} 个（逾期 {notices['overdue']} 个），"
            f"整改复核：{'、'.join(outcomes) or '无'}")


def _rectify(finding: FindingRecord, webmaster: object, note: str) -> str:
    """Report FINDING fixed and wait for its automatic recheck (run by the runner, in this process)."""
    finding_rectify(finding=finding, actor=webmaster, note=note)
    finding.refresh_from_db()
    run = ScanRun.objects.get(pk=finding.recheck_run_id)
    deadline = time.monotonic() + 120
    while run.status not in FINISHED_STATUSES and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
    finding.refresh_from_db()
    return f"#{finding.pk} {finding.get_status_display()}"
