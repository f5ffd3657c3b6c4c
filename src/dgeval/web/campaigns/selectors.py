"""Read-side queries for campaigns and phases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _

from dgeval.web.campaigns.models import Campaign, Phase
from dgeval.web.common.clock import today


def campaign_current() -> Campaign | None:
    """The campaign of the year of `today()`, else the latest one; None if there is none."""
    return Campaign.objects.filter(year=today().year).first() or Campaign.objects.order_by("-year").first()


def campaign_current_or_404() -> Campaign:
    """The current campaign for a page that needs one: 404 with a Chinese message before any campaign exists."""
    campaign = campaign_current()
    if campaign is None:
        raise Http404(_("尚未创建评估活动"))
    return campaign


def campaign_get(year: int) -> Campaign | None:
    """The campaign of `year`, or None."""
    return Campaign.objects.filter(year=year).first()


@dataclass(frozen=True)
class PhaseState:
    """A phase together with whether it is open on the date it was judged on."""

    phase: Phase
    is_open: bool
    on: date


def phases_with_state(campaign: Campaign, on: date | None = None) -> list[PhaseState]:
    """The campaign's phases in order, each marked open or closed on `on` (default `today()`)."""
    on = on or today()
    return [PhaseState(p, p.is_open(on), on) for p in campaign.phases.order_by("starts_on", "kind")]


def phase_get(campaign: Campaign, kind: str) -> Phase | None:
    """The campaign's phase of `kind`, or None."""
    return campaign.phases.filter(kind=kind).first()
