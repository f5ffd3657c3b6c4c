"""Reading registrations for the team's review list."""

from django.db.models import Q, QuerySet

from dgeval.web.registration.models import Registration


def registration_list(*, status: str = "", q: str = "", campaign: object = None) -> QuerySet[Registration]:
    """Registrations newest first, optionally by status, campaign and a text in the unit's or site's name or URL."""
    qs = Registration.objects.select_related("campaign", "parent", "reviewed_by", "target")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(unit_name__icontains=q) | Q(site_name__icontains=q) | Q(site_url__icontains=q))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs
