"""Team pages for targets: list, detail, Excel export and import."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dgeval.errors import InputError
from dgeval.web.accounts.roles import Role, require_role, require_target_access, require_team, role_of
from dgeval.web.audit.selectors import audit_entries_for
from dgeval.web.common.listing import page_of
from dgeval.web.targets.forms import AllowPrivateForm, TargetFilterForm, TargetImportForm
from dgeval.web.targets.models import Target
from dgeval.web.targets.selectors import target_list as select_targets
from dgeval.web.targets.services import target_allow_private_set, targets_import_registry
from dgeval.web.targets.xlsx import targets_export_xlsx, targets_import_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    """All targets with filters (team only)."""
    require_team(request.user)
    form = TargetFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    targets = select_targets(kind=filters.get("kind", ""), q=filters.get("q", ""))
    page = page_of(targets, request.GET.get("page"))
    return render(
        request, "targets/list.html", {"form": form, "page": page, "import_form": TargetImportForm()}
    )


@login_required
def target_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One target: hierarchy, channels, evaluations, children (team, or its own webmaster)."""
    target = get_object_or_404(Target.objects.select_related("parent"), code=code)
    require_target_access(request.user, target)
    return render(
        request,
        "targets/detail.html",
        {
            "target": target,
            "channels": target.channels.all(),
            "children": target.children.order_by("code"),
            "ancestors": list(reversed(target.ancestors())),
            "history": audit_entries_for(target)[:20],
            "allow_private_form": AllowPrivateForm(initial={"allow": "1" if target.allow_private else "0"})
            if role_of(request.user) == Role.ADMIN else None,
        },
    )


@login_required
@require_POST
def target_allow_private(request: HttpRequest, code: str) -> HttpResponse:
    """An admin allows or stops scans of the target's private/loopback address, with a reason."""
    target = get_object_or_404(Target, code=code)
    form = AllowPrivateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择是否允许并填写理由"))
        return redirect("targets:detail", code=code)
    try:
        target_allow_private_set(target=target, allow=form.cleaned_data["allow"], reason=form.cleaned_data["reason"],
                                 actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已保存，记入审计日志"))
    return redirect("targets:detail", code=code)


@login_required
def target_export(request: HttpRequest) -> HttpResponse:
    """Download all targets and channels as .xlsx (team only)."""
    require_team(request.user)
    buf = BytesIO()
    targets_export_xlsx(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="targets.xlsx"'
    return response


@login_required
@require_POST
def target_import(request: HttpRequest) -> HttpResponse:
    """Upload an .xlsx; all-or-nothing (admin and evaluators)."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    form = TargetImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要导入的 Excel 文件"))
        return redirect("targets:list")
    try:
        result = targets_import_xlsx(form.cleaned_data["file"], actor=request.user)
    except InputError as exc:
        for line in str(exc).splitlines():
            messages.error(request, line)
    else:
        messages.success(
            request,
            _("导入完成：新增 %(c)d 个，更新 %(u)d 个评估对象；新增 %(cc)d 个渠道。")
            % {"c": result.created, "u": result.updated, "cc": result.channels_created},
        )
    return redirect("targets:list")


@login_required
@require_POST
def registry_import(request: HttpRequest) -> HttpResponse:
    """Load the foundation registry (provinces, key cities, ministries); admin only."""
    require_role(request.user, Role.ADMIN)
    result = targets_import_registry(actor=request.user)
    messages.success(request, _("名录导入完成：新增 %(c)d 个，更新 %(u)d 个。") % {"c": result.created, "u": result.updated})
    return redirect("targets:list")
