"""The /me/ page: what is waiting for the logged-in user, by role; a visitor without a login sees the public's."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dgeval.web.accounts.roles import role_of
from dgeval.web.campaigns.selectors import campaign_current, today
from dgeval.web.dashboards.selectors import dashboard_for


def me(request: HttpRequest) -> HttpResponse:
    """The user's dashboard: sections of counts, each linking to the list it counts, with due dates."""
    campaign = campaign_current()
    sections = dashboard_for(user=request.user, campaign=campaign, on=today()) if campaign else []
    return render(request, "dashboards/me.html",
                  {"campaign": campaign, "sections": sections, "role": role_of(request.user), "today": today()})
