"""Views of 政务新媒体: the team reads, admins and evaluators import and edit; each POST calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dgeval.errors import WorkflowError
from dgeval.newmedia.checks import check_title
from dgeval.newmedia.files import ExportError
from dgeval.web.accounts.roles import Role, require_role, require_team, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404, today
from dgeval.web.common.forms import form_errors_from
from dgeval.web.common.listing import page_of
from dgeval.web.newmedia import selectors, services
from dgeval.web.newmedia.forms import AccountForm, ExportFileForm, FilterForm, PolicyForm, ReviewForm
from dgeval.web.newmedia.models import Account, AccountFinding, DataKind, Platform, PlatformCheck
from dgeval.web.targets.models import Target


def _can_change(request: HttpRequest) -> bool:
    return role_of(request.user) in services.WORKERS


def _account(request: HttpRequest, pk: int) -> Account:
    try:
        return selectors.account_get(user=request.user, pk=pk)
    except Account.DoesNotExist:
        raise Http404(_("没有该账号")) from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Owners per platform with their latest check, and every account with its data."""
    campaign = campaign_current_or_404()
    form = FilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    accounts = page_of(selectors.accounts_visible(user=request.user, **filters), request.GET.get("page"))
    checks = selectors.platform_checks(user=request.user, campaign=campaign, level=filters.get("level", ""),
                                       platform=filters.get("platform", ""))
    return render(request, "newmedia/index.html", {
        "campaign": campaign, "form": form, "accounts": accounts, "checks": checks,
        "policy": services.policy_for(campaign=campaign), "as_of": today(), "can_change": _can_change(request),
        "is_admin": role_of(request.user) == Role.ADMIN,
    })


@login_required
@require_http_methods(["GET", "POST"])
def accounts_import(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *services.WORKERS)
    campaign = campaign_current_or_404()
    form = ExportFileForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.accounts_import(campaign=campaign, data=upload.read(), filename=upload.name,
                                              actor=request.user)
        except ExportError as exc:
            errors = [str(e) for e in exc.errors]
        else:
            messages.success(request, _("已导入账号：新增 %(created)d 个，更新 %(updated)d 个") % {
                "created": result.created, "updated": result.updated})
            return redirect("newmedia:index")
    return render(request, "newmedia/import.html", {
        "form": form, "errors": errors, "title": _("导入账号名录"), "columns": "accounts",
    }, status=400 if errors or form.errors else 200)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    return render(request, "newmedia/account_detail.html", {
        "account": account, "coverage": selectors.account_coverage(account=account),
        "findings": account.findings.select_related("reviewed_by").order_by("status", "check_name"),
        "form": ExportFileForm(), "can_change": _can_change(request),
    })


