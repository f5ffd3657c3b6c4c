"""Read-side queries for monitoring: runs, findings (scoped by role), the archived page behind a finding, the
monitored targets, their 故障率 and their inspection verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dgeval.monitor.availability import Availability, summarize
from dgeval.monitor.verdict import Verdict, judge, load_rules

from dgeval.web.accounts.roles import Role, is_team, require_target_access, role_of
from dgeval.web.common import clock
from dgeval.web.common.frameworks import framework_for, leaf_label, leaf_name_any
from dgeval.web.monitoring.models import (
    Appeal,
    AppealStatus,
    FindingRecord,
    FindingStatus,
    ProbeFamily,
    ProbeRecord,
    RunTarget,
    ScanRun,
)


def run_list(*, campaign: Any) -> QuerySet[ScanRun]:
    return ScanRun.objects.filter(campaign=campaign).select_related("created_by").order_by("-created_at", "-pk")


def _visible_to(user: Any, findings: QuerySet[FindingRecord]) -> QuerySet[FindingRecord]:
    """The FINDINGS USER may see: all for the team, its own target's for a webmaster; anyone else is refused."""
    if role_of(user) == Role.WEBMASTER:
        return findings.filter(target_id=user.target_id)
    if not is_team(user):
        raise PermissionDenied(_("请以评估团队或网站主管单位账户登录"))
    return findings


def finding_list(
    *, campaign: Any, user: Any, status: str = "", target_code: str = "", check: str = "", severity: str = "",
    leaf: str = "",
) -> QuerySet[FindingRecord]:
    """The findings USER may see: all for the team, its own target's for a webmaster, none for anyone else; LEAF
    keeps those bearing on that leaf (what an evaluator scoring it looks for)."""
    qs = _visible_to(user, FindingRecord.objects.filter(campaign=campaign).select_related("target"))
    if status:
        qs = qs.filter(status=status)
    if target_code:
        qs = qs.filter(target__code=target_code)
    if check:
        qs = qs.filter(check_name=check)
    if severity:
        qs = qs.filter(severity=severity)
    if leaf:
        qs = qs.filter(leaves__has_item=leaf)
    return qs.annotate(open_appeals=Count("appeals", filter=Q(appeals__status=AppealStatus.OPEN))).order_by("target__code", "check_name", "pk")


@dataclass(frozen=True)
class RectificationRow:
    """A finding sent for rectification, with how its deadline stands on the platform's today."""

    finding: FindingRecord
    working_days_left: int | None  # None: no longer open (rectified, closed…); negative: overdue by that many

    @property
    def overdue(self) -> bool:
        return self.working_days_left is not None and self.working_days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.working_days_left if self.overdue and self.working_days_left is not None else 0


def rectification_list(*, campaign: Any, user: Any, target_code: str = "", overdue: bool = False,
                       today: dt.date | None = None) -> list[RectificationRow]:
    """The findings sent for rectification that USER may see (the team: all; a webmaster: its own), earliest
    deadline first; OVERDUE keeps those still open (确认) past their deadline."""
    from dgeval.workdays import working_days_between

    today = today or clock.today()
    qs = _visible_to(user, FindingRecord.objects.filter(campaign=campaign, sent_at__isnull=False).select_related(
        "target", "rectified_by", "recheck_run"))
    if target_code:
        qs = qs.filter(target__code=target_code)
    if overdue:
        qs = qs.filter(status=FindingStatus.CONFIRMED, deadline__lt=today)
    rows = []
    for finding in qs.order_by("deadline", "target__code", "pk"):
        left = None
        if finding.status == FindingStatus.CONFIRMED and finding.deadline is not None:
            left = working_days_between(today, finding.deadline)
            if left == 0 and finding.deadline < today:
                left = -1  # past the deadline over a holiday: still overdue
        rows.append(RectificationRow(finding=finding, working_days_left=left))
    return rows


def finding_get(*, pk: int, user: Any) -> FindingRecord:
    """One finding, if USER may see it (team, or the webmaster of its target)."""
    finding = FindingRecord.objects.select_related("target", "campaign", "reviewed_by", "rectified_by").get(pk=pk)
    require_target_access(user, finding.target)
    return finding


