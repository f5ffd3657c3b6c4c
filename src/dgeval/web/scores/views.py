"""Scores pages: the rankings per framework/column, a target's leaves, and one leaf with the source of every point."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dgeval.web.accounts.roles import require_target_access, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404
from dgeval.web.common.forms import form_errors_from
from dgeval.web.common.frameworks import framework_for
from dgeval.web.common.listing import page_of
from dgeval.web.scores import selectors
from dgeval.web.scores.forms import OverrideForm
from dgeval.web.scores.services import OVERRIDERS, leaf_override_set
from dgeval.web.targets.models import Target


def _refuse_rankings(request: HttpRequest, campaign: Any) -> HttpResponse | None:
    """None when the user may see rankings; a login redirect for anonymous visitors; 403 for other logged-in users."""
    if selectors.rankings_visible(user=request.user, campaign=campaign):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("结果发布前，排名仅评估团队可见"))


def index(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current_or_404()
    refused = _refuse_rankings(request, campaign)
    if refused is not None:
        return refused
    return render(request, "scores/index.html", {
        "campaign": campaign, "summaries": selectors.ranking_summaries(campaign=campaign),
        "published": selectors.rankings_published(campaign=campaign),
    })


def ranking(request: HttpRequest, framework: str, column: str) -> HttpResponse:
    campaign = campaign_current_or_404()
    refused = _refuse_rankings(request, campaign)
    if refused is not None:
        return refused
    if (framework, column) not in selectors.evaluations(campaign=campaign):
        raise Http404(_("没有这个排名"))
    try:
        level1, rows = selectors.ranking(campaign=campaign, framework=framework, column=column)
    except ValidationError as exc:
        raise Http404("；".join(exc.messages)) from exc
    fw = framework_for(campaign=campaign, framework=framework)
    q = request.GET.get("q", "")
    rows = page_of(selectors.ranking_rows_matching(rows, q), request.GET.get("page"))
    return render(request, "scores/ranking.html", {
        "campaign": campaign, "framework": framework, "column": column, "fw": fw,
        "column_label": fw.column_labels.get(column, column), "level1": level1, "rows": rows, "q": q,
    })


def _evaluated_target(request: HttpRequest, campaign: Any, code: str, framework: str, column: str) -> Target:
    target = get_object_or_404(Target, code=code)
    require_target_access(request.user, target)
    if (framework, column) not in target.evaluations(campaign):
        raise Http404(_("该评估对象不参加这项评估"))
    return target


@login_required
def target_detail(request: HttpRequest, code: str, framework: str, column: str) -> HttpResponse:
    campaign = campaign_current_or_404()
    target = _evaluated_target(request, campaign, code, framework, column)
    rows = selectors.target_leaves(campaign=campaign, target=target, framework=framework, column=column,
                                   user=request.user)
    fw = framework_for(campaign=campaign, framework=framework)
    return render(request, "scores/target_detail.html", {
        "campaign": campaign, "target": target, "framework": framework, "column": column, "fw": fw,
        "column_label": fw.column_labels.get(column, column), "rows": rows,
        "total": sum(r.leaf.points for r in rows if r.leaf), "scored": sum(1 for r in rows if r.leaf),
    })


def _leaf_page(request: HttpRequest, code: str, framework: str, column: str, leaf: str,
               form: OverrideForm | None = None, status: int = 200) -> HttpResponse:
    campaign = campaign_current_or_404()
    target = _evaluated_target(request, campaign, code, framework, column)
    fw = framework_for(campaign=campaign, framework=framework)
    if not fw.has(leaf) or not fw.indicator(leaf).applies_to(column):
        raise Http404(_("没有这个指标"))
    detail = selectors.leaf_detail(campaign=campaign, target=target, framework=framework, column=column, code=leaf,
                                   user=request.user)
    can_override = role_of(request.user) in OVERRIDERS
    return render(request, "scores/leaf_detail.html", {
        "campaign": campaign, "target": target, "framework": framework, "column": column, "fw": fw,
        "column_label": fw.column_labels.get(column, column), "detail": detail, "row": detail.row,
        "override_form": (form or OverrideForm()) if can_override else None,
    }, status=status)


@login_required
def leaf_detail(request: HttpRequest, code: str, framework: str, column: str, leaf: str) -> HttpResponse:
    return _leaf_page(request, code, framework, column, leaf)


@login_required
@require_POST
def leaf_override(request: HttpRequest, code: str, framework: str, column: str, leaf: str) -> HttpResponse:
    """An evaluator scores the whole leaf with a reason (audited); the form comes back with its errors."""
    if role_of(request.user) not in OVERRIDERS:
        raise PermissionDenied(_("只有管理员和评估员可以覆盖整项得分"))
    campaign = campaign_current_or_404()
    target = _evaluated_target(request, campaign, code, framework, column)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            leaf_override_set(campaign=campaign, target=target, framework=framework, column=column, code=leaf,
                              points=form.cleaned_data["points"], actor=request.user,
                              reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已覆盖整项得分"))
            return redirect("scores:leaf", code, framework, column, leaf)
    return _leaf_page(request, code, framework, column, leaf, form=form, status=400)
