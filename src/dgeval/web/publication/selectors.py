"""Read-side of publication: which campaigns are published, a group's ranking, a target's published result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from dgeval.reports.reference import region_labels, region_of
from dgeval.web.accounts.roles import can_access_target
from dgeval.web.campaigns.models import Campaign
from dgeval.web.publication.models import Publication, PublishedResult
from dgeval.web.scores.groups import PeerGroup, group_get, peer_groups
from dgeval.web.scores.services import framework_for


def publication_current(*, campaign: Any) -> Publication | None:
    """The campaign's latest publication (its current results), or None before the first."""
    return Publication.objects.filter(campaign=campaign).order_by("-version").first()


def results_published(*, campaign: Any) -> bool:
    """Whether the campaign's results are public: once published, its latest version is on the public pages."""
    return Publication.objects.filter(campaign=campaign).exists()


def publication_for_year(*, year: int) -> Publication | None:
    return Publication.objects.filter(campaign__year=year).order_by("-version").first()


def campaigns_published() -> list[tuple[Campaign, Publication]]:
    """Every campaign with published results and its current publication, newest campaign first."""
    out = []
    for campaign in Campaign.objects.filter(publications__isnull=False).distinct().order_by("-year"):
        publication = publication_current(campaign=campaign)
        if publication is not None:
            out.append((campaign, publication))
    return out


def publication_history(*, campaign: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(campaign=campaign).select_related("published_by").order_by("-version")


@dataclass(frozen=True, slots=True)
class GroupSummary:
    group: PeerGroup
    evaluation: str
    count: int


def groups_published(*, publication: Publication) -> list[GroupSummary]:
    counts = dict(publication.results.values_list("group").annotate(n=Count("id")))
    return [GroupSummary(g, framework_for(campaign=publication.campaign, framework=g.framework).title, counts[g.key])
            for g in peer_groups() if counts.get(g.key)]


def group_results(*, publication: Publication, group: str, region: str = "", province: str = "") -> list[PublishedResult]:
    """The group's published rows by rank; REGION (东部地区 …) and PROVINCE (GB/T 2260 code) filter them."""
    rows = list(publication.results.filter(group=group).order_by("rank", "target_code"))
    if region:
        rows = [r for r in rows if region_of(r.province_code) == region]
    if province:
        rows = [r for r in rows if r.province_code == province]
    return rows


def region_choices() -> tuple[str, ...]:
    return region_labels()


def result_get(*, publication: Publication, target_code: str, framework: str,
               column: str = "") -> PublishedResult | None:
    """The target's result in FRAMEWORK (in COLUMN when given: a new-media owner has one per platform)."""
    results = publication.results.filter(target_code=target_code, framework=framework)
    if column:
        results = results.filter(column=column)
    return results.order_by("group").first()


def results_of_target(*, publication: Publication, target_code: str) -> list[PublishedResult]:
    return list(publication.results.filter(target_code=target_code).order_by("group"))


def previous_result(*, publication: Publication, result: PublishedResult) -> tuple[Publication, PublishedResult] | None:
    """The same target in the same group in the latest earlier campaign that published it (for the trend)."""
    earlier = (Publication.objects.filter(campaign__year__lt=publication.campaign.year,
                                          results__target_code=result.target_code, results__group=result.group)
               .order_by("-campaign__year", "-version").first())
    if earlier is None:
        return None
    row = earlier.results.filter(target_code=result.target_code, group=result.group).first()
    return (earlier, row) if row else None


def can_preview(*, user: Any, target: Any) -> bool:
    """Before publication a scorecard is seen by the team and the target's own webmaster only."""
    return can_access_target(user, target)


def peer_group_get(key: str) -> PeerGroup | None:
    return group_get(key)


def finding_published(*, publication: Publication, finding_id: int) -> bool:
    """True if the finding is behind a published result (its archived page is then public)."""
    return any(f["id"] == finding_id for findings in publication.results.exclude(findings=[])
               .values_list("findings", flat=True) for f in findings)
