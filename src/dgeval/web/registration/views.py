"""Registration pages: the public form, and the team's list, detail and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, require_team
from dgeval.web.audit.selectors import audit_entries_for
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import campaign_current_or_404, phase_get, today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common.listing import page_of
from dgeval.web.registration.forms import RegistrationFilterForm, RegistrationForm, ReviewForm
from dgeval.web.registration.models import Registration
from dgeval.web.registration.selectors import registration_list as select_registrations
from dgeval.web.registration.services import registration_approve, registration_reject, registration_submit

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


def registration_create(request: HttpRequest) -> HttpResponse:
    """The public 参评报名表; shows why when the phase is closed."""
    campaign = campaign_current_or_404()
    phase = phase_get(campaign, PhaseKind.REGISTRATION)
    closed_message = ""
    try:
        phase_require_open(campaign=campaign, kind=PhaseKind.REGISTRATION)
    except WorkflowError as exc:
        closed_message = str(exc)
    form = RegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not closed_message and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "stamped_form"}
        try:
            reg = registration_submit(
                campaign=campaign,
                data=data,
                stamped_form=form.cleaned_data["stamped_form"],
                stamped_form_type=form.sniffed_type,
            )
        except WorkflowError as exc:
            closed_message = str(exc)
        else:
            return render(request, "registration/done.html", {"registration": reg, "campaign": campaign})
    status = 403 if closed_message and request.method == "POST" else 200
    return render(
        request,
        "registration/create.html",
        {"form": form, "campaign": campaign, "phase": phase, "closed_message": closed_message, "today": today()},
        status=status,
    )


@login_required
def registration_list(request: HttpRequest) -> HttpResponse:
    """All registrations by status (team only)."""
    require_team(request.user)
    form = RegistrationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    registrations = select_registrations(status=filters.get("status", ""), q=filters.get("q", ""))
    return render(
        request,
        "registration/list.html",
        {"registrations": page_of(registrations, request.GET.get("page")), "filter_form": form},
    )


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One registration with its review form (admins review; the team may look)."""
    require_team(request.user)
    reg = get_object_or_404(Registration.objects.select_related("campaign", "parent", "target"), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        require_role(request.user, Role.ADMIN)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    registration_approve(
                        registration=reg,
                        actor=request.user,
                        code=form.cleaned_data["code"],
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("已通过，评估对象已创建"))
                else:
                    registration_reject(registration=reg, actor=request.user, reason=form.cleaned_data["reason"])
                    messages.success(request, _("已标记为不通过"))
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("registration:detail", pk=reg.pk)
    return render(
        request, "registration/detail.html", {"reg": reg, "form": form, "history": audit_entries_for(reg)}
    )


@login_required
def registration_file(request: HttpRequest, pk: int) -> FileResponse:
    """The stamped form, served with the type sniffed at upload (team only; never public)."""
    require_team(request.user)
    reg = get_object_or_404(Registration, pk=pk)
    response = FileResponse(
        reg.stamped_form.open("rb"), content_type=CONTENT_TYPES.get(reg.stamped_form_type, "application/octet-stream")
    )
    response["Content-Disposition"] = f'inline; filename="registration-{reg.pk}.{reg.stamped_form.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
