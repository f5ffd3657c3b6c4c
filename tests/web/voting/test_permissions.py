"""Every vote URL × every role. Casting a vote is refused to every role until a person is verified."""

from __future__ import annotations

from datetime import date

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from dgeval.web.voting.services import round_create

from tests.web.permissions import EVERYONE, Action, check_action, matrix

TEAM = {"admin", "evaluator"}


def _round(r):
    return r.getfixturevalue("open_round")


def _draft(r):
    vote_round = r.getfixturevalue("vote_round")
    return round_create(campaign=vote_round.campaign, title="第二轮", rules="规则", opens_on=date(2020, 11, 25),
                        closes_on=date(2020, 11, 27), cases=list(vote_round.cases.all()),
                        actor=r.getfixturevalue("admin_user"))


def _captcha() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


ACTIONS = [
    Action("vote.index", "get", lambda r: reverse("vote:index"), EVERYONE, setup=_round),
    Action("vote.round", "get", lambda r: reverse("vote:round", args=[_round(r).pk]), EVERYONE),
    Action("vote.round.draft", "get", lambda r: reverse("vote:round", args=[_draft(r).pk]), TEAM),
    Action("vote.code", "post", lambda r: reverse("vote:code", args=[_round(r).pk]), EVERYONE,
           data=lambda r: {"identity": "citizen@example.com", **_captcha()}),
    Action("vote.confirm", "post", lambda r: reverse("vote:confirm", args=[_round(r).pk]), EVERYONE,
           data=lambda r: {"code": "123456"}),
    # No role votes without a verified identity, not even an admin.
    Action("vote.cast.unverified", "post",
           lambda r: reverse("vote:cast", args=[_round(r).pk, r.getfixturevalue("shortlisted_cases")[0].pk]), set()),
    Action("vote.manage", "get", lambda r: reverse("vote:manage"), TEAM, setup=_round),
    Action("vote.round_create", "post", lambda r: reverse("vote:manage"), {"admin"}, setup=_round,
           data=lambda r: {"title": "t", "rules": "r", "opens_on": "2020-11-28", "closes_on": "2020-11-29",
                           "cases": [c.pk for c in r.getfixturevalue("shortlisted_cases")]}),
    Action("vote.manage_round", "get", lambda r: reverse("vote:manage_round", args=[_round(r).pk]), TEAM),
    Action("vote.publish", "post", lambda r: reverse("vote:publish", args=[_draft(r).pk]), {"admin"}),
    Action("vote.void", "post", lambda r: reverse("vote:void", args=[_round(r).pk]), {"admin"},
           data=lambda r: {"vote_ids": "1,2", "reason": "刷票"}),
    Action("vote.export_xlsx", "get", lambda r: reverse("vote:export", args=[_round(r).pk, "xlsx"]), TEAM),
    Action("vote.export_csv", "get", lambda r: reverse("vote:export", args=[_round(r).pk, "csv"]), TEAM),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
