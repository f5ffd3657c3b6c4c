"""Pages of the public vote (网民评选) and of its administration.

The public pages carry the guards a script meets first: a device cookie, per-address and per-device rate limits
(django-ratelimit, answered with HTTP 429 and a Chinese message), a CAPTCHA before a code is sent, and a verified
identity in the session before a vote counts.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, is_team, require_role, role_of
from dgeval.web.campaigns.selectors import campaign_current_or_404, today
from dgeval.web.cases.categories import category_counts_in
from dgeval.web.cases.clients import client_ip
from dgeval.web.cases.models import Case
from dgeval.web.common.forms import form_errors_from
from dgeval.web.voting import export, selectors, services
from dgeval.web.voting.anomalies import KINDS
from dgeval.web.voting.forms import CodeConfirmForm, CodeRequestForm, RoundForm, VoidForm
from dgeval.web.voting.models import RoundState, Voter, VoteRound

DEVICE_COOKIE = "dgeval_device"
VOTER_SESSION = "dgeval_voter"
#: A verified voter stays verified in their browser session for this long.
VOTER_SESSION_SECONDS = 12 * 3600
#: (group, rate) per address and per device for each guarded step.
LIMITS = {
    "code": ("5/h", "5/h"),
    "confirm": ("30/h", "20/h"),
    "cast": ("60/h", "40/h"),
}
ANOMALY_LABELS = {
    "burst": gettext_lazy("同一网段短时集中投票"),
    "address_range": gettext_lazy("同一网段当日大量不同投票人"),
    "shared_device": gettext_lazy("同一设备多人投票"),
    "identical_agent": gettext_lazy("相同浏览器标识批量投票"),
    "rate_limited": gettext_lazy("触发频率限制的设备或网段"),
    "night": gettext_lazy("凌晨时段投票"),
}


def _device(request: HttpRequest) -> str:
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt="vote-device") or ""


def device_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the signed device cookie, or the address for a client that does not keep cookies."""
    return _device(request) or f"ip:{client_ip(request)}"


def _limited(request: HttpRequest, step: str) -> bool:
    """True once this address or this device used up STEP's allowance (counts this request)."""
    per_ip, per_device = LIMITS[step]
    by_ip = is_ratelimited(request, group=f"vote-{step}-ip", key="dgeval.web.cases.clients.ratelimit_ip",
                           rate=per_ip, method="POST", increment=True)
    by_device = is_ratelimited(request, group=f"vote-{step}-device", key="dgeval.web.voting.views.device_key",
                               rate=per_device, method="POST", increment=True)
    return by_ip or by_device


def _voter(request: HttpRequest) -> Voter | None:
    pk = request.session.get(VOTER_SESSION)
    return Voter.objects.filter(pk=pk).first() if pk else None


def _round(pk: int, user: Any) -> VoteRound:
    vote_round = VoteRound.objects.filter(pk=pk).select_related("campaign").first()
    if vote_round is None:
        raise Http404(_("没有该网民评选"))
    if vote_round.published_at is None and role_of(user) not in (Role.ADMIN, Role.EVALUATOR):
        raise PermissionDenied(_("投票规则公布前，该网民评选不公开"))
    return vote_round


