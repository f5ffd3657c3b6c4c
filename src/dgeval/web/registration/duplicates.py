"""One registration per organisation and per website in a campaign.

Two registrations are the same when the organisation's name matches (ignoring spaces and full/half-width forms) or
the website's address does after WHATWG normalisation (ada-url, as the monitor reads it), ignoring the scheme and a
trailing slash: http://www.x.gov.cn and https://WWW.X.gov.cn/ are one site. A registration that was sent back does
not count (the county may send a corrected one); an existing target taking part in the campaign does.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.monitor.page import normalize_url
from dgeval.web.campaigns.models import Campaign
from dgeval.web.registration.models import Registration, RegistrationStatus
from dgeval.web.targets.models import Target


class DuplicateRegistration(WorkflowError):
    """The organisation or website is already registered (or already a target) in this campaign."""


def name_key(name: str) -> str:
    """The organisation's name for comparison: NFKC, without spaces."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def url_key(url: str) -> str:
    """The website's address for comparison: WHATWG-normalised, without scheme, fragment or trailing slash."""
    normal = normalize_url(url.strip()) or url.strip().lower()
    return normal.split("://", 1)[-1].rstrip("/")


def duplicate_message(*, campaign: Campaign, unit_name: str, site_url: str) -> str:
    """Why this submission duplicates an earlier one (naming it), or "" if it does not."""
    name, site = name_key(unit_name), url_key(site_url)
    regs = Registration.objects.filter(campaign=campaign).exclude(status=RegistrationStatus.REJECTED)
    for reg in regs.only("pk", "unit_name", "site_url", "campaign__year").select_related("campaign"):
        if name_key(reg.unit_name) == name:
            return _("“%(unit)s”已报名（报名编号 %(ref)s），同一单位在本次评估中只能报名一次；"
                     "如需更正，请联系评估组。") % {"unit": reg.unit_name, "ref": reg.reference}
        if url_key(reg.site_url) == site:
            return _("网站 %(url)s 已由“%(unit)s”报名（报名编号 %(ref)s），同一网站在本次评估中只能报名一次。") % {
                "url": reg.site_url, "unit": reg.unit_name, "ref": reg.reference}
    targets = Target.objects.filter(Q(campaign_joined__isnull=True) | Q(campaign_joined=campaign))
    for target in targets.only("code", "name", "website_url"):
        if name_key(target.name) == name:
            return _("“%(unit)s”已是本次评估的评估对象（编码 %(code)s），无需报名。") % {
                "unit": target.name, "code": target.code}
        if target.website_url and url_key(target.website_url) == site:
            return _("网站 %(url)s 已是本次评估对象“%(unit)s”（编码 %(code)s）的门户网站，无需报名。") % {
                "url": target.website_url, "unit": target.name, "code": target.code}
    return ""


def duplicate_refuse(*, campaign: Campaign, unit_name: str, site_url: str) -> None:
    """Raise DuplicateRegistration, naming the earlier registration or target, if the submission repeats one."""
    message = duplicate_message(campaign=campaign, unit_name=unit_name, site_url=site_url)
    if message:
        raise DuplicateRegistration(message)