def finding_leaf_choices(*, campaign: Any, user: Any) -> list[tuple[str, str]]:
    """(code, name) of every leaf the findings USER may see bear on, by code: the choices of the list's leaf filter."""
    findings = _visible_to(user, FindingRecord.objects.filter(campaign=campaign))
    # A check's findings share their leaves: the database hands back each distinct list once, not one per finding.
    lists = findings.order_by().values_list("leaves", flat=True).distinct()
    codes = {code for leaves in lists for code in (leaves or ())}
    return [(code, leaf_name_any(code) or _("未知指标")) for code in sorted(codes)]


def finding_leaves(finding: FindingRecord) -> list[str]:
    """The leaves a finding bears on, named ("标识规范") in the target's evaluations, else in any framework."""
    names: dict[str, str] = {}
    for framework, _column in finding.target.evaluations(finding.campaign):
        fw = framework_for(campaign=finding.campaign, framework=framework)
        for code in finding.leaves:
            if fw.has(code):
                names.setdefault(code, leaf_label(fw, code))
    return [names.get(code) or leaf_name_any(code) or _("未知指标") for code in finding.leaves]


def appeals_open(*, campaign: Any) -> QuerySet[Appeal]:
    return Appeal.objects.filter(finding__campaign=campaign, status=AppealStatus.OPEN).select_related(
        "finding", "finding__target", "created_by")


def finding_run_target(finding: FindingRecord) -> RunTarget | None:
    """The run part whose WARC holds the page as last seen (latest run that found it, else the first)."""
    for run_id in (finding.last_run_id, finding.run_id):
        if run_id:
            part = RunTarget.objects.filter(run_id=run_id, target_id=finding.target_id).first()
            if part and part.warc_path:
                return part
    return None


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    url: str
    status: int
    content_type: str
    body: bytes