def index(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current_or_404()
    on = today()
    rounds = [(r, r.state(on)) for r in selectors.rounds_public(campaign=campaign)]
    return render(request, "voting/index.html", {"rounds": rounds})


def _round_page(request: HttpRequest, vote_round: VoteRound, *, status: int = 200, **forms: Any) -> HttpResponse:
    state = vote_round.state(today())
    voter = _voter(request)
    show_totals = state == RoundState.CLOSED or is_team(request.user)
    totals = selectors.round_totals(vote_round=vote_round)
    if not show_totals:
        totals = sorted(totals, key=lambda t: (t.case.category, t.case.pk))
    response = render(request, "voting/round.html", {
        "round": vote_round, "state": state, "voter": voter, "show_totals": show_totals,
        "rows": [(t, category_counts_in(t.case.category, vote_round.campaign)) for t in totals],
        "request_form": forms.get("request_form") or CodeRequestForm(),
        "confirm_form": forms.get("confirm_form") or CodeConfirmForm(),
        "pending_identity": request.session.get("dgeval_pending_identity", ""),
    }, status=status)
    if not _device(request):
        response.set_signed_cookie(DEVICE_COOKIE, secrets.token_hex(16), salt="vote-device", max_age=365 * 86400,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
    return response


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_page(request, _round(pk, request.user))


def _too_many(request: HttpRequest, vote_round: VoteRound, step: str) -> HttpResponse:
    services.throttle_record(vote_round=vote_round, step=step, ip=client_ip(request), device=_device(request))
    messages.error(request, _("操作过于频繁，请稍后再试"))
    return _round_page(request, vote_round, status=429)


@require_POST
def code_request(request: HttpRequest, pk: int) -> HttpResponse:
    vote_round = _round(pk, request.user)
    if _limited(request, "code"):
        return _too_many(request, vote_round, "code")
    form = CodeRequestForm(request.POST)
    if form.is_valid():
        try:
            identity = services.code_request(vote_round=vote_round, identity=form.cleaned_data["identity"])
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            request.session["dgeval_pending_identity"] = identity
            messages.success(request, _("验证码已发送至 %(identity)s，10 分钟内有效") % {"identity": identity})
            return redirect("vote:round", vote_round.pk)
    return _round_page(request, vote_round, status=400, request_form=form)


@require_POST
def code_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    vote_round = _round(pk, request.user)
    if _limited(request, "confirm"):
        return _too_many(request, vote_round, "confirm")
    form = CodeConfirmForm(request.POST)
    identity = request.session.get("dgeval_pending_identity", "")
    if not identity:
        messages.error(request, _("请先获取验证码"))
        return redirect("vote:round", vote_round.pk)
    if form.is_valid():
        try:
            voter = services.code_confirm(identity=identity, code=form.cleaned_data["code"])
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            request.session.cycle_key()
            request.session[VOTER_SESSION] = voter.pk
            request.session.set_expiry(VOTER_SESSION_SECONDS)
            request.session.pop("dgeval_pending_identity", None)
            messages.success(request, _("身份已验证，可以投票"))
            return redirect("vote:round", vote_round.pk)
    return _round_page(request, vote_round, status=400, confirm_form=form)


@require_POST
def vote_cast(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    vote_round = _round(pk, request.user)
    if _limited(request, "cast"):
        return _too_many(request, vote_round, "cast")
    voter = _voter(request)
    case = Case.objects.filter(pk=case_pk).first()
    if case is None:
        raise Http404(_("没有该案例"))
    if voter is None:
        messages.error(request, _("请先验证身份再投票"))
        return _round_page(request, vote_round, status=403)
    try:
        services.vote_cast(vote_round=vote_round, case=case, voter=voter, ip=client_ip(request),
                           user_agent=request.META.get("HTTP_USER_AGENT", ""), device=_device(request))
    except (ValidationError, WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return _round_page(request, vote_round, status=409)
    messages.success(request, _("已为《%(case)s》投票，感谢参与") % {"case": case.name})
    return redirect("vote:round", vote_round.pk)


# --- administration ---------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Rounds of the campaign (team); an admin creates one from the shortlisted cases."""
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    campaign = campaign_current_or_404()
    initial = {"title": _("%(year)d年优秀创新案例网民评选") % {"year": campaign.year}, "rules": services.DEFAULT_RULES}
    form = RoundForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST":
        require_role(request.user, Role.ADMIN)
        if form.is_valid():
            try:
                created = services.round_create(campaign=campaign, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("网民评选已创建，请在开始前公布规则"))
                return redirect("vote:manage_round", created.pk)
    on = today()
    rounds = [(r, r.state(on)) for r in selectors.rounds_all(campaign=campaign)]
    return render(request, "voting/manage.html", {"form": form, "rounds": rounds,
                                                   "is_admin": role_of(request.user) == Role.ADMIN})


@login_required
def manage_round(request: HttpRequest, pk: int, void_form: VoidForm | None = None) -> HttpResponse:
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    vote_round = _round(pk, request.user)
    anomalies = [(a, ANOMALY_LABELS.get(a.kind, a.kind), ",".join(map(str, a.vote_ids)))
                 for a in selectors.round_anomalies(vote_round=vote_round)]
    return render(request, "voting/manage_round.html", {
        "round": vote_round, "state": vote_round.state(today()), "totals": selectors.round_totals(vote_round=vote_round),
        "anomalies": anomalies, "kinds": [ANOMALY_LABELS[k] for k in KINDS], "void_form": void_form or VoidForm(),
        "is_admin": role_of(request.user) == Role.ADMIN,
    })


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    vote_round = _round(pk, request.user)
    try:
        services.round_publish(vote_round=vote_round, actor=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("投票规则已公布"))
    return redirect("vote:manage_round", vote_round.pk)


@login_required
@require_POST
def void(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    vote_round = _round(pk, request.user)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            count = services.votes_void(vote_round=vote_round, vote_ids=form.cleaned_data["vote_ids"],
                                        actor=request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已作废 %(n)d 张投票") % {"n": count})
            return redirect("vote:manage_round", vote_round.pk)
    return manage_round(request, pk, void_form=form)


@login_required
def export_totals(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    require_role(request.user, Role.ADMIN, Role.EVALUATOR)
    vote_round = _round(pk, request.user)
    rows = export.rows_of(selectors.round_totals(vote_round=vote_round))
    if fmt == "csv":
        response = HttpResponse(export.totals_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(export.totals_xlsx(rows),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404(_("没有这种格式"))
    response["Content-Disposition"] = f'attachment; filename="vote-{vote_round.pk}.{fmt}"'
    return response
