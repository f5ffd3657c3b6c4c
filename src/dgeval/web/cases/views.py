"""Pages of 优秀创新案例: nominators fill in 附件3, the team screens and assigns, experts review blind.

Views parse the request, call one service or selector, and render or redirect. PermissionDenied from a service is
HTTP 403; ValidationError and WorkflowError are shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role, role_of
from dgeval.web.campaigns.models import PhaseKind
from dgeval.web.campaigns.selectors import campaign_current_or_404, phase_get, today
from dgeval.web.cases import experts as expert_services
from dgeval.web.cases import form3, review, screening, selectors, signup
from dgeval.web.cases.categories import CaseCategory, category_counts_in
from dgeval.web.cases.forms import (
    AssignForm,
    AttachForm,
    CaseForm,
    ConflictForm,
    ExpertProfileForm,
    ImportForm,
    MergeForm,
    NominationForm,
    PolicyForm,
    ReviewForm,
    ScreenForm,
    ShortlistForm,
    SignupForm,
    TargetsForm,
    UnassignForm,
)
from dgeval.web.cases.models import (
    CASES_PER_NOMINATION,
    Case,
    CaseAttachment,
    CaseStatus,
    ExpertProfile,
    Nomination,
    ReviewAssignment,
)
from dgeval.web.cases.nominations import NOMINATOR_ROLES, CaseData, NominationData, nomination_editable, nomination_save
from dgeval.web.cases.policy import case_policy_for, case_policy_set
from dgeval.web.cases.rubric import DIMENSIONS, TOTAL_MAX
from dgeval.web.cases.uploads import CONTENT_TYPES, attachment_response
from dgeval.web.common.forms import form_errors_from
from dgeval.web.common.listing import page_of

SCREENERS = (Role.ADMIN, Role.EVALUATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _categories(campaign: Any) -> list[tuple[str, list[str]]]:
    """(category label, evaluations it counts in), for the note on every form."""
    return [(label, category_counts_in(value, campaign)) for value, label in CaseCategory.choices]


# --- the blank form and sign-up (public) ------------------------------------------------------------------------

def blank_form(request: HttpRequest, fmt: str) -> HttpResponse:
    """The blank 附件3 as XLSX or DOCX."""
    if fmt == "xlsx":
        data, content_type = form3.blank_xlsx(), XLSX
    elif fmt == "docx":
        data, content_type = form3.blank_docx(), CONTENT_TYPES["docx"]
    else:
        raise Http404(_("没有这种格式"))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''%E9%99%84%E4%BB%B63.{fmt}"
    return response


@ratelimit(key="dgeval.web.cases.clients.ratelimit_ip", rate="10/h", method="POST", block=False)
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    """Sign-up of a 推荐单位（个人）: CAPTCHA, at most 10 attempts an hour per address, e-mail activation."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("提交过于频繁，请一小时后再试"))
        return render(request, "cases/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signup.nominator_signup(
                username=data["username"], password=data["password1"], display_name=data["display_name"],
                email=data["email"],
                activation_url=lambda uid, token: request.build_absolute_uri(
                    reverse("cases:activate", args=[uid, token])),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return render(request, "cases/signup_sent.html", {"email": data["email"]})
    return render(request, "cases/signup.html", {"form": form})


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        signup.nominator_activate(uidb64=uidb64, token=token)
    except WorkflowError as exc:
        return render(request, "cases/activate.html", {"error": str(exc)}, status=400)
    messages.success(request, _("账户已激活，请登录"))
    return redirect("accounts:login")


# --- nominators ---------------------------------------------------------------------------------------------------

@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    """A nominator's own 附件3 forms with the state of each case (and any reason it was rejected)."""
    require_role(request.user, *NOMINATOR_ROLES)
    campaign = campaign_current_or_404()
    phase = phase_get(campaign, PhaseKind.CASE_NOMINATION)
    return render(request, "cases/nomination_list.html", {
        "campaign": campaign, "phase": phase, "is_open": phase is not None and phase.is_open(today()),
        "nominations": selectors.nominations_of(user=request.user, campaign=campaign),
    })


def _case_forms(request: HttpRequest, nomination: Nomination | None) -> list[CaseForm]:
    forms = []
    for position in range(1, CASES_PER_NOMINATION + 1):
        case = nomination.cases.filter(position=position).first() if nomination else None
        initial = {}
        if case is not None:
            initial = {"category": case.category, "name": case.name, "url": case.url, "reason": case.reason,
                       "targets": list(case.targets.all())}
        elif nomination is None and position == 1 and role_of(request.user) == Role.WEBMASTER:
            initial = {"targets": [request.user.target]}
        stored = list(case.attachments.all()) if case else []
        forms.append(CaseForm(request.POST or None, request.FILES or None, prefix=f"case{position}",
                              initial=initial, stored=stored))
    return forms


def _case_data(forms: list[CaseForm]) -> list[CaseData] | str:
    """The filled blocks in order, or a message when a block follows an empty one."""
    out: list[CaseData] = []
    gap = False
    for form in forms:
        if form.is_blank():
            gap = True
            continue
        if gap:
            return _("请按顺序填写案例：前一个案例为空时不能填写后面的案例")
        data = form.cleaned_data
        removed = set(data["remove_attachments"])
        out.append(CaseData(
            category=data["category"], name=data["name"], url=data["url"], reason=data["reason"],
            targets=list(data["targets"]), attachments=data["attachments"], remove_attachments=sorted(removed),
            has_stored_evidence=any(a.pk not in removed for a in form.stored),
        ))
    return out


def _errors_to_forms(exc: ValidationError | WorkflowError, form: NominationForm, case_forms: list[CaseForm]) -> None:
    """Route "case<k>-<field>" errors to the k-th case block, the rest to the header form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            prefix, _sep, name = key.partition("-")
            if prefix.startswith("case") and prefix[4:].isdigit() and name:
                target = case_forms[int(prefix[4:]) - 1]
                target.add_error(name if name in target.fields else None, errors)
            else:
                form.add_error(key if key in form.fields else None, errors)
    else:
        form_errors_from(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Fill in or change 附件3; "save" keeps a draft, "submit" sends it to 初选."""
    require_role(request.user, *NOMINATOR_ROLES)
    campaign = campaign_current_or_404()
    nomination = None
    if pk is not None:
        try:
            nomination = selectors.nomination_get(user=request.user, pk=pk)
        except Nomination.DoesNotExist:
            raise Http404(_("没有该推荐表")) from None
        if nomination.nominator_id != request.user.pk:
            raise PermissionDenied(_("只能修改本账户的推荐表"))
    initial = {"unit_name": request.user.display_name, "contact_email": request.user.email, "nominated_on": today()}
    form = NominationForm(request.POST or None, instance=nomination, initial=None if nomination else initial)
    case_forms = _case_forms(request, nomination)
    if request.method == "POST":
        valid = form.is_valid() & all([f.is_valid() for f in case_forms])
        cases = _case_data(case_forms) if valid else []
        if isinstance(cases, str):
            form.add_error(None, cases)
        elif valid:
            data = NominationData(**{name: form.cleaned_data[name] for name in NominationForm.Meta.fields})
            try:
                saved = nomination_save(campaign=campaign, actor=request.user, data=data, cases=cases,
                                        submit=request.POST.get("action") == "submit", nomination=nomination)
            except (ValidationError, WorkflowError) as exc:
                _errors_to_forms(exc, form, case_forms)
            else:
                messages.success(request, _("推荐表已提交，等待初选") if saved.status == "submitted" else _("草稿已保存"))
                return redirect("cases:nomination", saved.pk)
    return render(request, "cases/nomination_edit.html", {
        "campaign": campaign, "form": form, "case_forms": case_forms, "nomination": nomination,
        "categories": _categories(campaign),
    })


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        nomination = selectors.nomination_get(user=request.user, pk=pk)
    except Nomination.DoesNotExist:
        raise Http404(_("没有该推荐表")) from None
    phase = phase_get(nomination.campaign, PhaseKind.CASE_NOMINATION)
    can_edit = (nomination.nominator_id == request.user.pk and nomination_editable(nomination)
                and phase is not None and phase.is_open(today()))
    return render(request, "cases/nomination_detail.html", {
        "nomination": nomination, "cases": nomination.cases.prefetch_related("targets", "attachments"),
        "can_edit": can_edit, "phase": phase,
    })


def _attachment_visible(user: Any, attachment: CaseAttachment) -> bool:
    case = attachment.case
    role = role_of(user)
    if role in SCREENERS:
        return True
    if case.nomination.nominator_id is not None and case.nomination.nominator_id == getattr(user, "pk", None):
        return True
    return role == Role.EXPERT and case.assignments.filter(expert=user).exists()


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence, always as a download (never rendered by the browser), to whoever works on the case. The public
    downloads a selected case's evidence from the gallery once the results are published (`awards`)."""
    try:
        attachment = CaseAttachment.objects.select_related("case__nomination__campaign").get(pk=pk)
    except CaseAttachment.DoesNotExist:
        raise Http404(_("没有该材料")) from None
    if not _attachment_visible(request.user, attachment):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(_("无权下载该材料"))
    return attachment_response(attachment)


# --- the team: screening, import, assignment, results ------------------------------------------------------------

@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *SCREENERS)
    campaign = campaign_current_or_404()
    status, category, q = (request.GET.get(k, "") for k in ("status", "category", "q"))
    return render(request, "cases/case_list.html", {
        "campaign": campaign, "statuses": CaseStatus.choices, "category_choices": CaseCategory.choices,
        "cases": page_of(selectors.cases_for_team(campaign=campaign, status=status, category=category, q=q),
                         request.GET.get("page")),
        "status": status, "category": category, "q": q,
    })