@login_required
@require_POST
def account_data_import(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Import posts or messages of one account; a refused file shows its errors by row and column."""
    require_role(request.user, *services.WORKERS)
    if kind not in DataKind.values:
        raise Http404(_("没有这种数据"))
    account = _account(request, pk)
    campaign = campaign_current_or_404()
    form = ExportFileForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        service = services.posts_import if kind == DataKind.POSTS else services.messages_import
        try:
            record = service(campaign=campaign, account=account, data=upload.read(), filename=upload.name,
                             actor=request.user)
        except ExportError as exc:
            errors = [str(e) for e in exc.errors]
        except WorkflowError as exc:
            errors = [str(exc)]
        else:
            messages.success(request, _("已导入%(kind)s %(rows)d 行：新增 %(created)d，更新 %(updated)d；已重新检查") % {
                "kind": record.get_data_kind_display(), "rows": record.rows, "created": record.created,
                "updated": record.updated})
            return redirect("newmedia:account", pk=account.pk)
    return render(request, "newmedia/import.html", {
        "form": form, "errors": errors, "account": account, "columns": kind,
        "title": _("导入%(kind)s：%(account)s") % {"kind": DataKind(kind).label, "account": account},
    }, status=400)


def _account_form(request: HttpRequest, account: Account | None) -> HttpResponse:
    require_role(request.user, *services.WORKERS)
    campaign = campaign_current_or_404()
    initial: dict[str, Any] = {}
    if account is not None:
        initial = {"owner": account.owner, "kind": account.kind, "name": account.name,
                   "platform_id": account.platform_id, "url": account.url, "verification": account.verification,
                   "verified_subject": account.verified_subject, "opened_on": account.opened_on,
                   "status": account.status, "registered": account.registered}
    form = AccountForm(request.POST or None, initial=initial, owner_kinds=selectors.owner_kinds(campaign=campaign))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.account_save(campaign=campaign, actor=request.user, account=account, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已保存账号并重新检查"))
            return redirect("newmedia:account", pk=saved.pk)
    return render(request, "newmedia/account_form.html", {"form": form, "account": account},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    return _account_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_form(request, _account(request, pk))


def _check(request: HttpRequest, code: str, platform: str) -> PlatformCheck:
    require_team(request.user)
    if platform not in Platform.values:
        raise Http404(_("没有这个平台"))
    campaign = campaign_current_or_404()
    target = get_object_or_404(Target, code=code)
    check = PlatformCheck.objects.filter(campaign=campaign, target=target, platform=platform).select_related(
        "campaign", "target", "ran_by").first()
    if check is None:
        raise Http404(_("该单位在此平台尚未检查"))
    return check


@login_required
def platform_detail(request: HttpRequest, code: str, platform: str) -> HttpResponse:
    """One owner on one platform: its accounts, what the checks observed, the leaf arithmetic and the findings."""
    check = _check(request, code, platform)
    return render(request, "newmedia/platform.html", {
        "check": check, "leaves": selectors.platform_leaves(check=check),
        "findings": selectors.platform_findings(check=check), "review_form": ReviewForm(),
        "accounts": Account.objects.filter(channel__target=check.target, kind__in=selectors.kinds_on(platform))
        .select_related("channel"),
        "skipped": {check_title(name): why for name, why in check.skipped.items()},
    })


@login_required
@require_POST
def checks_run(request: HttpRequest) -> HttpResponse:
    """Run the checks again for every owner and platform (the team)."""
    require_team(request.user)
    campaign = campaign_current_or_404()
    try:
        done = services.platform_checks_run_all(campaign=campaign, actor=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新检查 %(count)d 个单位平台") % {"count": len(done)})
    return redirect("newmedia:index")


@login_required
@require_POST
def findings_confirm(request: HttpRequest, code: str, platform: str) -> HttpResponse:
    check = _check(request, code, platform)
    count = services.findings_confirm_pending(campaign=check.campaign, target=check.target, platform=platform,
                                              actor=request.user)
    messages.success(request, _("已确认 %(count)d 个问题，得分已更新") % {"count": count})
    return redirect("newmedia:platform", code=code, platform=platform)


@login_required
@require_POST
def finding_review(request: HttpRequest, pk: int) -> HttpResponse:
    require_team(request.user)
    finding = get_object_or_404(AccountFinding.objects.select_related("target"), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.finding_review(finding=finding, actor=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已审核，得分已更新"))
            return redirect("newmedia:platform", code=finding.target.code, platform=finding.platform)
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    return redirect("newmedia:platform", code=finding.target.code, platform=finding.platform)


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    """The live rankings per platform and owner level (the team's view; the published ones are under /results/)."""
    campaign = campaign_current_or_404()
    return render(request, "newmedia/rankings.html", {
        "campaign": campaign, "rankings": selectors.rankings_live(user=request.user, campaign=campaign),
    })


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    campaign = campaign_current_or_404()
    policy = services.policy_for(campaign=campaign)
    form = PolicyForm(request.POST or None, initial={
        "window_start": policy.window_start, "window_end": policy.window_end,
        "reply_limit_workdays": policy.reply_limit_workdays, "dormant_days": policy.dormant_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.newmedia_policy_set(campaign=campaign, actor=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已保存评估设置并重新检查"))
            return redirect("newmedia:index")
    return render(request, "newmedia/policy.html", {"form": form, "policy": policy},
                  status=400 if form.errors else 200)
