"""Site-wide views: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what the platform is and where each role goes next."""
    from dgeval.web.campaigns.selectors import campaign_current, phases_with_state

    from dgeval.web.publication.selectors import campaigns_published

    campaign = campaign_current()
    phases = phases_with_state(campaign) if campaign else []
    return render(request, "home.html", {"campaign": campaign, "phases": phases,
                                         "published_results": campaigns_published()})
