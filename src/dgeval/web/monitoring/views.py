"""Monitoring pages: runs with progress, findings review, rectification, appeals and the archived page.

Views parse input and call one service; who may do what is decided in services and selectors.
"""

from __future__ import annotations

from typing import Any, Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import TEAM_ROLES, Role, is_team, require_role, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404
from dgeval.web.common.clock import today
from dgeval.web.monitoring import export, selectors
from dgeval.web.common.forms import error_text, form_action_message
from dgeval.web.common.listing import page_of
from dgeval.web.common.sheet_import import sheet_import_page
from dgeval.web.monitoring.forms import (
    AppealDecisionForm,
    AppealForm,
    AppealReopenForm,
    FindingsImportForm,
    RectifyForm,
    ReviewForm,
    RunCancelForm,
    RunCreateForm,
    SendForm,
)
from dgeval.web.monitoring.labels import Severity, check_label, check_title
from dgeval.web.monitoring.models import Appeal, FindingRecord, FindingStatus, ScanRun
from dgeval.web.monitoring.runner import run_enqueue
from dgeval.web.monitoring.services import (
    APPEAL_DECIDERS,
    APPEAL_REOPENERS,
    appeal_create,
    appeal_decide,
    appeal_reopen,
    final_ruling,
    findings_export_xlsx,
    findings_import_xlsx,
    findings_send,
    findings_sendable,
    finding_rectify,
    finding_review,
    scan_options,
    scan_run_cancel,
    scan_run_create,
    rectification_policy_for,
    target_recheck_request,
)
from dgeval.web.targets.models import Target

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The archived page is shown as data, never as a live page: no scripts, no requests, no forms, its own origin.
ARCHIVE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; base-uri 'none'; form-action 'none'"


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    form = RunCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = scan_run_create(
                campaign=campaign, kind=data["kind"], targets=form.selected_targets(), actor=request.user,
                options=scan_options(external=data["external"],
                                     as_of=form.as_of_date(), max_pages=data["max_pages"]),
                override_reason=data["override_reason"],
            )
        except (ValidationError, WorkflowError) as exc:
            messages.error(request, error_text(exc))
        else:
            run_enqueue(run)
            messages.success(request, _("监测任务 #%(pk)s 已提交") % {"pk": run.pk})
            return redirect("monitoring:run", pk=run.pk)
    runs = page_of(selectors.run_list(campaign=campaign), request.GET.get("page"))
    return render(request, "monitoring/run_list.html", {"campaign": campaign, "runs": runs, "form": form})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *TEAM_ROLES)
    run = get_object_or_404(ScanRun.objects.select_related("campaign", "created_by"), pk=pk)
    parts = run.run_targets.select_related("target").order_by("target__code")
    return render(request, "monitoring/run_detail.html", {"run": run, "parts": parts})


