"""Demo 人工采集: the manual parts of the demo counties' leaves, scored with evidence after the monitor's scan.

Each county gets work items for leaves the monitor shares with people (标识规范, 日常运维, 隐私保护…: the item's
maximum is what the monitor did not observe) and for leaves only people score. Most are scored by one evaluator;
on the last county two double-scored items disagree: the third scorer named automatically decides one, the other
waits for them. An admin overrides one leaf with a reason. Everything goes through the services, acting on a day
inside the 人工采集 phase, so the leaves carry provenance and audit entries like real ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today as platform_today
from dgeval.web.collection.models import WorkItem, WorkItemStatus
from dgeval.web.collection.services import (
    item_max_points,
    manual_score_save,
    work_item_assign,
    work_item_reconcile,
    work_items_generate,
)
from dgeval.web.common.demo import DemoContext, day_in_phase
from dgeval.web.common.frameworks import framework_for
from dgeval.web.common.points import leaf_max_points
from dgeval.web.scores.selectors import manual_part_max
from dgeval.web.scores.services import leaf_override_set

#: Leaves of a county the demo collects by hand: three the monitor shares with people, three only people score.
DEMO_CODES = ("management.identification", "management.daily_operation", "management.privacy",
              "info.statutory_disclosure", "service.standardization", "interaction.inquiry_channel")
#: The leaf an admin scores whole on the first county: the monitor cannot judge IPv6 on a loopback demo site.
OVERRIDE_CODE = "function.ipv6"
NOTES = {
    "management.identification": "页脚标识齐全，网站名称与主办单位一致；站点地图与栏目基本一致。",
    "management.daily_operation": "已人工核查近三个月通报，无通报整改记录；首页信息更新较及时。",
    "management.privacy": "已建立隐私政策页面，但个人信息保护说明不够具体。",
    "info.statutory_disclosure": "法定主动公开栏目齐全，更新及时；个别子栏目分类不够清晰。",
    "service.standardization": "办事指南要素基本完整，部分事项缺少办理时限。",
    "interaction.inquiry_channel": "在线咨询渠道可用，答复较及时。",
}


def _users(role: Role) -> list[Any]:
    return list(get_user_model().objects.filter(role=role, is_active=True).order_by("username"))


def seed_collection(campaign: Any, targets: Sequence[Any], today: Any = None) -> list[WorkItem]:
    """Create and partly score the demo work items of TARGETS; does nothing if the campaign already has items.

    Needs at least one admin and two evaluators (the demo accounts); a third evaluator is named to decide the
    disagreeing double scores when there is one.
    """
    if WorkItem.objects.filter(campaign=campaign).exists():
        return []
    admins, evaluators = _users(Role.ADMIN), _users(Role.EVALUATOR)
    if not admins or len(evaluators) < 2:
        raise WorkflowError("人工采集演示数据需要至少一位管理员和两位评估员账户")
    if not targets:
        raise WorkflowError("人工采集演示数据需要先有评估对象")
    admin, first, second = admins[0], evaluators[0], evaluators[1]
    day = day_in_phase(campaign, PhaseKind.MANUAL_COLLECTION, today or platform_today())
    items: list[WorkItem] = []
    for target in targets:
        items += work_items_generate(campaign=campaign, targets=[target], evaluators=[first, second], actor=admin,
                                     codes=[c for c in DEMO_CODES if _in_scope(campaign, target, c)])

    def score(item: WorkItem, who: Any, fraction: float, note: str) -> None:
        manual_score_save(item=item, actor=who, points=round(item_max_points(item) * fraction, 2), submit=True,
                          today=day, evidence_url=item.target.website_url or "", note=note)

    # Single scoring on every county but the last; a draft and an untouched item remain on the first.
    for n, target in enumerate(targets[:-1]):
        own = [i for i in items if i.target_id == target.pk]
        for k, item in enumerate(own):
            if n == 0 and k == len(own) - 1:
                manual_score_save(item=item, actor=item.assignee, points=None, submit=False, today=day,
                                  note="已查看栏目，待补充截图。")
            elif not (n == 0 and k == len(own) - 2):
                score(item, item.assignee, 0.9 - 0.05 * ((n + k) % 4), NOTES.get(item.code, "已人工核查。"))

    # Double scoring on the last county: two pairs disagree; the third scorer decides the first, the second waits.
    disputed = [i for i in items if i.target_id == targets[-1].pk and i.code in DEMO_CODES[3:5]]
    for n, item in enumerate(disputed):
        item = work_item_assign(item=item, assignee=first, second_assignee=second, actor=admin,
                                reason="演示：双人评分")
        score(item, first, 1.0, "栏目完整可用，更新及时。")
        score(item, second, 0.4, "多个栏目内容陈旧，检索结果不准确。")
        item.refresh_from_db()
        if n == 0 and item.status == WorkItemStatus.NEEDS_RECONCILE:
            decider = item.reconciler or admin
            work_item_reconcile(item=item, actor=decider, points=round(item_max_points(item) * 0.7, 2), today=day,
                                reason="复核：栏目完整，但部分内容更新不及时，取中间偏上。")

    framework, column = targets[0].evaluations(campaign)[0]
    weight = leaf_max_points(framework_for(campaign=campaign, framework=framework), column, OVERRIDE_CODE)
    leaf_override_set(campaign=campaign, target=targets[0], framework=framework, column=column,
                      code=OVERRIDE_CODE, points=round(weight * 0.75, 2), actor=admin,
                      reason="演示站点运行在本机回环地址，系统监测无法判断 IPv6；人工核验主页已支持 IPv6 访问，二级页面部分未支持。")
    return list(WorkItem.objects.filter(campaign=campaign))


def _in_scope(campaign: Any, target: Any, code: str) -> bool:
    """True when CODE's manual part is not empty for TARGET (the monitor may have observed a whole leaf)."""
    return any(manual_part_max(campaign=campaign, target=target, framework=framework, column=column, code=code) > 0
               for framework, column in target.evaluations(campaign))


def seed(ctx: DemoContext) -> str:
    items = seed_collection(ctx.campaign, ctx.counties, ctx.today)
    done = sum(1 for i in items if i.status == WorkItemStatus.DONE)
    waiting = sum(1 for i in items if i.status == WorkItemStatus.NEEDS_RECONCILE)
    return f"{len(items)} 项，已完成 {done} 项，待复核 {waiting} 项，整项覆盖 1 项"
