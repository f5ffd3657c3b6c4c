"""Consultation services: posting a comment (public, only in 意见征集, rate-limited), answering and hiding.

The rate limit counts comments per client key (the view passes the remote address) in Django's
cache: a flood from one address is refused; CSRF protects the form from cross-site posts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.framework import load_framework
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.campaigns.models import Campaign, PhaseKind
from dgeval.web.campaigns.services import phase_require_open
from dgeval.web.common import clock
from dgeval.web.consultation.models import COMMENT_MAX_CHARS, Comment

FRAMEWORKS = ("digital_gov", "ministry_site", "local_site", "new_media")
AUTHOR_MAX_CHARS = 50


def _rate_limit(client_key: str) -> None:
    """At most DGEVAL_COMMENT_RATE comments per DGEVAL_COMMENT_RATE_WINDOW seconds per client."""
    if not client_key:
        return
    limit = getattr(settings, "DGEVAL_COMMENT_RATE", 10)
    window = getattr(settings, "DGEVAL_COMMENT_RATE_WINDOW", 3600)
    key = f"dgeval:comment-rate:{client_key}"
    if cache.add(key, 1, timeout=window):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return
    if count > limit:
        raise WorkflowError(_("提交过于频繁，请稍后再试"))


def comment_post(
    *,
    campaign: Campaign,
    framework: str,
    indicator_code: str,
    body: str,
    author_name: str = "",
    client_key: str = "",
    on: date | None = None,
) -> Comment:
    """Store a public comment on an indicator; only while 意见征集 is open, text length-capped."""
    phase_require_open(campaign=campaign, kind=PhaseKind.CONSULTATION, on=on)
    if framework not in FRAMEWORKS:
        raise WorkflowError(_("未知的指标体系“%(framework)s”") % {"framework": framework})
    fw = load_framework(framework, campaign.framework_year)
    if not fw.has(indicator_code):
        raise WorkflowError(_("指标体系“%(framework)s”中没有指标“%(code)s”") % {
            "framework": fw.title, "code": indicator_code})
    body = body.strip()
    author_name = author_name.strip()
    if not body:
        raise WorkflowError(_("意见内容不能为空"))
    if len(body) > COMMENT_MAX_CHARS:
        raise WorkflowError(_("意见内容不能超过 %(max)s 字（现有 %(n)s 字）") % {"max": COMMENT_MAX_CHARS, "n": len(body)})
    if len(author_name) > AUTHOR_MAX_CHARS:
        raise WorkflowError(_("留言人不能超过 %(max)s 字") % {"max": AUTHOR_MAX_CHARS})
    _rate_limit(client_key)
    indicator = fw.indicator(indicator_code)
    return Comment.objects.create(
        campaign=campaign,
        framework=framework,
        indicator_code=indicator_code,
        indicator_name=" / ".join(indicator.path)[:300],
        author_name=author_name,
        body=body,
    )


@transaction.atomic
def comment_answer(*, comment: Comment, actor: Any, answer: str) -> Comment:
    """Publish (or revise) the team's answer to a comment; evaluators and admins; audited."""
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    answer = answer.strip()
    if not answer:
        raise WorkflowError(_("回复内容不能为空"))
    if len(answer) > COMMENT_MAX_CHARS:
        raise WorkflowError(_("回复内容不能超过 %(max)s 字") % {"max": COMMENT_MAX_CHARS})
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = {"answer": comment.answer} if comment.answer else None
    comment.answer, comment.answered_by, comment.answered_at = answer, actor, clock.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(actor=actor, action="comment.answer", obj=comment, before=before, after={"answer": answer})
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor: Any, hidden: bool, reason: str) -> Comment:
    """Hide spam or show it again; evaluators and admins, with a reason; audited."""
    require_role(actor, Role.ADMIN, Role.EVALUATOR)
    if not reason.strip():
        raise WorkflowError(_("隐藏或恢复意见必须填写原因"))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = {"hidden": comment.hidden}
    comment.hidden = hidden
    comment.save(update_fields=["hidden"])
    audit_record(actor=actor, action="comment.hide", obj=comment, before=before, after={"hidden": hidden}, reason=reason)
    return comment
