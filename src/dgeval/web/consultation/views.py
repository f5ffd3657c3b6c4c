"""Consultation pages: the draft frameworks, comments per indicator, team answers and export."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dgeval.errors import WorkflowError
from dgeval.framework import Framework
from dgeval.web.accounts.roles import Role, is_team, require_team, role_of
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.selectors import campaign_current_or_404, phase_get
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.consultation.forms import AnswerForm, CommentForm, HideForm
from dgeval.web.consultation.models import Comment
from dgeval.web.consultation.selectors import (
    comment_counts,
    comments_all,
    comments_for,
    comments_with_draft,
    framework_for,
    framework_tree,
    frameworks_for,
)
from dgeval.web.consultation.services import FRAMEWORKS, comment_answer, comment_hide, comment_post
from dgeval.web.consultation.xlsx import comments_export_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"



def _closed_message(campaign: Campaign) -> str:
    try:
        phase_require_open(campaign=campaign, kind=PhaseKind.CONSULTATION)
    except WorkflowError as exc:
        return str(exc)
    return ""


def _framework(campaign: Campaign, name: str) -> Framework:
    if name not in FRAMEWORKS:
        raise Http404(_("没有这个指标体系"))
    return framework_for(campaign, name)


def consultation_index(request: HttpRequest) -> HttpResponse:
    """The four draft frameworks and whether comments are open."""
    campaign = campaign_current_or_404()
    return render(
        request,
        "consultation/index.html",
        {
            "campaign": campaign,
            "frameworks": frameworks_for(campaign),
            "phase": phase_get(campaign, PhaseKind.CONSULTATION),
            "closed_message": _closed_message(campaign),
        },
    )


def framework_detail(request: HttpRequest, name: str) -> HttpResponse:
    """One framework as a table: level-1 headings, leaves with criteria, weights per column, comment counts."""
    campaign = campaign_current_or_404()
    fw = _framework(campaign, name)
    return render(
        request,
        "consultation/framework.html",
        {
            "campaign": campaign,
            "fw": fw,
            "name": name,
            "columns": [fw.column_labels.get(c, c) for c in fw.columns],
            "rows": framework_tree(fw, comment_counts(campaign, name)),
        },
    )


def indicator_detail(request: HttpRequest, name: str, code: str) -> HttpResponse:
    """One indicator with its comments and answers; posting a comment is open to everyone in the phase."""
    campaign = campaign_current_or_404()
    fw = _framework(campaign, name)
    if not fw.has(code):
        raise Http404(_("没有这个指标"))
    closed_message = _closed_message(campaign)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            comment_post(
                campaign=campaign,
                framework=name,
                indicator_code=code,
                body=form.cleaned_data["body"],
                author_name=form.cleaned_data["author_name"],
                client_key=request.META.get("REMOTE_ADDR", ""),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
            status = 403 if closed_message else 429
        else:
            messages.success(request, _("感谢您的意见，已提交"))
            return redirect("consultation:indicator", name=name, code=code)
    ind = fw.indicator(code)
    return render(
        request,
        "consultation/indicator.html",
        {
            "campaign": campaign,
            "fw": fw,
            "name": name,
            "ind": ind,
            "weights": [(fw.column_labels.get(c, c), ind.weights.get(c)) for c in fw.columns],
            "comments": comments_for(campaign, name, code, include_hidden=is_team(request.user)),
            "form": form,
            "closed_message": closed_message,
            "can_answer": role_of(request.user) in (Role.ADMIN, Role.EVALUATOR),
        },
        status=status,
    )


def comments_list(request: HttpRequest) -> HttpResponse:
    """Every comment so far, each beside the draft indicator text it is about (the team also sees hidden ones)."""
    campaign = campaign_current_or_404()
    return render(request, "consultation/comments.html", {
        "campaign": campaign, "groups": comments_with_draft(campaign, include_hidden=is_team(request.user))})


@login_required
@require_POST
def comment_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a comment (evaluators, admins)."""
    comment = get_object_or_404(Comment, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            comment_answer(comment=comment, actor=request.user, answer=form.cleaned_data["answer"])
        except WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("回复已发布"))
    else:
        messages.error(request, _("请填写回复内容"))
    return redirect("consultation:indicator", name=comment.framework, code=comment.indicator_code)


@login_required
@require_POST
def comment_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide or show a comment with a reason (evaluators, admins)."""
    comment = get_object_or_404(Comment, pk=pk)
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            comment_hide(comment=comment, actor=request.user, hidden=form.cleaned_data["hidden"], reason=form.cleaned_data["reason"])
        except WorkflowError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("隐藏或恢复意见必须填写原因"))
    return redirect("consultation:indicator", name=comment.framework, code=comment.indicator_code)


@login_required
def comments_export(request: HttpRequest) -> HttpResponse:
    """All comments and answers of the current campaign as .xlsx (team only)."""
    require_team(request.user)
    campaign = campaign_current_or_404()
    buf = BytesIO()
    comments_export_xlsx(buf, comments_all(campaign))
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="consultation-{campaign.year}.xlsx"'
    return response
