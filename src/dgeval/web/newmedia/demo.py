"""Demo data of 政务新媒体, called by the demo command (`dgeval demo`).

Six owners (two ministries, two provinces, two key cities) with accounts on the three platforms are imported from
the example exports in `examples/<year>/new_media/` (the account list, then each account's posts and messages,
files named after the account's id), as an evaluator would upload them. The files show every check: 广东发布's
three-week gap, 粤省事's slow and missing replies, 杭州's zombie duplicate account, 成都服务 unverified, an
advertising post, a missing category. The evaluator also registers 国家卫生健康委's App by hand, its export still
awaited: with no data its leaves are 未观察到 and go to manual collection. The evaluator then confirms the findings (the missing category is left to
review): each rule-covered leaf gets the checks' part (已扣分, 未发现问题, or 未观察到 where an account's data is
missing) with the check run as its source and the findings as evidence. An evaluator scores a few leaves of one
owner by manual collection, one of them the manual rest of a leaf the checks share, and the demo evaluator sheet
gives the person part of every other leaf (source "import", at most the weight less the checks' share), so the
rankings per platform are complete.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from dgeval.errors import WorkflowError
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today as platform_today
from dgeval.web.collection.services import item_max_points, manual_score_save, work_items_generate
from dgeval.web.common.demo import DemoContext, day_in_phase
from dgeval.web.common.frameworks import framework_for
from dgeval.web.newmedia.models import Account, AccountFinding, FindingStatus, PlatformCheck
from dgeval.web.newmedia.selectors import FRAMEWORK
from dgeval.web.newmedia.services import (
    account_save,
    accounts_import,
    findings_confirm_pending,
    messages_import,
    platform_checks_run_all,
    posts_import,
)
from dgeval.web.scores.models import LeafState, ScorePart, SourceKind
from dgeval.web.scores.selectors import manual_part_maxima, person_parts
from dgeval.web.scores.services import score_part_set
from dgeval.web.targets.models import Target

#: The repository's examples folder (the demo runs from a checkout, as `scripts/dev.sh demo` does).
EXAMPLES = Path(__file__).resolve().parents[4] / "examples"
#: Left for review in the demo: the team has not looked at it yet.
LEFT_PENDING = ("440000", "weibo")
#: An account registered by hand whose back-office export has not arrived: (owner, name, package name).
AWAITED = ("nhc", "健康中国", "cn.gov.nhc.jkzg.demo")
#: Manual collection in the demo: work items for these leaves of 成都市 (all its platforms), its Weibo's scored.
#: 认证规范 is shared: the checks judge naming and the verification subject, the evaluator the rest.
MANUAL = ("510100", "weibo", ("interaction.feedback", "management.assurance", "management.verification"))
#: Share of each remaining person part's maximum the demo evaluator sheet gives each owner.
DEMO_QUALITY = {"330000": 0.9, "440000": 0.84, "330100": 0.8, "510100": 0.78, "nhc": 0.86, "customs": 0.82}
SHEET = "政务新媒体评估员打分表（演示）.xlsx"


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


def _awaited(campaign: Any, actor: Any) -> None:
    owner, name, package = AWAITED
    account_save(campaign=campaign, actor=actor, account=None, owner=Target.objects.get(code=owner), kind="app",
                 name=name, platform_id=package, url="https://apps.apple.com/cn/app/id0000000005",
                 reason="演示：已登记，后台导出数据待报送")


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
    day = day_in_phase(campaign, PhaseKind.MANUAL_COLLECTION, platform_today())
    notes = {"interaction.feedback": "微博开展了“十四五”规划网民建言征集，但未公开采纳情况。",
             "management.assurance": "已印发政务新媒体管理办法，明确主办单位与值守制度。",
             "management.verification": "各平台账号名称一致；机构改革后认证信息已更新。"}
    for item in items:
        if item.framework != FRAMEWORK or item.column != platform:
            continue
        manual_score_save(item=item, actor=evaluator, points=round(item_max_points(item) * 0.75, 1), submit=True,
                          today=day, note=notes[item.code])
    return len(items)


def _sheet(campaign: Any, admin: Any) -> int:
    """The person part of every new-media leaf no one has scored by hand, as the team's imported sheet gives it."""
    written = 0
    fw = framework_for(campaign=campaign, framework=FRAMEWORK)
    for check in PlatformCheck.objects.filter(campaign=campaign).select_related("target"):
        keys = [(check.target_id, FRAMEWORK, check.platform, leaf.code) for leaf in fw.leaves_for(check.platform)]
        maxima = manual_part_maxima(campaign=campaign, keys=keys)
        scored = person_parts(campaign=campaign, keys=keys)
        for n, key in enumerate(keys):
            if key in scored or maxima[key] <= 0:
                continue
            # A deterministic spread around the owner's level: the same demo every run.
            fraction = min(1.0, max(0.0, DEMO_QUALITY.get(check.target.code, 0.8) + ((n * 7) % 5 - 2) * 0.04))
            points = min(maxima[key], round(maxima[key] * fraction * 2) / 2)  # half points, as evaluators give
            score_part_set(campaign=campaign, target=check.target, framework=FRAMEWORK, column=check.platform,
                           code=key[3], source_kind=SourceKind.IMPORT, points=points, max_points=maxima[key],
                           source_label=SHEET, actor=admin, reason="演示：政务新媒体评估员打分表导入")
            written += 1
    return written


def seed(ctx: DemoContext) -> str:
    evaluator, admin = ctx.user("evaluator"), ctx.user("admin")
    accounts, files = examples_import(campaign=ctx.campaign, actor=evaluator)
    _awaited(ctx.campaign, evaluator)
    accounts += 1
    findings = AccountFinding.objects.filter(campaign=ctx.campaign).exclude(status=FindingStatus.GONE).count()
    confirmed = _review(ctx.campaign, evaluator)
    states = Counter(part.leaf.state for part in ScorePart.objects.filter(
        leaf__campaign=ctx.campaign, source_kind=SourceKind.NEW_MEDIA).select_related("leaf"))
    manual = _manual(ctx.campaign, admin, evaluator)
    sheet = _sheet(ctx.campaign, admin)
    automatic = "，".join(f"{LeafState(state).label} {n}" for state, n in sorted(states.items()))
    return (f"{accounts} 个账号，{files} 个数据文件，{findings} 个问题（已确认 {confirmed} 个），"
            f"自动评分 {sum(states.values())} 项（{automatic}），人工采集 {manual} 项，打分表 {sheet} 项")