@login_required
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin stops a run, with a reason (audited)."""
    run = get_object_or_404(ScanRun, pk=pk)
    form_action_message(request, RunCancelForm(request.POST),
                        lambda data: scan_run_cancel(run=run, actor=request.user, reason=data["reason"]),
                        done=_("监测任务已取消"), invalid=_("请填写取消的理由"))
    return redirect("monitoring:run", pk=run.pk)


@login_required
def availability_list(request: HttpRequest) -> HttpResponse:
    """故障率 and the inspection verdict of every monitored target (the team)."""
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    return render(request, "monitoring/availability_list.html", {
        "campaign": campaign,
        "rows": page_of(selectors.availability_overview(campaign=campaign), request.GET.get("page"))})


@login_required
def availability_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The overview as XLSX or CSV."""
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    rows = selectors.availability_overview(campaign=campaign)
    if fmt == "csv":
        response = HttpResponse(export.as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(export.as_xlsx(rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="availability-{campaign.year}.{fmt}"'
    return response


@login_required
def target_availability(request: HttpRequest, code: str) -> HttpResponse:
    """One target's probes over the 系统监测 window (chart and latest probes), its 故障率 and its verdict."""
    target = get_object_or_404(Target, code=code)
    campaign = campaign_current_or_404()
    view = selectors.target_availability(campaign=campaign, target=target, user=request.user)
    return render(request, "monitoring/target_availability.html", {"campaign": campaign, "view": view})


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current_or_404()
    status = request.GET.get("status", "")
    target_code = request.GET.get("target", "")
    check = request.GET.get("check", "")
    severity = request.GET.get("severity", "")
    leaf = request.GET.get("leaf", "")
    findings = selectors.finding_list(campaign=campaign, user=request.user, status=status, target_code=target_code,
                                      check=check, severity=severity, leaf=leaf)
    team = is_team(request.user)
    targets = Target.objects.filter(findings__campaign=campaign).distinct().order_by("code") if team else []
    # The team sees the check's code name next to its title (it is what the CLI and rules use); webmasters the title.
    check_text = check_label if team else check_title
    return render(request, "monitoring/finding_list.html", {
        "campaign": campaign, "findings": page_of(findings, request.GET.get("page")), "count": findings.count(),
        "statuses": FindingStatus.choices,
        "status": status, "target_code": target_code, "check": check, "targets": targets,
        "checks": [(name, check_text(name))
                   for name in sorted(findings.order_by().values_list("check_name", flat=True).distinct())],
        "severities": Severity.choices, "severity": severity,
        "leaves": selectors.finding_leaf_choices(campaign=campaign, user=request.user),
        "leaf": leaf,
    })


@login_required
def findings_export(request: HttpRequest) -> HttpResponse:
    """The findings of the list's filter as a workbook the team edits and imports back."""
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    findings = selectors.finding_list(campaign=campaign, user=request.user, status=request.GET.get("status", ""),
                                      target_code=request.GET.get("target", ""), check=request.GET.get("check", ""),
                                      severity=request.GET.get("severity", ""), leaf=request.GET.get("leaf", ""))
    response = HttpResponse(findings_export_xlsx(findings=findings), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="findings-{campaign.year}.xlsx"'
    return response


@login_required
def findings_import(request: HttpRequest) -> HttpResponse:
    """A findings sheet back: its edited reviews and deadlines applied, or every bad cell listed and nothing."""
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    return sheet_import_page(
        request, form=FindingsImportForm(request.POST or None, request.FILES or None),
        template="monitoring/findings_import.html",
        apply=lambda data: findings_import_xlsx(campaign=campaign, data=data["file"].read(),
                                                source=data["file"].name or "", actor=request.user),
        refused=_("未导入任何修改"), changed=lambda n: _("已导入：%(n)s 个问题有修改") % {"n": n},
        done="monitoring:findings")


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(pk=pk, user=request.user)
    role = role_of(request.user)
    own = role == Role.WEBMASTER
    ruling = final_ruling(finding)
    return render(request, "monitoring/finding_detail.html", {
        "finding": finding,
        "leaves": selectors.finding_leaves(finding),
        "ruling": ruling,
        "appeals": finding.appeals.select_related("created_by", "decided_by", "reopened_by"),
        "review_form": ReviewForm(prefix="review") if role in TEAM_ROLES and ruling is None else None,
        "rectify_form": RectifyForm(prefix="rectify") if own and finding.status == FindingStatus.CONFIRMED else None,
        "appeal_form": AppealForm(prefix="appeal") if own and ruling is None else None,
        "decision_form": AppealDecisionForm(prefix="decide") if role in APPEAL_DECIDERS else None,
        "reopen_form": AppealReopenForm(prefix="reopen") if role in APPEAL_REOPENERS and ruling is not None else None,
        "archived": selectors.finding_run_target(finding) is not None,
    })


FindingAction = Callable[[HttpRequest, FindingRecord, dict[str, Any]], str]


def _finding_action_view(form_class: type[forms.Form], prefix: str, action: FindingAction) -> Callable[..., HttpResponse]:
    """A POST-only view on one finding: validate FORM_CLASS, call ACTION (one service; returns the success message),
    show its outcome as a message and go back to the finding. Who may act is decided by the service."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        finding = selectors.finding_get(pk=pk, user=request.user)
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[f].label}：{' '.join(e)}" if f in form.fields
                                             else " ".join(e) for f, e in form.errors.items()))
            return redirect("monitoring:finding", pk=finding.pk)
        try:
            text = action(request, finding, form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, text)
        return redirect("monitoring:finding", pk=finding.pk)

    return view


def _review(request: HttpRequest, finding: FindingRecord, data: dict[str, Any]) -> str:
    finding_review(finding=finding, status=data["status"], actor=request.user, reason=data["reason"])
    return _("已审核为“%(status)s”") % {"status": FindingStatus(data["status"]).label}


def _rectify(request: HttpRequest, finding: FindingRecord, data: dict[str, Any]) -> str:
    finding_rectify(finding=finding, actor=request.user, note=data["note"])
    finding.refresh_from_db()
    if finding.status == FindingStatus.RECTIFIED:
        return _("已标记为已整改，系统正在自动复核该页面")
    return _("已标记为已整改；自动复核结果：%(note)s") % {"note": finding.recheck_note}


def _appeal(request: HttpRequest, finding: FindingRecord, data: dict[str, Any]) -> str:
    appeal_create(finding=finding, actor=request.user, reason=data["reason"])
    return _("申诉已提交，等待评估团队裁决")


finding_review_view = _finding_action_view(ReviewForm, "review", _review)
finding_rectify_view = _finding_action_view(RectifyForm, "rectify", _rectify)
appeal_create_view = _finding_action_view(AppealForm, "appeal", _appeal)


@login_required
def rectification(request: HttpRequest) -> HttpResponse:
    """整改: findings sent to their targets with deadlines (the team: every target, with the overdue ones and the
    form that sends confirmed findings; a webmaster: its own, with what to fix by when)."""
    campaign = campaign_current_or_404()
    team = is_team(request.user)
    if request.method == "POST":
        require_role(request.user, *TEAM_ROLES)  # only the team sends
    target_code = request.GET.get("target", "")
    overdue = request.GET.get("overdue") == "1"
    form = None
    if team:
        sendable = findings_sendable(campaign=campaign)
        targets = Target.objects.filter(pk__in=sendable.values("target")).order_by("code")
        policy = rectification_policy_for(campaign)
        form = SendForm(request.POST or None, targets=targets, initial={"working_days": policy.working_days})
        if request.method == "POST" and form.is_valid():
            chosen = form.cleaned_data["target"]
            try:
                sent = findings_send(campaign=campaign, findings=findings_sendable(campaign=campaign, target=chosen),
                                     actor=request.user, working_days=form.cleaned_data["working_days"])
            except (ValidationError, WorkflowError) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("已通报 %(n)s 个问题") % {"n": len(sent)} if sent
                                 else _("没有待通报的已确认问题"))
            return redirect("monitoring:rectification")
        sendable_count = sendable.count()
    else:
        sendable_count = 0
    rows = page_of(selectors.rectification_list(campaign=campaign, user=request.user, target_code=target_code,
                                                overdue=overdue), request.GET.get("page"))
    return render(request, "monitoring/rectification.html", {
        "campaign": campaign, "rows": rows, "form": form, "overdue": overdue, "target_code": target_code,
        "sendable_count": sendable_count, "today": today(),
    })


@login_required
@require_POST
def appeal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, *APPEAL_DECIDERS)
    appeal = get_object_or_404(Appeal, pk=pk)
    form_action_message(request, AppealDecisionForm(request.POST, prefix="decide"), lambda data: appeal_decide(
        appeal=appeal, actor=request.user, upheld=data["decision"] == "upheld", reason=data["reason"]),
        done=_("申诉已裁决"), invalid=_("请填写裁决和理由"))
    return redirect("monitoring:finding", pk=appeal.finding_id)


@login_required
@require_POST
def appeal_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin withdraws a final ruling, with a reason, so the finding can be reviewed again."""
    require_role(request.user, *APPEAL_REOPENERS)
    appeal = get_object_or_404(Appeal, pk=pk)
    form_action_message(request, AppealReopenForm(request.POST, prefix="reopen"),
                        lambda data: appeal_reopen(appeal=appeal, actor=request.user, reason=data["reason"]),
                        done=_("已撤回裁决，该问题可重新审核"), invalid=_("请填写撤回裁决的理由"))
    return redirect("monitoring:finding", pk=appeal.finding_id)


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *TEAM_ROLES)
    campaign = campaign_current_or_404()
    appeals = page_of(selectors.appeals_open(campaign=campaign), request.GET.get("page"))
    return render(request, "monitoring/appeal_list.html", {"appeals": appeals})


@login_required
@require_POST
def recheck(request: HttpRequest, code: str) -> HttpResponse:
    target = get_object_or_404(Target, code=code)
    try:
        run = target_recheck_request(campaign=campaign_current_or_404(), target=target, actor=request.user)
    except (ValidationError, WorkflowError) as exc:
        messages.error(request, error_text(exc))
        return redirect(f"{_findings_url()}?target={target.code}")
    run_enqueue(run)
    messages.success(request, _("已提交复查（监测任务 #%(pk)s）") % {"pk": run.pk})
    if is_team(request.user):
        return redirect("monitoring:run", pk=run.pk)
    return redirect(f"{_findings_url()}?target={target.code}")


def _findings_url() -> str:
    from django.urls import reverse

    return reverse("monitoring:findings")


@login_required
def finding_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """The page as the monitor saw it, from the run's WARC, served inert (sandboxing CSP, no scripts run)."""
    finding = selectors.finding_get(pk=pk, user=request.user)
    return archive_response(finding)


def archive_response(finding: FindingRecord) -> HttpResponse:
    """The finding's archived page as an inert response; 404 when the run kept no copy of it."""
    archived = selectors.archived_response(finding)
    if archived is None:
        raise Http404(_("没有找到该页面的存档"))
    response = HttpResponse(archived.body, content_type=archived.content_type)
    response["Content-Security-Policy"] = ARCHIVE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Archived-URL"] = archived.url.encode("ascii", "backslashreplace").decode("ascii")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response

