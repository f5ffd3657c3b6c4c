"""What waits for each role, as sections of counted items that link to the filtered lists they count.

The dashboard sits on top of the app graph: it reads every app's selectors (and counts monitoring's findings,
runs and appeals by status) and no app imports it. Where the list offers the filter, a count links to it filtered
the same way, so a user who follows "待整改 3" finds three findings; otherwise (scan runs, a webmaster's appeals) it
links to the list the counted records are shown in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _

from dgeval.web.accounts.roles import Role, role_of
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.selectors import phase_get
from dgeval.web.cases.selectors import cases_of_target, reviews_pending_for
from dgeval.web.collection.selectors import collection_reconcile_count, collection_waiting_for
from dgeval.web.foi.models import FoiStatus
from dgeval.web.foi.selectors import foi_due_for, foi_overdue_count
from dgeval.web.monitoring.models import Appeal, AppealStatus, FindingRecord, FindingStatus, RunStatus, ScanRun
from dgeval.web.publication.selectors import campaigns_published, publication_current
from dgeval.web.registration.models import RegistrationStatus
from dgeval.web.registration.selectors import registration_of_target, registrations_pending_count
from dgeval.web.voting.selectors import rounds_open


@dataclass(frozen=True)
class Item:
    """One thing waiting: a label, how many, where the list is, and by when (if the plan sets a date)."""

    key: str
    label: str
    count: int | None
    url: str = ""
    due: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


def _url(name: str, *args: Any, **query: str) -> str:
    path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


def _phase_end(campaign: Campaign, kind: str) -> date | None:
    phase = phase_get(campaign, kind)
    return phase.ends_on if phase else None


def admin_sections(*, campaign: Campaign, on: date) -> list[Section]:
    """Registrations to review, monitoring runs, appeals to rule, collection to reconcile, FOI overdue, publication."""
    findings = FindingRecord.objects.filter(campaign=campaign)
    runs = ScanRun.objects.filter(campaign=campaign)
    publication = publication_current(campaign=campaign)
    if publication is None:
        published = Item("publication", _("评估结果尚未发布"), None, _url("publication:index"),
                         _phase_end(campaign, PhaseKind.PUBLICATION))
    else:
        published = Item("publication", _("评估结果已发布（第 %(v)d 版，%(day)s）") % {
            "v": publication.version, "day": f"{publication.published_on:%Y-%m-%d}"}, None,
            _url("publication:campaign", campaign.year))
    return [
        Section(_("报名与对象"), [
            Item("registrations", _("待审核的区县报名"), registrations_pending_count(campaign=campaign),
                 _url("registration:list", status=RegistrationStatus.PENDING),
                 _phase_end(campaign, PhaseKind.REGISTRATION)),
        ]),
        Section(_("系统监测"), [
            Item("runs_failed", _("失败的监测任务"), runs.filter(status=RunStatus.FAILED).count(),
                 _url("monitoring:runs")),
            Item("runs_running", _("排队或运行中的监测任务"),
                 runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).count(), _url("monitoring:runs")),
            Item("findings_pending", _("待审核的监测问题"), findings.filter(status=FindingStatus.PENDING).count(),
                 _url("monitoring:findings", status=FindingStatus.PENDING)),
            Item("appeals", _("待裁决的申诉"),
                 Appeal.objects.filter(finding__campaign=campaign, status=AppealStatus.OPEN).count(),
                 _url("monitoring:appeals")),
        ]),
        Section(_("人工评估"), [
            Item("reconcile_all", _("双评差异待裁定的采集任务"), collection_reconcile_count(campaign=campaign),
                 _url("collection:list", status="needs_reconcile"), _phase_end(campaign, PhaseKind.MANUAL_COLLECTION)),
            Item("foi_overdue", _("已逾期的依申请公开"), foi_overdue_count(campaign=campaign, as_of=on),
                 _url("foi:list", status=FoiStatus.OVERDUE)),
        ]),
        Section(_("结果发布"), [published]),
    ]


def evaluator_sections(*, user: Any, campaign: Campaign, on: date) -> list[Section]:
    """My collection items by next step, findings awaiting review, my FOI requests awaiting an answer."""
    waiting = collection_waiting_for(user=user, campaign=campaign)
    collection_due = _phase_end(campaign, PhaseKind.MANUAL_COLLECTION)
    foi_count, foi_next = foi_due_for(campaign=campaign, as_of=on, sender=user)
    return [
        Section(_("我的人工采集"), [
            Item("todo", _("待采集"), waiting.todo, _url("collection:list", status="todo"), collection_due),
            Item("in_progress", _("采集中"), waiting.in_progress, _url("collection:list", status="in_progress"),
                 collection_due),
            Item("second_scoring", _("待我第二评分"), waiting.second_scoring, _url("collection:list", status="submitted"),
                 collection_due),
            Item("reconcile", _("待我复核裁定"), waiting.reconcile, _url("collection:list", status="needs_reconcile"),
                 collection_due),
        ]),
        Section(_("系统监测"), [
            Item("findings_pending", _("待审核的监测问题"),
                 FindingRecord.objects.filter(campaign=campaign, status=FindingStatus.PENDING).count(),
                 _url("monitoring:findings", status=FindingStatus.PENDING)),
        ]),
        Section(_("依申请公开"), [
            Item("foi_due", _("我发出的申请待对方答复"), foi_count, _url("foi:list", status=FoiStatus.ACKNOWLEDGED),
                 foi_next, _("最近的答复期限") if foi_next else ""),
        ]),
    ]


def expert_sections(*, user: Any, campaign: Campaign) -> list[Section]:
    """Appeals to rule and innovation cases to review, with the review phase's end."""
    return [
        Section(_("申诉裁决"), [
            Item("appeals", _("待裁决的申诉"),
                 Appeal.objects.filter(finding__campaign=campaign, status=AppealStatus.OPEN).count(),
                 _url("monitoring:appeals")),
        ]),
        Section(_("优秀创新案例评议"), [
            Item("reviews", _("待评议的案例"), reviews_pending_for(expert=user, campaign=campaign).count(),
                 _url("cases:expert_home"), _phase_end(campaign, PhaseKind.CASE_REVIEW)),
        ]),
    ]


