"""Demo 系统监测: the monitor scans the demo portals, and the team reviews what it found.

Confirmed defects; doubts where a loopback demo site cannot be judged fairly (no IPv6, no HTTPS on 127.0.0.1); the
last county's findings stay 待审核 for the visitor to review; one rectification, one open appeal and one appeal the
expert has ruled on (final: the finding can no longer be reviewed unless an admin withdraws the ruling).
"""

from __future__ import annotations

from dgeval.web.common.demo import DemoContext
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.monitoring.services import (
    appeal_create,
    appeal_decide,
    finding_rectify,
    finding_review,
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


def seed(ctx: DemoContext) -> str:
    for county in ctx.counties:
        target_allow_private_set(target=county, allow=True, actor=ctx.user("admin"),
                                 reason="演示站点运行在本机回环地址（127.0.0.1）")
    run = scan_run_create(campaign=ctx.campaign, kind="scan", targets=ctx.counties, actor=ctx.user("admin"),
                          options=scan_options(external="skip", as_of=ctx.today, max_pages=300))
    run = scan_run_execute(run_id=run.pk)
    found = sum(p.findings for p in run.run_targets.all())
    counts = _review(ctx)
    return (f"任务 #{run.pk} {run.get_status_display()}，{found} 个问题；审核：确认 {counts['confirmed']}，"
            f"存疑 {counts['doubtful']}，待审核 {counts['pending']} {run.error}").rstrip()


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
    broken = FindingRecord.objects.filter(campaign=campaign, check_name="broken_link", status="confirmed").first()
    if broken is not None:
        finding_rectify(finding=broken, actor=webmaster[broken.target.code], note="已删除失效链接，请复查")
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
