"""Reading registrations for the team's review list."""

from django.db.models import QuerySet

from dgeval.web.registration.models import Registration


def registration_list(*, status: str = "", campaign: object = None) -> QuerySet[Registration]:
    """Registrations newest first, optionally by status and campaign."""
    qs = Registration.objects.select_related("campaign", "parent", "reviewed_by", "target")
    if status:
        qs = qs.filter(status=status)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs
