"""Fixtures of the selection tests: the vote fixtures, and a round closed with votes cast."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from tests.web.voting.conftest import *  # noqa: F403 - the case and vote fixtures, shared
from tests.web.voting.conftest import CLOSES
from tests.web.voting.helpers import cast, verify


@pytest.fixture
def closed_round(open_round, shortlisted_cases, today_is):
    """Three votes for the 西湖区 case, one for the 杭州 case; then the round is over (2020-11-27)."""
    first, second = shortlisted_cases
    for n, choice in enumerate((first, first, first, second)):
        voter = Client(REMOTE_ADDR=f"198.51.{n}.9")
        verify(voter, open_round, f"voter{n}@example.com")
        assert cast(voter, open_round, choice).status_code == 302
    today_is(CLOSES + timedelta(days=1))
    return open_round
