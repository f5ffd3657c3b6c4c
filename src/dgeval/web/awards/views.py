"""Pages of the selection result: the admin's decision on a closed vote, a decision's provenance, the gallery."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.awards import selectors, services
from dgeval.web.awards.models import CaseDecision
from dgeval.web.awards.points import PROPOSE_FROM
from dgeval.web.campaigns.selectors import campaign_current_or_404, today
from dgeval.web.cases.categories import bonus_frameworks
from dgeval.web.cases.models import CaseAttachment, CaseStatus
from dgeval.web.cases.policy import case_policy_for
from dgeval.web.cases.uploads import attachment_response
from dgeval.web.common.frameworks import framework_for
from dgeval.web.publication.selectors import results_published
from dgeval.web.voting.models import RoundState, VoteRound


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The combined result of a closed vote; an admin ticks the selected cases and confirms."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    vote_round = VoteRound.objects.filter(pk=round_pk, campaign=campaign).first()
    if vote_round is None:
        raise Http404(_("没有该网民评选"))
    if request.method == "POST":
        require_role(request.user, Role.ADMIN)
        chosen = {int(v) for v in request.POST.getlist("selected") if v.isdigit()}
        try:
            services.cases_decide(campaign=campaign, vote_round=vote_round, selected=chosen, actor=request.user,
                                  reason=request.POST.get("reason", ""))
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("评选结果已确定，入选案例的加分已计入得分"))
        return redirect("awards:decide", vote_round.pk)
    return render(request, "awards/decide.html", {
        "round": vote_round, "closed": vote_round.state(today()) == RoundState.CLOSED,
        "rows": services.decision_rows(campaign=campaign, vote_round=vote_round),
        "policy": case_policy_for(campaign=campaign), "propose_from": PROPOSE_FROM,
        "is_admin": role_of(request.user) == Role.ADMIN,
    })


def _published_or_team(request: HttpRequest, campaign: Any, *, webmaster_of: Any = None) -> HttpResponse | None:
    """None when the request may see the campaign's case results: they are published, it comes from the admins or
    evaluators, or (WEBMASTER_OF: the targets of a decided case) from the webmaster of one of those targets."""
    role = role_of(request.user)
    if results_published(campaign=campaign) or role in (Role.ADMIN, Role.EVALUATOR):
        return None
    if role == Role.WEBMASTER and webmaster_of is not None and webmaster_of.filter(pk=request.user.target_id).exists():
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("评选结果发布后公开"))


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision: its inputs, weights and points, and the bonus parts it is the source of in the targets' scores
    (public once published; before, to the team and to the webmasters of the case's targets)."""
    decision = CaseDecision.objects.select_related("case__nomination", "vote_round", "campaign").filter(pk=pk).first()
    if decision is None:
        raise Http404(_("没有该评选决定"))
    refused = _published_or_team(request, decision.campaign, webmaster_of=decision.case.targets.all())
    if refused is not None:
        return refused
    return render(request, "awards/decision.html", {
        "decision": decision, "case": decision.case, "parts": selectors.decision_parts(decision=decision),
        "regions": selectors.regions_of(decision.case)})


def gallery(request: HttpRequest) -> HttpResponse:
    """The selected 优秀创新案例 by category, filterable by evaluation; public once the campaign's results are
    published (a publication of the `publication` app), a preview for the admins and evaluators before."""
    campaign = campaign_current_or_404()
    refused = _published_or_team(request, campaign)
    if refused is not None:
        return refused
    framework = request.GET.get("framework", "")
    names = bonus_frameworks(campaign)
    if framework not in ("", *names):
        raise Http404(_("没有该评估"))
    evaluations = [(name, framework_for(campaign=campaign, framework=name).title) for name in names]
    return render(request, "awards/gallery.html", {
        "campaign": campaign, "groups": selectors.gallery(campaign=campaign, framework=framework),
        "evaluations": evaluations, "framework": framework, "published": results_published(campaign=campaign),
    })


def gallery_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A selected case's evidence, downloaded from the gallery: as public as the gallery (see `gallery`)."""
    attachment = CaseAttachment.objects.select_related("case__nomination__campaign").filter(
        pk=pk, case__status=CaseStatus.SELECTED).first()
    if attachment is None:
        raise Http404(_("没有该材料"))
    refused = _published_or_team(request, attachment.case.nomination.campaign)
    if refused is not None:
        return refused
    return attachment_response(attachment)