def webmaster_sections(*, user: Any, campaign: Campaign, on: date) -> list[Section]:
    """The site's findings by status (the nearest rectification deadline, and how many are past theirs), its
    appeals, its registration and the cases naming it."""
    findings = FindingRecord.objects.filter(campaign=campaign, target_id=user.target_id)
    appeals = Appeal.objects.filter(finding__campaign=campaign, finding__target_id=user.target_id)
    to_rectify = findings.filter(status=FindingStatus.CONFIRMED)
    nearest = to_rectify.filter(deadline__gte=on).aggregate(nearest=Min("deadline"))["nearest"]
    items = [
        Item("to_rectify", _("已确认、待整改的问题"), to_rectify.count(),
             _url("monitoring:findings", status=FindingStatus.CONFIRMED), nearest),
        Item("overdue", _("已超过整改期限的问题"), to_rectify.filter(deadline__lt=on).count(),
             _url("monitoring:rectification", overdue="1")),
        Item("pending", _("评估组审核中的问题"), findings.filter(status=FindingStatus.PENDING).count(),
             _url("monitoring:findings", status=FindingStatus.PENDING)),
        Item("rectified", _("已整改、待复查的问题"), findings.filter(status=FindingStatus.RECTIFIED).count(),
             _url("monitoring:findings", status=FindingStatus.RECTIFIED)),
        Item("appeals_open", _("待裁决的申诉"), appeals.filter(status=AppealStatus.OPEN).count(),
             _url("monitoring:findings")),
        Item("appeals_decided", _("已裁决的申诉"),
             appeals.exclude(status=AppealStatus.OPEN).count(), _url("monitoring:findings")),
    ]
    sections = [Section(_("本单位网站的监测问题"), items)]
    target = user.target
    registration = registration_of_target(target=target) if target is not None else None
    if registration is not None:
        sections.append(Section(_("参评报名"), [
            Item("registration", _("报名 %(ref)s：%(status)s") % {
                "ref": registration.reference, "status": registration.get_status_display()}, None,
                _url("registration:status", reference=registration.reference, contact=registration.contact_email))]))
    cases = list(cases_of_target(target=target, campaign=campaign)) if target is not None else []
    sections.append(Section(_("优秀创新案例"), [
        Item(f"case-{case.pk}", _("“%(name)s”：%(status)s") % {"name": case.name, "status": case.get_status_display()},
             None) for case in cases] or [Item("cases", _("暂无推荐本单位的案例"), None)]))
    return sections


def public_sections(*, campaign: Campaign, on: date) -> list[Section]:
    """What anyone may take part in or read now: consultation, registration, the vote, published results."""
    items: list[Item] = []
    for kind, label, url in (
        (PhaseKind.CONSULTATION, _("评估指标意见征集进行中"), _url("consultation:index")),
        (PhaseKind.REGISTRATION, _("区县网站参评报名进行中"), _url("registration:create")),
        (PhaseKind.CASE_NOMINATION, _("优秀创新案例申报进行中"), _url("cases:nominations")),
    ):
        phase = phase_get(campaign, kind)
        if phase is not None and phase.is_open(on):
            items.append(Item(kind, label, None, url, phase.ends_on))
    for vote_round in rounds_open(campaign=campaign, on=on):
        items.append(Item(f"vote-{vote_round.pk}", _("网民评选：%(title)s") % {"title": vote_round.title},
                          vote_round.cases.count(), _url("vote:round", vote_round.pk), vote_round.closes_on,
                          _("个候选案例")))
    for published, publication in campaigns_published():
        items.append(Item(f"results-{published.year}", _("%(name)s结果已发布") % {"name": published.name}, None,
                          _url("publication:campaign", published.year), None,
                          _("%(day)s 发布") % {"day": f"{publication.published_on:%Y-%m-%d}"}))
    if not items:
        items.append(Item("none", _("目前没有开放的公众参与事项"), None, reverse("home")))
    return [Section(_("公众参与"), items)]


def dashboard_for(*, user: Any, campaign: Campaign, on: date) -> list[Section]:
    """The sections of USER's dashboard on ON: by role; the public's for anyone without one."""
    role = role_of(user)
    if role == Role.ADMIN:
        return admin_sections(campaign=campaign, on=on)
    if role == Role.EVALUATOR:
        return evaluator_sections(user=user, campaign=campaign, on=on)
    if role == Role.EXPERT:
        return expert_sections(user=user, campaign=campaign)
    if role == Role.WEBMASTER:
        return webmaster_sections(user=user, campaign=campaign, on=on)
    if role == Role.NOMINATOR:
        mine = Section(_("我的案例推荐"), [Item("nominations", _("我的推荐表"), None, _url("cases:nominations"),
                                               _phase_end(campaign, PhaseKind.CASE_NOMINATION))])
        return [mine, *public_sections(campaign=campaign, on=on)]
    return public_sections(campaign=campaign, on=on)
