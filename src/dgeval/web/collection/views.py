"""Views of manual collection: parse the request, call one service or selector, render or redirect.

PermissionDenied from a service becomes HTTP 403; WorkflowError and ValidationError are shown on the form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, require_team, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404
from dgeval.web.collection import selectors, services
from dgeval.web.collection.forms import (
    AssignForm,
    GenerateForm,
    ImportForm,
    ItemFilterForm,
    ReconcileForm,
    ReconcilerForm,
    ScoreForm,
)
from dgeval.web.collection.models import ManualScore, WorkItem
from dgeval.web.common.forms import form_action_message, form_errors_from
from dgeval.web.common.listing import page_of
from dgeval.web.common.sheet_import import sheet_import_page


def _item(request: HttpRequest, pk: int) -> WorkItem:
    try:
        return selectors.work_item_get(user=request.user, pk=pk)
    except WorkItem.DoesNotExist:
        raise Http404(_("没有该采集任务")) from None


def _filtered(items: QuerySet[WorkItem], form: ItemFilterForm, *, by_status: bool) -> QuerySet[WorkItem]:
    """ITEMS narrowed by the filter form's target and assignee (first or second), and its status if BY_STATUS."""
    if not form.is_valid():
        return items
    data = form.cleaned_data
    if by_status and data["status"]:
        items = items.filter(status=data["status"])
    if data["target"]:
        items = items.filter(target=data["target"])
    if data["assignee"]:
        items = items.filter(assignee=data["assignee"]) | items.filter(second_assignee=data["assignee"])
    return selectors.items_of_leaf(items, data.get("leaf", ""))


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    """Work items the user may see, with filters; an evaluator sees their own."""
    require_team(request.user)
    campaign = campaign_current_or_404()
    items = selectors.work_items_visible(user=request.user, campaign=campaign)
    form = ItemFilterForm(request.GET or None, leaves=selectors.item_leaf_choices(items=items))
    page = page_of(_filtered(items, form, by_status=True), request.GET.get("page"))
    shown = list(page)
    scopes = selectors.item_scopes(items=shown)
    return render(
        request,
        "collection/list.html",
        {"campaign": campaign, "rows": [(item, scopes[item.pk]) for item in shown], "page": page, "form": form,
         "query": request.GET.urlencode()},
    )


def _can(check: Any, item: WorkItem, user: Any) -> bool:
    try:
        check(item, user)
    except (PermissionDenied, WorkflowError):  # the form is simply not offered
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page of one leaf: criteria, weight, evidence form; POST saves a draft or submits."""
    item = _item(request, pk)
    view = selectors.work_item_view(user=request.user, item=item)
    score_form = ScoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if score_form.is_valid():
            data = score_form.cleaned_data
            try:
                services.manual_score_save(
                    item=item,
                    actor=request.user,
                    points=data["points"],
                    submit=request.POST.get("action") == "submit",
                    evidence_url=data["evidence_url"],
                    screenshot=data["screenshot"],
                    note=data["note"],
                    override_reason=data["override_reason"],
                )
            except (ValidationError, WorkflowError) as exc:
                form_errors_from(score_form, exc)
            else:
                messages.success(request, _("评分已保存"))
                return redirect("collection:item", pk=item.pk)
    elif view.own is not None:
        own = view.own
        score_form = ScoreForm(initial={"points": own.points, "evidence_url": own.evidence_url, "note": own.note})
    return _item_page(request, item, view=view, score_form=score_form, reconcile_form=ReconcileForm())


def _item_page(
    request: HttpRequest,
    item: WorkItem,
    *,
    score_form: ScoreForm,
    reconcile_form: ReconcileForm,
    view: Any = None,
    can_reconcile: bool | None = None,
    status: int = 200,
) -> HttpResponse:
    """The item page with the given forms (bound ones show their errors); which forms are offered comes from services."""
    return render(
        request,
        "collection/item.html",
        {
            "view": view or selectors.work_item_view(user=request.user, item=item),
            "form": score_form,
            "can_score": _can(services.score_permission_check, item, request.user),
            "can_reconcile": (_can(services.reconcile_permission_check, item, request.user)
                              if can_reconcile is None else can_reconcile),
            "reconcile_form": reconcile_form,
            "assign_form": AssignForm(
                initial={
                    "assignee": item.assignee_id,
                    "second_assignee": item.second_assignee_id,
                    "reconciler": item.reconciler_id,
                }
            ),
            "reconciler_form": ReconcilerForm(initial={"reconciler": item.reconciler_id}),
            "is_admin": role_of(request.user) == Role.ADMIN,
        },
        status=status,
    )


@login_required
def screenshot(request: HttpRequest, pk: int) -> FileResponse:
    """A score's screenshot, served to those who may see the score (evidence is not public media)."""
    try:
        score = ManualScore.objects.select_related("work_item").get(pk=pk)
    except ManualScore.DoesNotExist:
        raise Http404(_("没有该截图")) from None
    item = _item(request, score.work_item_id)
    view = selectors.work_item_view(user=request.user, item=item)
    if score not in view.visible_scores or not score.screenshot:
        raise Http404(_("没有该截图"))
    return FileResponse(score.screenshot.open("rb"), filename=Path(score.screenshot.name).name)


