"""Permission matrix for scores: rankings are the team's until 结果发布; a target's detail is its webmaster's too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.web.permissions import EVERYONE, TEAM, Action, check_action, matrix


def _before(r):
    r.getfixturevalue("before_publication")
    r.getfixturevalue("scored")


def _published(r):
    r.getfixturevalue("today_is")(dt.date(2020, 12, 20))
    r.getfixturevalue("scored")


ACTIONS = [
    Action("scores.index", "get", lambda r: reverse("scores:index"), TEAM, setup=_before),
    Action("scores.ranking", "get", lambda r: reverse("scores:ranking", args=["local_site", "county"]), TEAM,
           setup=_before),
    Action("scores.ranking.published", "get", lambda r: reverse("scores:ranking", args=["local_site", "county"]),
           EVERYONE, setup=_published),
    Action("scores.target.own", "get",
           lambda r: reverse("scores:target", args=[r.getfixturevalue("scored")["own"].code, "local_site", "county"]),
           TEAM | {"webmaster"}, setup=_before),
    Action("scores.target.other", "get",
           lambda r: reverse("scores:target", args=[r.getfixturevalue("scored")["other"].code, "local_site", "county"]),
           TEAM, setup=_before),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