def _case(request: HttpRequest, pk: int) -> Case:
    try:
        return selectors.case_for_team(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404(_("没有该案例")) from None


@login_required
def case_detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    """Everything about a case for the team, with the screening, merge, target, evidence and panel forms."""
    case = _case(request, pk)
    experts = expert_services.experts_active()
    conflicts = expert_services.conflicts_of(case, experts)
    forms = forms or {}
    result = review.review_results(campaign=case.nomination.campaign).get(case.pk)
    return render(request, "cases/case_detail.html", {
        "case": case, "nomination": case.nomination, "targets": case.targets.all(),
        "attachments": case.attachments.all(), "duplicates": case.duplicates.all(),
        "screen_form": forms.get("screen") or ScreenForm(initial={"targets": list(case.targets.all())}),
        "merge_form": forms.get("merge") or MergeForm(),
        "targets_form": forms.get("targets") or TargetsForm(initial={"targets": list(case.targets.all())}),
        "attach_form": forms.get("attach") or AttachForm(),
        "assign_form": forms.get("assign") or AssignForm(),
        "assignments": [(a, _review_of(a)) for a in case.assignments.select_related("expert")], "result": result,
        "experts": [(e, conflicts.get(e.pk, "")) for e in experts], "dimensions": DIMENSIONS,
        "is_admin": role_of(request.user) == Role.ADMIN, "total_max": TOTAL_MAX,
        "counts_in": category_counts_in(case.category, case.nomination.campaign),
    })


def _review_of(assignment: ReviewAssignment) -> tuple[list[int], Any] | None:
    """(scores per rubric dimension, the review) of an assignment, or None before the expert has reviewed."""
    review_ = getattr(assignment, "review", None) if hasattr(assignment, "review") else None
    return None if review_ is None else ([getattr(review_, n) for n, _l, _q in DIMENSIONS], review_)


def _case_post(request: HttpRequest, pk: int, key: str, form_class: Any, call: Any, done: str) -> HttpResponse:
    """Handle one of the case page's forms: on success redirect back with DONE, else re-render with errors."""
    case = _case(request, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return redirect("cases:case", case.pk)
    return case_detail(request, pk, forms={key: form})


@login_required
@require_POST
def case_screen(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(request, pk, "screen", ScreenForm, lambda case, d: screening.case_screen(
        case=case, actor=request.user, accept=d["decision"] == "accept", reason=d["reason"],
        targets=list(d["targets"]) or None), _("初选结论已保存"))


@login_required
@require_POST
def case_merge(request: HttpRequest, pk: int) -> HttpResponse:
    def call(case: Case, d: dict[str, Any]) -> None:
        into = Case.objects.filter(pk=d["into"]).first()
        if into is None:
            raise ValidationError({"into": _("没有编号为 %(pk)s 的案例") % {"pk": d["into"]}})
        screening.case_merge(duplicate=case, into=into, actor=request.user, reason=d["reason"])

    return _case_post(request, pk, "merge", MergeForm, call, _("已合并为重复案例"))


@login_required
@require_POST
def case_targets(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(request, pk, "targets", TargetsForm, lambda case, d: screening.case_targets_set(
        case=case, targets=list(d["targets"]), actor=request.user, reason=d["reason"]), _("所属评估对象已更新"))


@login_required
@require_POST
def case_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_post(request, pk, "attach", AttachForm, lambda case, d: screening.case_attach(
        case=case, files=d["files"], actor=request.user), _("佐证材料已上传"))


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    return _case_post(request, pk, "assign", AssignForm, lambda case, d: review.review_assign(
        case=case, expert=d["expert"], actor=request.user, reason=d["reason"]), _("已分配专家"))


@login_required
@require_POST
def assignment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    assignment = ReviewAssignment.objects.filter(pk=pk).select_related("case").first()
    if assignment is None:
        raise Http404(_("没有该评议任务"))
    form = UnassignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("撤回分配须说明原因")})
        review.review_unassign(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, WorkflowError) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已撤回该专家的分配"))
    return redirect("cases:case", assignment.case_id)


@login_required
@require_http_methods(["GET", "POST"])
def nominations_import(request: HttpRequest) -> HttpResponse:
    """Import filled 附件3 forms received by e-mail; every problem is listed with file, row and field."""
    require_role(request.user, *SCREENERS)
    campaign = campaign_current_or_404()
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = screening.nominations_import(campaign=campaign, files=form.cleaned_data["files"],
                                                   actor=request.user, targets=list(form.cleaned_data["targets"]))
        except screening.FormImportError as exc:
            problems = [str(e) for e in exc.form_errors]
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            count = sum(n.cases.count() for n in created)
            messages.success(request, _("已导入 %(forms)d 张推荐表、%(cases)d 个案例") % {
                "forms": len(created), "cases": count})
            return redirect("cases:list")
    return render(request, "cases/import.html", {"form": form, "problems": problems}, status=400 if problems else 200)


@login_required
@require_POST
def assign_auto(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    campaign = campaign_current_or_404()
    try:
        created = review.reviews_assign_auto(campaign=campaign, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已自动分配 %(n)d 个评议任务") % {"n": len(created)})
    return redirect("cases:results")


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest) -> HttpResponse:
    """The expert review: per-case aggregated scores, disagreement flags, and (admin) the shortlist."""
    require_role(request.user, *SCREENERS)
    campaign = campaign_current_or_404()
    form = ShortlistForm(request.POST or None)
    if request.method == "POST":
        require_role(request.user, Role.ADMIN)
        chosen = {int(v) for v in request.POST.getlist("shortlist") if v.isdigit()}
        under = list(Case.objects.filter(nomination__campaign=campaign, status=CaseStatus.UNDER_REVIEW,
                                         pk__in={int(v) for v in request.POST.getlist("decided") if v.isdigit()}))
        if form.is_valid():
            try:
                review.cases_shortlist(campaign=campaign, shortlisted=[c for c in under if c.pk in chosen],
                                       not_shortlisted=[c for c in under if c.pk not in chosen], actor=request.user,
                                       reason=form.cleaned_data["reason"])
            except (ValidationError, WorkflowError) as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("专家评议结果已确定"))
                return redirect("cases:results")
    aggregates = review.review_results(campaign=campaign)
    cases = selectors.cases_for_team(campaign=campaign).filter(status__in=review.REVIEWED)
    rows = sorted(((c, aggregates.get(c.pk)) for c in cases),
                  key=lambda row: (row[0].category, -(row[1].calibrated if row[1] else -1)))
    return render(request, "cases/results.html", {
        "campaign": campaign, "rows": rows, "form": form, "policy": case_policy_for(campaign=campaign),
        "is_admin": role_of(request.user) == Role.ADMIN, "total_max": TOTAL_MAX,
    })


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.ADMIN)
    campaign = campaign_current_or_404()
    policy = case_policy_for(campaign=campaign)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in PolicyForm.Meta.fields}
        policy.refresh_from_db()
        try:
            case_policy_set(campaign=campaign, actor=request.user, reason=form.cleaned_data["reason"], **values)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("评选规则已更新"))
            return redirect("cases:results")
    return render(request, "cases/policy.html", {"form": form, "campaign": campaign})


