"""Registration pages: the public form with the blank 附件2 and its status page, and the team's list, detail and
review."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _

from dgeval.errors import InputError, WorkflowError
from dgeval.web.accounts.roles import Role, require_role, require_team
from dgeval.web.audit.selectors import audit_entries_for
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import campaign_current_or_404, phase_get, today
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common.listing import page_of
from dgeval.web.registration.duplicates import DuplicateRegistration
from dgeval.web.registration.form2 import blank_docx, blank_xlsx, filled_xlsx_values
from dgeval.web.registration.forms import (
    FilledFormUpload,
    RegistrationFilterForm,
    RegistrationForm,
    ReviewForm,
    StatusLookupForm,
)
from dgeval.web.registration.lookups import status_lookup_allowed
from dgeval.web.registration.models import Registration
from dgeval.web.registration.selectors import registration_by_reference
from dgeval.web.registration.selectors import registration_list as select_registrations
from dgeval.web.registration.services import (
    registration_approve,
    registration_reject,
    registration_submit,
    registration_webmaster_reinvite,
)

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
        except DuplicateRegistration as exc:
            form.add_error(None, str(exc))
        except WorkflowError as exc:
            closed_message = str(exc)
        else:
            return render(request, "registration/done.html", {"registration": reg, "campaign": campaign})
    status = 403 if closed_message and request.method == "POST" else 200
    return render(
        request,
        "registration/create.html",
        {"form": form, "campaign": campaign, "phase": phase, "closed_message": closed_message, "today": today(),
         "filled_form": FilledFormUpload()},
        status=status,
    )


def registration_prefill(request: HttpRequest) -> HttpResponse:
    """The form filled in from an uploaded 附件2 workbook: the county checks it, adds the scan and submits."""
    campaign = campaign_current_or_404()
    upload = FilledFormUpload(request.POST or None, request.FILES or None)
    initial: dict[str, str] = {}
    if request.method == "POST" and upload.is_valid():
        file = upload.cleaned_data["filled_form"]
        try:
            initial = filled_xlsx_values(file.read(), file.name)
        except InputError as exc:
            upload.add_error("filled_form", str(exc))
        else:
            if not initial:
                upload.add_error("filled_form", _("工作簿中没有找到附件2的栏目（如“网站名称”），请使用本页提供的空白报名表填写"))
            else:
                messages.info(request, _("已按上传的报名表填好 %(n)d 项，请核对，补填行政区划代码并上传盖章扫描件后提交。")
                              % {"n": len(initial)})
    return render(request, "registration/create.html", {
        "form": RegistrationForm(initial=initial), "campaign": campaign,
        "phase": phase_get(campaign, PhaseKind.REGISTRATION), "closed_message": "", "today": today(),
        "filled_form": upload})


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def registration_blank_xlsx(request: HttpRequest) -> HttpResponse:
    """The blank 附件2 as a workbook."""
    return _download(blank_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "附件2-区县政府网站参评报名表.xlsx")


def registration_blank_docx(request: HttpRequest) -> HttpResponse:
    """The blank 附件2 as a Word document."""
    return _download(blank_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "附件2-区县政府网站参评报名表.docx")


def registration_status(request: HttpRequest) -> HttpResponse:
    """The public status page: reference + contact e-mail or phone → 待审核 / 已通过 / 已退回 (with the reason).

    A wrong pair and an unknown reference read the same, so the page says nothing about anyone else's registration.
    """
    form = StatusLookupForm(request.GET or None)
    reg = None
    looked_up = form.is_bound and form.is_valid()
    if looked_up and not status_lookup_allowed(request.META.get("REMOTE_ADDR", "")):
        form.add_error(None, _("查询过于频繁，请一小时后再试"))
        return render(request, "registration/status.html", {"form": form, "looked_up": False}, status=429)
    if looked_up:
        reg = registration_by_reference(reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"])
    return render(request, "registration/status.html", {"form": form, "reg": reg, "looked_up": looked_up})


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
                        site_url=request.build_absolute_uri("/"),
                    )
                    messages.success(request, _("已通过：评估对象和网站主管单位账户已创建，设置密码的链接已发送至联系人邮箱"))
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
@require_POST
def registration_reinvite(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail the county's webmaster a fresh set-password link (admins)."""
    reg = get_object_or_404(Registration, pk=pk)
    try:
        webmaster = registration_webmaster_reinvite(registration=reg, actor=request.user,
                                                    site_url=request.build_absolute_uri("/"))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("设置密码的链接已重新发送至 %(email)s") % {"email": webmaster.email})
    return redirect("registration:detail", pk=reg.pk)


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
