"""Reading registrations for the team's review list."""

from django.db.models import QuerySet

from dgeval.web.registration.models import Registration, RegistrationStatus, reference_parse


def registration_list(*, status: str = "", campaign: object = None) -> QuerySet[Registration]:
    """Registrations newest first, optionally by status and campaign."""
    qs = Registration.objects.select_related("campaign", "parent", "reviewed_by", "target")
    if status:
        qs = qs.filter(status=status)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


def registration_by_reference(*, reference: str, contact: str) -> Registration | None:
    """The registration with this reference whose contact e-mail, mobile or work phone is `contact`, else None.

    Both must match, and a wrong pair gives the same None as an unknown reference: the status page tells nobody
    whether a reference exists.
    """
    parsed = reference_parse(reference)
    contact = contact.strip().replace(" ", "")
    if parsed is None or not contact:
        return None
    year, number = parsed
    reg = Registration.objects.select_related("campaign").filter(pk=number, campaign__year=year).first()
    if reg is None:
        return None
    matches = (reg.contact_email.lower() == contact.lower() or reg.contact_mobile == contact
               or reg.contact_phone.replace(" ", "") == contact)
    return reg if matches else None


def registrations_pending_count(*, campaign: object = None) -> int:
    """How many registrations wait for review."""
    return registration_list(status=RegistrationStatus.PENDING, campaign=campaign).count()


def registration_of_target(*, target: object) -> Registration | None:
    """The registration a county target came from (None for targets from the registry)."""
    return Registration.objects.select_related("campaign").filter(target=target).first()