@login_required
def expert_list(request: HttpRequest) -> HttpResponse:
    """Experts with their province and organisation (admin), for checking conflicts of interest."""
    require_role(request.user, Role.ADMIN)
    profiles = {p.user_id: p for p in ExpertProfile.objects.all()}
    names = expert_services.province_names()
    rows = [(e, profiles.get(e.pk), names.get(getattr(profiles.get(e.pk), "province_code", ""), ""))
            for e in expert_services.experts_active()]
    return render(request, "cases/expert_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def expert_profile(request: HttpRequest, user_pk: int | None = None) -> HttpResponse:
    """An expert edits their own profile; an admin edits anyone's (EXPERT_PK)."""
    from dgeval.web.accounts.models import User

    if user_pk is None:
        require_role(request.user, Role.EXPERT)
        expert = request.user
    else:
        require_role(request.user, Role.ADMIN)
        expert = User.objects.filter(pk=user_pk, role=Role.EXPERT).first()
        if expert is None:
            raise Http404(_("没有该专家"))
    profile = ExpertProfile.objects.filter(user=expert).first()
    initial = {"province_code": profile.province_code, "organisation": profile.organisation} if profile else {}
    form = ExpertProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            expert_services.expert_profile_set(expert=expert, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("专家信息已保存"))
            return redirect("cases:expert_home" if user_pk is None else "cases:experts")
    return render(request, "cases/expert_profile.html", {"form": form, "expert": expert})


# --- experts: their own assignments, blind ----------------------------------------------------------------------

@login_required
def expert_home(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.EXPERT)
    campaign = campaign_current_or_404()
    return render(request, "cases/expert_home.html", {
        "assignments": selectors.assignments_of(expert=request.user, campaign=campaign),
        "profile": ExpertProfile.objects.filter(user=request.user).first(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def review_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The blind review page: the case without its nominator, contacts or targets; the rubric; a conflict form."""
    require_role(request.user, Role.EXPERT)
    try:
        assignment = selectors.assignment_for_expert(expert=request.user, pk=pk)
    except ReviewAssignment.DoesNotExist:
        raise Http404(_("没有分配给您的该评议任务")) from None
    existing = getattr(assignment, "review", None)
    initial = existing.snapshot() if existing else None
    action = request.POST.get("action", "review") if request.method == "POST" else ""
    form = ReviewForm(request.POST if action == "review" else None, initial=initial)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None)
    if action == "conflict" and conflict_form.is_valid():
        try:
            expert_services.conflict_declare(case=assignment.case, expert=request.user,
                                             reason=conflict_form.cleaned_data["reason"])
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(conflict_form, exc)
        else:
            messages.success(request, _("已声明回避，该案例不再由您评议"))
            return redirect("cases:expert_home")
    elif action == "review" and form.is_valid():
        data = form.cleaned_data
        try:
            review.review_submit(assignment=assignment, actor=request.user,
                                 scores={n: data[n] for n, _l, _q in DIMENSIONS}, comment=data["comment"])
        except (ValidationError, WorkflowError) as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("评议已提交"))
            return redirect("cases:expert_home")
    return render(request, "cases/review.html", {
        "assignment": assignment, "case": assignment.case, "attachments": assignment.case.attachments.all(),
        "form": form, "conflict_form": conflict_form, "review": existing, "total_max": TOTAL_MAX,
        "open": assignment.case.status == CaseStatus.UNDER_REVIEW,
    })
