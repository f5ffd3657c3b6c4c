"""Who may open each publication URL: published results are public; previews and publishing are not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.permissions import EVERYONE, TEAM, Action, check_action, matrix


def _year(r) -> int:
    return r.getfixturevalue("campaign_2020").year


def _published(r) -> None:
    r.getfixturevalue("published")


def _scored(r) -> None:
    r.getfixturevalue("scored")


def _county(r) -> str:
    return r.getfixturevalue("county_target").code


ACTIONS = [
    Action("results.index", "get", lambda r: reverse("publication:index"), EVERYONE),
    Action("results.campaign", "get", lambda r: reverse("publication:campaign", args=[_year(r)]), EVERYONE,
           setup=_published),
    Action("results.campaign.unpublished", "get", lambda r: reverse("publication:campaign", args=[_year(r)]), TEAM,
           setup=_scored),
    Action("results.ranking", "get", lambda r: reverse("publication:ranking", args=[_year(r), "local_site", "county"]),
           EVERYONE, setup=_published),
    Action("results.open_data.csv", "get",
           lambda r: reverse("publication:open_data", args=[_year(r), "local_site", "county", "csv"]), EVERYONE,
           setup=_published),
    Action("results.open_data.json", "get",
           lambda r: reverse("publication:open_data", args=[_year(r), "local_site", "county", "json"]), EVERYONE,
           setup=_published),
    Action("results.open_data.xlsx", "get",
           lambda r: reverse("publication:open_data", args=[_year(r), "local_site", "county", "xlsx"]), EVERYONE,
           setup=_published),
    Action("results.scorecard", "get",
           lambda r: reverse("publication:scorecard", args=[_year(r), _county(r), "local_site"]), EVERYONE,
           setup=_published),
    Action("results.scorecard.preview", "get",
           lambda r: reverse("publication:scorecard", args=[_year(r), _county(r), "local_site"]), TEAM | {"webmaster"},
           setup=_scored),
    Action("results.scorecard.preview.other", "get",
           lambda r: reverse("publication:scorecard", args=[_year(r), "330922", "local_site"]), TEAM, setup=_scored),
    Action("results.target_report.xlsx", "get",
           lambda r: reverse("publication:target_report", args=[_year(r), _county(r), "local_site", "xlsx"]),
           EVERYONE, setup=_published),
    Action("results.national.xlsx", "get", lambda r: reverse("publication:national", args=[_year(r), "xlsx"]),
           EVERYONE, setup=_published),
    Action("results.archive", "get",
           lambda r: reverse("publication:archive", args=[_year(r), r.getfixturevalue("finding").pk]), EVERYONE,
           setup=_published),
    Action("results.publish", "post", lambda r: reverse("publication:publish", args=[_year(r)]), {"admin"},
           setup=_scored),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
