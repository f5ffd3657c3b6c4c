"""Permission matrix rows of 依申请公开: the team reads, admins and evaluators act, webmasters see nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.web.foi.services import foi_request_answer
from tests.web.permissions import TEAM, Action, check_action, matrix

from .conftest import PDF_BYTES

WORKERS = {"admin", "evaluator"}


def _pk(name: str):
    return lambda r: r.getfixturevalue(name).pk


def _as_of(request) -> None:
    request.getfixturevalue("as_of")
    request.getfixturevalue("campaign_2020")


def _attachment(request):
    acknowledged = request.getfixturevalue("acknowledged")
    answered = foi_request_answer(
        request=acknowledged, answered_on=acknowledged.received_on, answer_text="",
        attachments=[SimpleUploadedFile("r.pdf", PDF_BYTES)], actor=request.getfixturevalue("evaluator_user"),
    )
    return answered.attachments.get()


ACTIONS = [
    Action("foi.list", "get", lambda r: reverse("foi:list"), TEAM, setup=_as_of),
    Action("foi.detail", "get", lambda r: reverse("foi:detail", args=[_pk("sent")(r)]), TEAM),
    Action("foi.create_form", "get", lambda r: reverse("foi:create"), WORKERS, setup=_as_of),
    Action(
        "foi.send", "post", lambda r: reverse("foi:create"), WORKERS, setup=_as_of,
        data=lambda r: {"target": r.getfixturevalue("county_target").pk, "channel": "email",
                        "content": "请公开……", "sent_on": "2020-11-01"},
    ),
    Action("foi.acknowledge", "post", lambda r: reverse("foi:acknowledge", args=[_pk("sent")(r)]), WORKERS,
           data=lambda r: {"received_on": "2020-09-30"}),
    Action("foi.answer", "post", lambda r: reverse("foi:answer", args=[_pk("acknowledged")(r)]), WORKERS,
           data=lambda r: {"answered_on": "2020-10-30", "answer_text": "已公开"}),
    Action("foi.score", "post", lambda r: reverse("foi:score", args=[_pk("answered")(r)]), WORKERS,
           data=lambda r: {"points": "1"}),
    Action("foi.close", "post", lambda r: reverse("foi:close", args=[_pk("answered")(r)]), WORKERS,
           data=lambda r: {"reason": "已评分"}),
    Action("foi.export", "get", lambda r: reverse("foi:export"), WORKERS, setup=lambda r: r.getfixturevalue("sent")),
    Action("foi.import_form", "get", lambda r: reverse("foi:import"), WORKERS, setup=_as_of),
    Action("foi.attachment", "get", lambda r: reverse("foi:attachment", args=[_attachment(r).pk]), TEAM),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
