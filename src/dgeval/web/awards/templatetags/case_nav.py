"""The navigation links of the innovation-case pages, by role and by where the campaign stands."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from dgeval.web.accounts.roles import Role, role_of
from dgeval.web.campaigns.selectors import campaign_current
from dgeval.web.publication.selectors import results_published
from dgeval.web.voting.models import VoteRound

register = template.Library()


@register.inclusion_tag("awards/_nav_links.html", takes_context=True)
def case_nav(context: Any) -> dict[str, Any]:
    """(label, url) links: the team's case menu, an expert's reviews, a nominator's forms, the vote and the gallery."""
    request = context.get("request")
    user = getattr(request, "user", None)
    role = role_of(user)
    campaign = campaign_current()
    team: list[tuple[str, str]] = []
    links: list[tuple[str, str]] = []
    if role in (Role.ADMIN, Role.EVALUATOR):
        team = [(_("案例初选"), reverse("cases:list")), (_("专家评议"), reverse("cases:results")),
                (_("网民评选管理"), reverse("vote:manage"))]
    elif role == Role.EXPERT:
        links.append((_("案例评议"), reverse("cases:expert_home")))
    elif role in (Role.NOMINATOR, Role.WEBMASTER):
        links.append((_("案例推荐"), reverse("cases:nominations")))
    elif role is None:
        links.append((_("案例推荐"), reverse("cases:signup")))
    if campaign is not None and VoteRound.objects.filter(campaign=campaign, published_at__isnull=False).exists():
        links.append((_("网民评选"), reverse("vote:index")))
    if campaign is not None and (results_published(campaign=campaign) or team):
        links.append((_("优秀创新案例"), reverse("awards:gallery")))
    return {"team": team, "links": links}
