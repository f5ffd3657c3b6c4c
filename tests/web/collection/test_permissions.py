"""Permission matrix rows of manual collection: every role × every action (tests/web/permissions.py).

The evaluator in the matrix (evaluator_user) is the assignee of `item` and the first scorer of `disputed_item`.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.permissions import TEAM, Action, check_action, matrix

from dgeval.web.collection.services import manual_score_save

from .conftest import PNG_BYTES, upload

WORKERS = {"admin", "evaluator"}


def _fixture(name: str):
    return lambda r: r.getfixturevalue(name)


def _in_phase(request) -> None:
    request.getfixturevalue("in_phase")
    request.getfixturevalue("campaign_2020")


ACTIONS = [
    Action("collection.list", "get", lambda r: reverse("collection:list"), TEAM, setup=_in_phase),
    Action("collection.progress", "get", lambda r: reverse("collection:progress"), TEAM, setup=_in_phase),
    Action("collection.item", "get", lambda r: reverse("collection:item", args=[_fixture("item")(r).pk]), TEAM),
    Action(
        "collection.score", "post", lambda r: reverse("collection:item", args=[_fixture("item")(r).pk]), WORKERS,
        data=lambda r: {"points": "9", "evidence_url": "http://www.hzxh.gov.cn/", "action": "submit"},
    ),
    Action(
        "collection.score_item_of_another_evaluator", "post",
        lambda r: reverse("collection:item", args=[_fixture("other_item")(r).pk]), {"admin"},
        data=lambda r: {"points": "1", "note": "x", "action": "submit"},
    ),
    Action(
        "collection.screenshot", "get",
        lambda r: reverse("collection:screenshot", args=[_scored_with_screenshot(r).pk]), TEAM,
    ),
    Action(
        "collection.reconcile", "post",
        lambda r: reverse("collection:reconcile", args=[_fixture("disputed_item")(r).pk]), {"admin"},
        data=lambda r: {"points": "15", "reason": "核对后"},
    ),
    Action(
        "collection.assign", "post", lambda r: reverse("collection:assign", args=[_fixture("item")(r).pk]), {"admin"},
        data=lambda r: {"assignee": r.getfixturevalue("evaluator2").pk, "reason": "调整"},
    ),
    Action("collection.generate_form", "get", lambda r: reverse("collection:generate"), {"admin"}, setup=_in_phase),
    Action(
        "collection.generate", "post", lambda r: reverse("collection:generate"), {"admin"}, setup=_in_phase,
        data=lambda r: {"targets": [r.getfixturevalue("county_target").pk],
                        "evaluators": [r.getfixturevalue("evaluator2").pk], "scope": "manual"},
    ),
    Action("collection.export", "get", lambda r: reverse("collection:export"), TEAM, setup=_in_phase),
    Action("collection.import_form", "get", lambda r: reverse("collection:import"), WORKERS, setup=_in_phase),
]


def _scored_with_screenshot(request):
    item = request.getfixturevalue("item")
    return manual_score_save(
        item=item, actor=request.getfixturevalue("evaluator_user"), points=5, submit=True,
        screenshot=upload("s.png", PNG_BYTES),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
