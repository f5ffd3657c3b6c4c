"""The home page's guide to a campaign: what each phase is, who takes part, and where its page is.

Dates and open/closed state come from the campaign's phases (campaigns app); this module only words what each kind
of phase means to the people using the platform and which page it opens, for whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.roles import Role, is_team, role_of
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.selectors import phases_with_state
from dgeval.web.targets.models import Target, TargetKind

#: phase kind → (what happens, who takes part, the page's URL name, who may open it: "public", "team",
#: "monitoring" (team and webmasters) or "nominators" (those who may nominate, and visitors, who are asked to log in))
PHASES: dict[str, tuple[Any, Any, str, str]] = {
    PhaseKind.CONSULTATION: (_("公开评估指标体系（征求意见稿），社会公众和各参评单位可对每项指标提出意见，评估组逐条回复。"),
                             _("社会公众、参评单位"), "consultation:index", "public"),
    PhaseKind.REGISTRATION: (_("非直辖市、计划单列市及省会城市所辖的区（县）政府门户网站自愿报名参评：填写附件2并上传盖章扫描件，"
                             "审核通过后开通网站主管单位账户。"), _("区县网站主管（主办）单位"), "registration:create", "public"),
    PhaseKind.CASE_NOMINATION: (_("省级政府及重点城市政府有关部门推荐数字政府服务能力优秀创新案例（附件3）。"),
                                _("推荐单位（个人）"), "cases:nominations", "nominators"),
    PhaseKind.MONITORING: (_("系统监测工具扫描各参评网站：可用性、链接、栏目更新、标识规范等，发现的问题经评估员审核后通知网站主管单位整改，"
                           "对有异议的问题可提出申诉。"), _("评估员、网站主管单位"), "monitoring:findings", "monitoring"),
    PhaseKind.MANUAL_COLLECTION: (_("评估员对监测工具未覆盖的指标人工采集并打分，双人独立评分，差异较大的由第三人复核；"
                                  "同时开展依申请公开测试。"), _("评估员"), "collection:list", "team"),
    PhaseKind.CASE_REVIEW: (_("专家对入围案例匿名评议，随后开展网民评选。"), _("专家、社会公众"), "vote:index", "public"),
    PhaseKind.REPORT: (_("汇总得分、计算排名并撰写评估报告。"), _("评估组"), "scores:index", "team"),
    PhaseKind.PUBLICATION: (_("发布评估结果：排名、得分、报告和开放数据。"), _("社会公众"), "publication:index", "public"),
}

#: What each role does on the platform, in the order shown.
ROLES: tuple[tuple[Any, Any], ...] = (
    (_("管理员"), _("管理评估活动和阶段，审核区县报名，裁决申诉，发布结果。")),
    (_("评估员"), _("审核监测问题，完成人工采集和依申请公开测试。")),
    (_("专家"), _("裁决申诉，评议优秀创新案例。")),
    (_("网站主管单位"), _("查看本单位网站的监测问题，整改后申请复查，对有异议的问题提出申诉。")),
    (_("社会公众"), _("对评估指标提出意见，参加优秀创新案例网民评选，查阅评估结果。")),
)


@dataclass(frozen=True)
class PhaseGuide:
    kind: str
    label: str
    starts_on: date
    ends_on: date
    state: str  # "open", "upcoming" or "closed"
    what: str
    who: str
    url: str  # "" when the visitor may not open the phase's page


def _may_open(user: Any, audience: str) -> bool:
    if audience == "public":
        return True
    if audience == "monitoring":
        return is_team(user) or role_of(user) == Role.WEBMASTER
    if audience == "nominators":  # the team cannot nominate: the page answers them 403
        return role_of(user) in (None, Role.NOMINATOR, Role.WEBMASTER)
    return is_team(user)


def campaign_guide(*, campaign: Campaign, user: Any, on: date | None = None) -> list[PhaseGuide]:
    """The campaign's phases in order with their dates and state, what each is and a link for this visitor."""
    out = []
    for state in phases_with_state(campaign, on):
        phase = state.phase
        what, who, url_name, audience = PHASES.get(phase.kind, ("", "", "", "team"))
        when = "open" if state.is_open else "upcoming" if state.on < phase.starts_on else "closed"
        url = reverse(url_name) if url_name and _may_open(user, audience) else ""
        out.append(PhaseGuide(
            kind=phase.kind, label=str(phase.get_kind_display()), starts_on=phase.starts_on, ends_on=phase.ends_on,
            state=when, what=str(what), who=str(who), url=url))
    return out


def targets_in(campaign: Campaign) -> list[tuple[str, int]]:
    """(kind label, how many) of the targets evaluated in the campaign: the registry's and the registered counties."""
    rows = (Target.objects.filter(Q(campaign_joined__isnull=True) | Q(campaign_joined=campaign))
            .values("kind").annotate(n=Count("pk")).order_by("kind"))
    labels = dict(TargetKind.choices)
    order = [k for k, _label in TargetKind.choices]
    counts = {row["kind"]: row["n"] for row in rows}
    return [(str(labels[k]), counts[k]) for k in order if counts.get(k)]


def roles_guide() -> list[tuple[str, str]]:
    return [(str(role), str(does)) for role, does in ROLES]
