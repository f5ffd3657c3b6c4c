"""Demo data of manual collection, called by the demo command (`dgeval demo`): a handful of work items for the demo
evaluators, some scored with evidence, one double-scored item reconciled and one still waiting for reconciliation.

Everything goes through the services (so the demo's leaf scores carry provenance and audit entries like real ones),
acting on a day inside the campaign's 人工采集 phase.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import today as platform_today
from dgeval.web.collection.models import WorkItem
from dgeval.web.collection.services import (
    machine_judged_codes,
    manual_score_save,
    work_item_assign,
    work_item_reconcile,
    work_items_generate,
)
from dgeval.web.demo.context import DemoContext
from dgeval.web.foi.models import FOI_LEAF
from dgeval.web.scores.services import framework_for, leaf_max_points
from dgeval.web.targets.models import Target

ITEMS_PER_TARGET = 4


def demo_day(campaign: Any, kind: str = PhaseKind.MANUAL_COLLECTION) -> date:
    """The platform's as-of date if it falls in the phase, else a day ten days before the phase ends."""
    phase = campaign.phases.get(kind=kind)
    on = platform_today()
    if phase.starts_on <= on <= phase.ends_on:
        return on
    return max(phase.starts_on, phase.ends_on - timedelta(days=10))


def _users(role: Role) -> list[Any]:
    return list(get_user_model().objects.filter(role=role, is_active=True).order_by("username"))


def _manual_codes(campaign: Any, target: Target, limit: int) -> list[str]:
    framework, column = target.evaluations()[0]
    fw = framework_for(campaign=campaign, framework=framework)
    excluded = machine_judged_codes() | {FOI_LEAF}
    return [leaf.code for leaf in fw.leaves_for(column) if not leaf.bonus and leaf.code not in excluded][:limit]


def seed_collection(campaign: Any) -> list[WorkItem]:
    """Create and partly score demo work items; does nothing if the campaign already has work items.

    Needs at least one admin and two evaluators (the demo command creates them first).
    """
    if WorkItem.objects.filter(campaign=campaign).exists():
        return []
    admins, evaluators = _users(Role.ADMIN), _users(Role.EVALUATOR)
    if not admins or len(evaluators) < 2:
        raise WorkflowError("人工采集演示数据需要至少一位管理员和两位评估员账户")
    admin, first, second = admins[0], evaluators[0], evaluators[1]
    targets = list(Target.objects.filter(has_website=True).order_by("kind", "code")[:3])
    if not targets:
        raise WorkflowError("人工采集演示数据需要先导入评估对象")
    day = demo_day(campaign)
    items: list[WorkItem] = []
    for target in targets:
        items += work_items_generate(
            campaign=campaign, targets=[target], evaluators=[first, second], actor=admin,
            codes=_manual_codes(campaign, target, ITEMS_PER_TARGET),
        )

    def score(item: WorkItem, who: Any, fraction: float, note: str) -> None:
        maximum = leaf_max_points(framework_for(campaign=campaign, framework=item.framework), item.column, item.code)
        manual_score_save(
            item=item, actor=who, points=round(maximum * fraction, 1), submit=True, today=day,
            evidence_url=item.target.website_url or "", note=note,
        )

    # Single scoring: the first two items of the first target, and a draft on the third.
    first_target = [i for i in items if i.target_id == targets[0].pk]
    for item in first_target[:2]:
        score(item, item.assignee, 0.8, "栏目齐全，更新及时；个别子栏目分类不够清晰。")
    if len(first_target) > 2:
        manual_score_save(item=first_target[2], actor=first_target[2].assignee, points=None, submit=False,
                          today=day, note="已查看栏目，待补充截图。")

    # Double scoring on the last target: one pair disagrees and is reconciled, one disagrees and waits.
    last_target = [i for i in items if i.target_id == targets[-1].pk and i.status == "todo"]
    for n, item in enumerate(last_target[:2]):
        item = work_item_assign(item=item, assignee=first, second_assignee=second, actor=admin, reason="演示：双人评分")
        score(item, first, 1.0, "功能完整可用。")
        score(item, second, 0.3, "检索结果不准确，多次检索无结果。")
        if n == 0:
            item.refresh_from_db()
            work_item_reconcile(
                item=item, actor=admin, points=round(leaf_max_points(
                    framework_for(campaign=campaign, framework=item.framework), item.column, item.code) * 0.6, 1),
                reason="复核：功能可用但检索准确性不足，取中间值。", today=day,
            )
    return list(WorkItem.objects.filter(campaign=campaign))


def seed(ctx: DemoContext) -> str:
    return f"{len(seed_collection(ctx.campaign))} 条"
