"""Demo data of 政务新媒体, called by the demo command (`dgeval demo`).

Six owners (two ministries, two provinces, two key cities) with accounts on the three platforms are imported from
the example exports in `examples/<year>/new_media/` (the account list, then each account's posts and messages,
files named after the account's id), as an evaluator would upload them. The files show every check: 广东发布's
three-week gap, 粤省事's slow and missing replies, 杭州's zombie duplicate account, 成都服务 unverified, an
advertising post, a missing category. The evaluator then confirms the findings (the missing category is left to
review), scores a few leaves of one owner by manual collection, and the demo evaluator sheet gives the remaining
leaves points (source "import"), so the rankings per platform are complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dgeval.errors import WorkflowError
from dgeval.scoring import points_from_fraction
from dgeval.web.collection.demo import demo_day
from dgeval.web.collection.services import manual_score_save, work_items_generate
from dgeval.web.demo.context import DemoContext
from dgeval.web.newmedia.models import Account, AccountFinding, FindingStatus, PlatformCheck
from dgeval.web.newmedia.selectors import FRAMEWORK
from dgeval.web.newmedia.services import (
    accounts_import,
    findings_confirm_pending,
    messages_import,
    platform_checks_run_all,
    posts_import,
)
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import framework_for, leaf_score_set
from dgeval.web.targets.models import Target

#: The repository's examples folder (the demo runs from a checkout, as `scripts/dev.sh demo` does).
EXAMPLES = Path(__file__).resolve().parents[4] / "examples"
#: Left for review in the demo: the team has not looked at it yet.
LEFT_PENDING = ("440000", "weibo")
#: Manual collection in the demo: work items for these leaves of 成都市 (all its platforms), its Weibo's scored.
MANUAL = ("510100", "weibo", ("interaction.feedback", "management.assurance"))
#: Share of each remaining leaf's weight the demo evaluator sheet gives each owner.
DEMO_QUALITY = {"330000": 0.9, "440000": 0.84, "330100": 0.8, "510100": 0.78, "nhc": 0.86, "customs": 0.82}


def examples_folder(year: int) -> Path:
    folder = EXAMPLES / str(year) / "new_media"
    if not (folder / "accounts.xlsx").is_file():
        raise WorkflowError(f"政务新媒体示例文件不存在：{folder / 'accounts.xlsx'}")
    return folder


def examples_import(*, campaign: Any, actor: Any) -> tuple[int, int]:
    """Import the example account list and every account's export files; (accounts, files imported)."""
    folder = examples_folder(campaign.framework_year)
    accounts_file = folder / "accounts.xlsx"
    # The checks run once at the end, not after each file.
    accounts_import(campaign=campaign, data=accounts_file.read_bytes(), filename=accounts_file.name, actor=actor,
                    recheck=False)
    files = 0
    for account in Account.objects.select_related("channel__target").order_by("pk"):
        for sub, service in (("posts", posts_import), ("messages", messages_import)):
            for path in sorted((folder / sub).glob(f"{account.platform_id}.*")):
                service(campaign=campaign, account=account, data=path.read_bytes(), filename=path.name, actor=actor,
                        recheck=False)
                files += 1
    platform_checks_run_all(campaign=campaign, actor=actor)
    return Account.objects.count(), files


def _review(campaign: Any, actor: Any) -> int:
    confirmed = 0
    for check in PlatformCheck.objects.filter(campaign=campaign).select_related("target"):
        if (check.target.code, check.platform) != LEFT_PENDING:
            confirmed += findings_confirm_pending(campaign=campaign, target=check.target, platform=check.platform,
                                                  actor=actor)
    return confirmed


def _manual(campaign: Any, admin: Any, evaluator: Any) -> int:
    code, platform, leaves = MANUAL
    target = Target.objects.get(code=code)
    items = work_items_generate(campaign=campaign, targets=[target], evaluators=[evaluator], actor=admin,
                                codes=leaves)
    day = demo_day(campaign)
    fw = framework_for(campaign=campaign, framework=FRAMEWORK)
    notes = {"interaction.feedback": "微博开展了“十四五”规划网民建言征集，但未公开采纳情况。",
             "management.assurance": "已印发政务新媒体管理办法，明确主办单位与值守制度。"}
    for item in items:
        if item.framework != FRAMEWORK or item.column != platform:
            continue
        weight = fw.indicator(item.code).weight(platform) or 0
        manual_score_save(item=item, actor=evaluator, points=round(weight * 0.75, 1), submit=True, today=day,
                          note=notes[item.code])
    return len(items)


def _sheet(campaign: Any, admin: Any) -> int:
    written = 0
    fw = framework_for(campaign=campaign, framework=FRAMEWORK)
    for check in PlatformCheck.objects.filter(campaign=campaign).select_related("target"):
        done = set(LeafScore.objects.filter(campaign=campaign, target=check.target, framework=FRAMEWORK,
                                            column=check.platform).values_list("code", flat=True))
        for n, leaf in enumerate(fw.leaves_for(check.platform)):
            if leaf.code in done:
                continue
            # A deterministic spread around the owner's level: the same demo every run.
            fraction = min(1.0, max(0.0, DEMO_QUALITY.get(check.target.code, 0.8) + ((n * 7) % 5 - 2) * 0.04))
            points = round(points_from_fraction(fw, check.platform, leaf.code, fraction) * 2) / 2
            leaf_score_set(campaign=campaign, target=check.target, framework=FRAMEWORK, column=check.platform,
                           code=leaf.code, points=points, source_kind="import", source_id="demo-new-media-sheet.xlsx",
                           actor=admin, reason="演示：政务新媒体评估员打分表导入")
            written += 1
    return written


def seed(ctx: DemoContext) -> str:
    evaluator, admin = ctx.user("evaluator"), ctx.user("admin")
    accounts, files = examples_import(campaign=ctx.campaign, actor=evaluator)
    findings = AccountFinding.objects.filter(campaign=ctx.campaign).exclude(status=FindingStatus.GONE).count()
    confirmed = _review(ctx.campaign, evaluator)
    manual = _manual(ctx.campaign, admin, evaluator)
    sheet = _sheet(ctx.campaign, admin)
    return (f"{accounts} 个账号，{files} 个数据文件，{findings} 个问题（已确认 {confirmed} 个），"
            f"人工采集 {manual} 项，打分表 {sheet} 项")
