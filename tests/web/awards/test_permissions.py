"""Every awards URL × every role, before the results are published (then the gallery and the decisions are
public)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dgeval.web.awards.models import CaseDecision
from dgeval.web.awards.services import cases_decide
from dgeval.web.publication.services import results_publish

from tests.web.permissions import EVERYONE, Action, check_action, matrix

TEAM = {"admin", "evaluator"}


def _round(r):
    return r.getfixturevalue("closed_round")


def _decision(r, position: int = 0):
    """The decision on the shortlisted case at POSITION (both selected): 0 is the 西湖区 case (the webmaster's
    target), 1 杭州's."""
    closed = _round(r)
    cases = r.getfixturevalue("shortlisted_cases")
    if not CaseDecision.objects.exists():
        cases_decide(campaign=closed.campaign, vote_round=closed, actor=r.getfixturevalue("admin_user"),
                     selected=[c.pk for c in cases])
    return CaseDecision.objects.get(case=cases[position])


def _evidence(r):
    """Evidence of the 西湖区 case (selected once decided), added by the team."""
    from dgeval.web.cases.screening import case_attach

    from tests.web.cases.conftest import pdf

    case = r.getfixturevalue("shortlisted_cases")[0]
    return case.attachments.first() or case_attach(case=case, files=[pdf()], actor=r.getfixturevalue("admin_user"))[0]


def _published(r) -> None:
    """The vote decided and the results published (the publication app's record opens the gallery)."""
    _decision(r)
    results_publish(campaign=_round(r).campaign, actor=r.getfixturevalue("admin_user"))


ACTIONS = [
    Action("awards.gallery.before", "get", lambda r: reverse("awards:gallery"), TEAM, setup=_round),
    Action("awards.gallery.published", "get", lambda r: reverse("awards:gallery"), EVERYONE, setup=_published),
    Action("awards.decide", "get", lambda r: reverse("awards:decide", args=[_round(r).pk]), TEAM),
    Action("awards.decide_post", "post", lambda r: reverse("awards:decide", args=[_round(r).pk]), {"admin"},
           data=lambda r: {"selected": [r.getfixturevalue("shortlisted_cases")[0].pk], "reason": ""}),
    # Before publication the webmaster of a decided case's target opens it (its scorecard links the bonus to it).
    Action("awards.decision.before", "get", lambda r: reverse("awards:decision", args=[_decision(r).pk]),
           TEAM | {"webmaster"}),
    Action("awards.decision.other_target", "get", lambda r: reverse("awards:decision", args=[_decision(r, 1).pk]),
           TEAM),
    Action("awards.attachment.before", "get", lambda r: reverse("awards:attachment", args=[_evidence(r).pk]), TEAM,
           setup=_decision),
    Action("awards.attachment.published", "get", lambda r: reverse("awards:attachment", args=[_evidence(r).pk]),
           EVERYONE, setup=_published),
    Action("awards.decision.published", "get", lambda r: reverse("awards:decision", args=[_decision(r).pk]),
           EVERYONE, setup=_published),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
