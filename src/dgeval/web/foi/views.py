"""Views of 依申请公开: team only; each POST calls one service and redirects back to the request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, require_team, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404, today
from dgeval.web.common.forms import form_errors_from
from dgeval.web.common.listing import page_of
from dgeval.web.common.sheet_import import sheet_import_page
from dgeval.web.foi import selectors, services, sheets
from dgeval.web.foi.forms import (
    AcknowledgeForm,
    AnswerForm,
    CloseForm,
    FilterForm,
    RegisterImportForm,
    ScoreForm,
    SendForm,
)
from dgeval.web.foi.models import FoiAttachment, FoiRequest, FoiStatus



def _request(request: HttpRequest, pk: int) -> FoiRequest:
    try:
        return selectors.foi_request_get(user=request.user, pk=pk)
    except FoiRequest.DoesNotExist:
        raise Http404(_("没有该申请")) from None


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """All requests of the current campaign with their due dates and overdue flags at the as-of date."""
    campaign = campaign_current_or_404()
    as_of = today()
    form = FilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    page = page_of(selectors.foi_requests_visible(user=request.user, campaign=campaign, as_of=as_of, **filters),
                   request.GET.get("page"))
    rows = [(r, r.display_status(as_of), r.is_overdue(as_of)) for r in page]
    return render(
        request, "foi/list.html",
        {"campaign": campaign, "rows": rows, "page": page, "form": form, "as_of": as_of, "statuses": dict(FoiStatus.choices),
         "can_change": role_of(request.user) in (Role.ADMIN, Role.EVALUATOR)},
    )


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """An answer file, served to the team only (requests are confidential tests, not public media)."""
    require_team(request.user)
    try:
        item = FoiAttachment.objects.get(pk=pk)
    except FoiAttachment.DoesNotExist:
        raise Http404(_("没有该附件")) from None
    return FileResponse(item.file.open("rb"), filename=Path(item.file.name).name)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """Record a request sent to a target."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    form = SendForm(request.POST or None, initial={"sent_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            foi = services.foi_request_send(campaign=campaign, actor=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已登记申请"))
            return redirect("foi:detail", pk=foi.pk)
    return render(request, "foi/create.html", {"form": form})


def _detail(request: HttpRequest, foi: FoiRequest, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    as_of = today()
    forms_ = {
        "ack_form": AcknowledgeForm(initial={"received_on": foi.received_on}),
        "answer_form": AnswerForm(initial={"answered_on": foi.answered_on, "answer_text": foi.answer_text}),
        "score_form": ScoreForm(initial={"points": foi.points, "note": foi.score_note}),
        "close_form": CloseForm(),
        **(bound or {}),
    }
    return render(
        request, "foi/detail.html",
        {"foi": foi, "as_of": as_of, "display_status": dict(FoiStatus.choices)[foi.display_status(as_of)],
         "overdue": foi.is_overdue(as_of), "attachments": foi.attachments.all(),
         "can_change": role_of(request.user) in (Role.ADMIN, Role.EVALUATOR),
         "is_admin": role_of(request.user) == Role.ADMIN, **forms_},
        status=400 if bound else 200,
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what was asked, receipt, due date, answer with files, score."""
    return _detail(request, _request(request, pk))


def _action(
    request: HttpRequest, pk: int, form_class: type[forms.Form], key: str, service: Callable[..., Any], done: str,
) -> HttpResponse:
    """Validate FORM_CLASS and call SERVICE(request=<the FOI request>, actor=<the user>, **cleaned data); on error
    show the detail page with the form (under context KEY) and its errors, else go back to it with DONE."""
    require_team(request.user)
    foi = _request(request, pk)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            service(request=foi, actor=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return redirect("foi:detail", pk=foi.pk)
    return _detail(request, foi, {key: form})


@login_required
@require_POST
def request_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, AcknowledgeForm, "ack_form", services.foi_request_acknowledge,
                   _("已登记收到日期，答复期限已计算"))


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, AnswerForm, "answer_form", services.foi_request_answer, _("已登记答复"))


@login_required
@require_POST
def request_score(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, ScoreForm, "score_form", services.foi_request_score, _("已评分并计入指标得分"))


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, CloseForm, "close_form", services.foi_request_close, _("已结案"))


@login_required
def register_export(request: HttpRequest) -> HttpResponse:
    """The register of the list's filter as a workbook evaluators edit and import back."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    as_of = today()
    form = FilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    rows = selectors.foi_requests_visible(user=request.user, campaign=campaign, as_of=as_of, **filters)
    response = HttpResponse(sheets.foi_requests_export_xlsx(requests=rows.select_related("target"), as_of=as_of),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="foi-{campaign.year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    """A register sheet back: its edited receipts, answers and scores applied, or every bad cell listed."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    return sheet_import_page(
        request, form=RegisterImportForm(request.POST or None, request.FILES or None), template="foi/import.html",
        apply=lambda data: sheets.foi_requests_import_xlsx(campaign=campaign, data=data["file"].read(),
                                                           source=data["file"].name or "", actor=request.user),
        refused=_("未导入任何修改"), changed=lambda n: _("已导入：%(n)s 条申请有修改") % {"n": n}, done="foi:list")
