"""Scores pages: the rankings per framework/column and a target's leaves with the source of every point."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dgeval.web.accounts.roles import require_target_access
from dgeval.web.campaigns.selectors import campaign_current_or_404
from dgeval.web.scores import selectors
from dgeval.web.targets.models import Target



def _refuse_rankings(request: HttpRequest, campaign) -> HttpResponse | None:
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
    if (framework, column) not in selectors.EVALUATIONS:
        raise Http404(_("没有这个排名"))
    try:
        level1, rows = selectors.ranking(campaign=campaign, framework=framework, column=column)
    except ValidationError as exc:
        raise Http404(str(exc)) from exc
    fw = selectors.framework_for(campaign=campaign, framework=framework)
    return render(request, "scores/ranking.html", {
        "campaign": campaign, "framework": framework, "column": column, "fw": fw,
        "column_label": fw.column_labels.get(column, column), "level1": level1, "rows": rows,
    })


@login_required
def target_detail(request: HttpRequest, code: str, framework: str, column: str) -> HttpResponse:
    campaign = campaign_current_or_404()
    target = get_object_or_404(Target, code=code)
    require_target_access(request.user, target)
    if (framework, column) not in target.evaluations():
        raise Http404(_("该评估对象不参加这项评估"))
    rows = selectors.target_leaves(campaign=campaign, target=target, framework=framework, column=column)
    fw = selectors.framework_for(campaign=campaign, framework=framework)
    total = sum(r.leaf.points for r in rows if r.leaf)
    return render(request, "scores/target_detail.html", {
        "campaign": campaign, "target": target, "framework": framework, "column": column, "fw": fw,
        "column_label": fw.column_labels.get(column, column), "rows": rows, "total": total,
        "scored": sum(1 for r in rows if r.leaf),
    })