def archived_response(finding: FindingRecord) -> ArchivedResponse | None:
    """The response the monitor archived for the finding's page (or its URL when there is no page), from the WARC.

    warcio undoes chunking and content encoding, so the body is what the browser would have rendered.
    """
    from warcio.archiveiterator import ArchiveIterator

    part = finding_run_target(finding)
    if part is None or not Path(part.warc_path).is_file():
        return None
    wanted = [u for u in (finding.page, finding.url) if u]
    found: dict[str, ArchivedResponse] = {}
    with open(part.warc_path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if uri in wanted and uri not in found:
                headers = record.http_headers
                status = int(headers.get_statuscode() or 0) if headers else 0
                ctype = headers.get_header("Content-Type") if headers else ""
                found[uri] = ArchivedResponse(uri, status, ctype or "application/octet-stream",
                                              record.content_stream().read())
    return next((found[u] for u in wanted if u in found), None)


def monitored_targets(*, campaign: Any) -> QuerySet[Any]:
    """The targets a campaign's monitor watches: those with a website that take part in it (counties once they
    joined: by registration, or as directly included by the plan)."""
    from dgeval.web.targets.models import Target, TargetKind

    return (Target.objects.filter(has_website=True).exclude(website_url="")
            .filter(Q(campaign_joined=campaign) | ~Q(kind=TargetKind.COUNTY)).order_by("code"))


@dataclass(frozen=True, slots=True)
class AvailabilityWindow:
    """故障率 of one target over a window of days, from its IPv4 probes (the rule's measure)."""

    start: dt.date
    end: dt.date
    summary: Availability

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def probe_window(*, campaign: Any, target: Any, end: dt.date, days: int) -> QuerySet[ProbeRecord]:
    """The target's probes of the DAYS days up to END (local dates, both ends included), oldest first."""
    start = end - dt.timedelta(days=days - 1)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return ProbeRecord.objects.filter(campaign=campaign, target=target, probed_at__gte=since,
                                      probed_at__lt=until).order_by("probed_at", "pk")


def availability(*, campaign: Any, target: Any, end: dt.date, days: int) -> AvailabilityWindow:
    """故障率 over the DAYS days up to END, from the target's IPv4 probes."""
    records = probe_window(campaign=campaign, target=target, end=end, days=days).filter(family=ProbeFamily.IPV4)
    return AvailabilityWindow(start=end - dt.timedelta(days=days - 1), end=end,
                              summary=summarize(r.as_record() for r in records))


def target_verdict(*, campaign: Any, target: Any, end: dt.date) -> Verdict:
    """The inspection verdict (合格/不合格) of TARGET as of END: the veto rules over the findings of its latest scan
    that no one has ruled out (false positives and closed ones left out) and its IPv4 probes of the rule's period
    (the whole days up to END, yesterday at the latest)."""
    from dgeval.web.monitoring.services.points import latest_scan

    from dgeval.web.campaigns.selectors import today

    rules = load_rules()
    if end >= today():
        end = today() - dt.timedelta(days=1)  # the period is made of whole days: today is not over yet
    scan = latest_scan(campaign=campaign, target=target)
    records = FindingRecord.objects.filter(campaign=campaign, target=target).exclude(
        status__in=(FindingStatus.FALSE_POSITIVE, FindingStatus.CLOSED))
    findings = [r.as_finding() for r in records.filter(last_run_id=scan.run_id)] if scan is not None else []
    probes = probe_window(campaign=campaign, target=target, end=end,
                          days=int(rules["availability"]["period_days"])).filter(family=ProbeFamily.IPV4)
    return judge(findings, probe_records=[p.as_record() for p in probes], rules=rules)


@dataclass(frozen=True, slots=True)
class TargetAvailability:
    """What the availability page shows of one target: 故障率 over the 系统监测 window so far, day by day, the
    latest probes and the inspection verdict."""

    target: Any
    window: AvailabilityWindow | None
    days: list[dict[str, object]]
    latest: list[ProbeRecord]
    verdict: Verdict
    #: Scanned or probed at all: a target the monitor has not looked at yet gets no verdict.
    monitored: bool = True


def target_availability(*, campaign: Any, target: Any, user: Any) -> TargetAvailability:
    """TARGET's availability and verdict, for the team or the target's own webmaster."""
    from dgeval.web.accounts.roles import require_target_access
    from dgeval.web.monitoring.services.points import monitoring_availability

    require_target_access(user, target)
    window = monitoring_availability(campaign=campaign, target=target)
    days: list[dict[str, object]] = []
    latest: list[ProbeRecord] = []
    end = window.end if window is not None else clock.today()
    if window is not None:
        records = probe_window(campaign=campaign, target=target, end=window.end, days=window.days).filter(
            family=ProbeFamily.IPV4)
        per_day: dict[dt.date, list[int]] = {}
        for probe in records:
            counts = per_day.setdefault(timezone.localdate(probe.probed_at), [0, 0])
            counts[0] += 1
            counts[1] += not probe.ok
        days = [{"date": day.isoformat(), "probes": probes, "failures": failures,
                 "rate": round(100 * failures / probes, 2)} for day, (probes, failures) in sorted(per_day.items())]
        latest = list(records.order_by("-probed_at", "-pk")[:48])
    return TargetAvailability(target=target, window=window, days=days, latest=latest,
                              verdict=target_verdict(campaign=campaign, target=target, end=end))


def availability_overview(*, campaign: Any) -> list[TargetAvailability]:
    """Every monitored target's 故障率 and verdict (the team's overview)."""
    from dgeval.web.monitoring.services.points import latest_scan, monitoring_availability

    rows = []
    for target in monitored_targets(campaign=campaign):
        window = monitoring_availability(campaign=campaign, target=target)
        end = window.end if window is not None else clock.today()
        monitored = bool(window is not None and window.summary.probes) or \
            latest_scan(campaign=campaign, target=target) is not None
        rows.append(TargetAvailability(target=target, window=window, days=[], latest=[],
                                       verdict=target_verdict(campaign=campaign, target=target, end=end),
                                       monitored=monitored))
    return rows
