"""Demo data of 依申请公开, called by the demo command: one request in each state — sent, acknowledged, acknowledged
and overdue, answered and scored, answered late and closed — dated around the demo's as-of day so the overdue flag
shows on the list (set DGEVAL_TODAY to a day in the 人工采集 phase, as the demo command does).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.common.clock import today as platform_today
from dgeval.web.common.demo import DemoContext, day_in_phase
from dgeval.web.foi.models import FoiChannel, FoiRequest
from dgeval.web.foi.services import (
    foi_request_acknowledge,
    foi_request_answer,
    foi_request_close,
    foi_request_score,
    foi_request_send,
)

QUESTION = "请公开贵单位2019年度政府信息公开工作年度报告中所述依申请公开办理情况的统计数据及相关说明。"


def seed_foi(campaign: Any, targets: Sequence[Any]) -> list[FoiRequest]:
    """Create the demo requests to TARGETS (in turn); does nothing if the campaign already has some.

    Needs an evaluator and at least one target.
    """
    if FoiRequest.objects.filter(campaign=campaign).exists():
        return []
    evaluators = list(get_user_model().objects.filter(role=Role.EVALUATOR, is_active=True).order_by("username"))
    if not evaluators or not targets:
        raise WorkflowError("依申请公开演示数据需要至少一位评估员和已导入的评估对象")
    who = evaluators[0]
    day = day_in_phase(campaign, PhaseKind.MANUAL_COLLECTION, platform_today())
    d = lambda n: day - timedelta(days=n)  # noqa: E731
    pick = lambda i: targets[i % len(targets)]  # noqa: E731

    def send(i: int, channel: str, sent_ago: int) -> FoiRequest:
        return foi_request_send(campaign=campaign, target=pick(i), channel=channel, content=QUESTION,
                                sent_on=d(sent_ago), actor=who, today=day)

    send(0, FoiChannel.ONLINE_FORM, 1)

    waiting = send(1, FoiChannel.EMAIL, 5)
    foi_request_acknowledge(request=waiting, received_on=d(3), note="对方邮件回复已收到", actor=who, today=day)

    overdue = send(2, FoiChannel.LETTER, 44)
    foi_request_acknowledge(request=overdue, received_on=d(40), note="挂号信签收回执", actor=who, today=day)
    foi_request_score(request=overdue, points=0, note="逾期未答复", actor=who, today=day)

    answered = send(3, FoiChannel.ONLINE_FORM, 32)
    foi_request_acknowledge(request=answered, received_on=d(30), note="在线平台受理编号 YSQ-2020-0315", actor=who,
                            today=day)
    foi_request_answer(request=answered, answered_on=d(10), actor=who, today=day,
                       answer_text="经查，您申请的信息属于主动公开范围，已在本机关门户网站“政府信息公开年报”栏目公开。")
    foi_request_score(request=answered, points=1, note="按期答复，答复规范并告知获取途径", actor=who, today=day)

    late = send(4, FoiChannel.FAX, 47)
    foi_request_acknowledge(request=late, received_on=d(45), note="传真确认", actor=who, today=day)
    foi_request_answer(request=late, answered_on=d(2), actor=who, today=day,
                       answer_text="您申请的信息不存在。")
    foi_request_score(request=late, points=0.5, note="逾期答复，未说明理由", actor=who, today=day)
    foi_request_close(request=late, actor=who, reason="已答复并评分")
    return list(FoiRequest.objects.filter(campaign=campaign))


def seed(ctx: DemoContext) -> str:
    return f"{len(seed_foi(ctx.campaign, ctx.counties))} 条"
