"""Permission matrix for monitoring: every role × every action (tests/web/permissions.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.permissions import TEAM, Action, check_action, matrix

WEBMASTER = {"webmaster"}


def _fx(name):
    return lambda r: r.getfixturevalue(name)


ACTIONS = [
    Action("runs.list", "get", lambda r: reverse("monitoring:runs"), TEAM, setup=lambda r: r.getfixturevalue("campaign_2020")),
    Action(
        "runs.create",
        "post",
        lambda r: reverse("monitoring:runs"),
        TEAM,
        data=lambda r: {"kind": "scan", "scope": "targets", "targets": [r.getfixturevalue("demo_target").pk],
                        "external": "skip", "as_of": "2020-11-20", "max_pages": "30"},
        setup=lambda r: r.getfixturevalue("campaign_2020"),
    ),
    Action("run.detail", "get", lambda r: reverse("monitoring:run", args=[r.getfixturevalue("queued_run").pk]), TEAM),
    Action("findings.list", "get", lambda r: reverse("monitoring:findings"), TEAM | WEBMASTER,
           setup=lambda r: r.getfixturevalue("finding_own")),
    Action("finding.detail.own", "get", lambda r: reverse("monitoring:finding", args=[r.getfixturevalue("finding_own").pk]),
           TEAM | WEBMASTER),
    Action("finding.detail.other", "get",
           lambda r: reverse("monitoring:finding", args=[r.getfixturevalue("finding_other").pk]), TEAM),
    Action("finding.review", "post", lambda r: reverse("monitoring:review", args=[r.getfixturevalue("finding_own").pk]),
           TEAM, data=lambda r: {"review-status": "confirmed", "review-reason": ""}),
    Action("finding.rectify", "post",
           lambda r: reverse("monitoring:rectify", args=[r.getfixturevalue("finding_confirmed").pk]), WEBMASTER,
           data=lambda r: {"rectify-note": "已改正"}),
    Action("finding.appeal", "post",
           lambda r: reverse("monitoring:appeal", args=[r.getfixturevalue("finding_confirmed").pk]), WEBMASTER,
           data=lambda r: {"appeal-reason": "引用原文"}),
    Action("appeals.list", "get", lambda r: reverse("monitoring:appeals"), TEAM,
           setup=lambda r: r.getfixturevalue("open_appeal")),
    Action("appeal.decide", "post", lambda r: reverse("monitoring:decide", args=[r.getfixturevalue("open_appeal").pk]),
           {"admin", "expert"}, data=lambda r: {"decide-decision": "rejected", "decide-reason": "确属错别字"}),
    Action("rectification.list", "get", lambda r: reverse("monitoring:rectification"), TEAM | WEBMASTER,
           setup=lambda r: r.getfixturevalue("finding_confirmed")),
    Action("rectification.send", "post", lambda r: reverse("monitoring:rectification"), TEAM,
           data=lambda r: {"working_days": "10", "target": ""},
           setup=lambda r: r.getfixturevalue("finding_confirmed")),
    Action("findings.export", "get", lambda r: reverse("monitoring:findings_export"), TEAM,
           setup=lambda r: r.getfixturevalue("finding_own")),
    Action("findings.import_form", "get", lambda r: reverse("monitoring:findings_import"), TEAM,
           setup=lambda r: r.getfixturevalue("campaign_2020")),
    Action("target.recheck", "post",
           lambda r: reverse("monitoring:recheck", args=[r.getfixturevalue("demo_target").code]), TEAM | WEBMASTER,
           setup=lambda r: r.getfixturevalue("queued_run")),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
