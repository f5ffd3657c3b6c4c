"""Site-wide views: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what the campaign evaluates, who takes part, its phases with dates, links to the open ones."""
    from dgeval.web.campaigns.selectors import campaign_current, today
    from dgeval.web.guide import campaign_guide, roles_guide, targets_in
    from dgeval.web.publication.selectors import campaigns_published

    campaign = campaign_current()
    guide = campaign_guide(campaign=campaign, user=request.user) if campaign else []
    return render(request, "home.html", {
        "campaign": campaign, "guide": guide, "open_phases": [g for g in guide if g.state == "open" and g.url],
        "targets": targets_in(campaign) if campaign else [], "roles": roles_guide(), "today": today(),
        "published_results": campaigns_published()})