@login_required
@require_POST
def item_reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    """Final points for a double-scored item whose scores differ beyond the margin."""
    item = _item(request, pk)
    form = ReconcileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.work_item_reconcile(
                item=item,
                actor=request.user,
                points=data["points"],
                reason=data["reason"],
                evidence_url=data["evidence_url"],
                note=data["note"],
                override_reason=data["override_reason"],
            )
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("复核完成"))
            return redirect("collection:item", pk=item.pk)
    # The reconcile form was posted: keep it offered with its errors.
    return _item_page(request, item, score_form=ScoreForm(), reconcile_form=form, can_reconcile=True, status=400)


@login_required
@require_POST
def item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Reassign an item (admin)."""
    require_role(request.user, Role.ADMIN)
    item = _item(request, pk)
    form_action_message(request, AssignForm(request.POST),
                        lambda data: services.work_item_assign(item=item, actor=request.user, **data),
                        done=_("已重新分配"), invalid=_("分配信息有误"))
    return redirect("collection:item", pk=item.pk)


@login_required
@require_POST
def item_reconciler(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the third scorer of a double-scored item (admin)."""
    require_role(request.user, Role.ADMIN)
    item = _item(request, pk)
    form_action_message(request, ReconcilerForm(request.POST),
                        lambda data: services.work_item_reconciler_assign(item=item, actor=request.user, **data),
                        done=_("已指定复核人"), invalid=_("请选择复核人"))
    return redirect("collection:item", pk=item.pk)


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """Progress dashboards: counts by status and share done, per evaluator and per target."""
    require_team(request.user)
    campaign = campaign_current_or_404()
    return render(
        request,
        "collection/progress.html",
        {
            "campaign": campaign,
            "by_evaluator": selectors.progress_by_evaluator(user=request.user, campaign=campaign),
            "by_target": selectors.progress_by_target(user=request.user, campaign=campaign),
            "statuses": WorkItem._meta.get_field("status").choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    """Create and assign work items for chosen targets (admin)."""
    require_role(request.user, Role.ADMIN)
    campaign = campaign_current_or_404()
    form = GenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.work_items_generate(
                campaign=campaign,
                targets=data["targets"],
                evaluators=list(data["evaluators"]),
                double=data["double"],
                scope=data["scope"],
                actor=request.user,
            )
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已生成 %(n)s 项采集任务") % {"n": len(created)})
            return redirect("collection:list")
    return render(request, "collection/generate.html", {"form": form, "campaign": campaign})


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The blank template for the visible items, narrowed by ?assignee= or ?target= (an evaluator: their own)."""
    require_team(request.user)
    campaign = campaign_current_or_404()
    items = selectors.work_items_visible(user=request.user, campaign=campaign).select_related(
        "campaign", "target", "final_score")
    items = _filtered(items, ItemFilterForm(request.GET or None), by_status=False)
    content = services.work_items_export_xlsx(items=items, actor=request.user)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="collection-{campaign.year}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_xlsx(request: HttpRequest) -> HttpResponse:
    """Submit the scores of a filled template; every bad row is listed and nothing is stored."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    return sheet_import_page(
        request, form=ImportForm(request.POST or None, request.FILES or None), template="collection/import.html",
        apply=lambda data: services.work_items_import_xlsx(campaign=campaign, upload=data["file"], actor=request.user,
                                                           override_reason=data["override_reason"]),
        refused=_("未导入任何评分"), changed=lambda n: _("已导入 %(n)s 项评分") % {"n": n}, done="collection:list",
        context={"campaign": campaign})
