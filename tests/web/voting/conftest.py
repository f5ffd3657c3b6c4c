"""Fixtures of the vote tests: the case fixtures, and a published round open on 2020-11-23."""

from __future__ import annotations

from datetime import date

import pytest

from dgeval.web.voting.services import DEFAULT_RULES, round_create, round_publish

from tests.web.cases.conftest import *  # noqa: F403 - the case fixtures, shared

OPENS, VOTE_DAY, CLOSES = date(2020, 11, 22), date(2020, 11, 23), date(2020, 11, 26)


@pytest.fixture
def vote_round(shortlisted_cases, admin_user):
    """Published on 2020-11-20, open 2020-11-22 to 2020-11-26; today is still 2020-11-20."""
    created = round_create(campaign=shortlisted_cases[0].campaign, title="2020年优秀创新案例网民评选",
                           rules=str(DEFAULT_RULES), opens_on=OPENS, closes_on=CLOSES, cases=shortlisted_cases,
                           actor=admin_user)
    return round_publish(vote_round=created, actor=admin_user)


@pytest.fixture
def open_round(vote_round, today_is):
    today_is(VOTE_DAY)
    return vote_round
