"""The demo step: a case in every state, an open and a finished vote, bonus points with provenance."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.web.accounts import demo as accounts_demo
from dgeval.web.awards.models import CaseDecision
from dgeval.web.awards import demo
from dgeval.web.cases.models import CaseStatus, NominationStatus
from dgeval.web.common.demo import DemoContext
from dgeval.web.scores.models import ScorePart
from dgeval.web.targets.services import targets_import_registry
from dgeval.web.voting.models import RoundState, Vote

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state(campaign_2020, county_target, webmaster_user, city_target, tmp_path):
    targets_import_registry(actor=None)
    ctx = DemoContext(campaign=campaign_2020, today=dt.date(2020, 11, 20), data_dir=tmp_path, sites=[],
                      counties=[county_target])
    accounts_demo.seed(ctx)
    summary = demo.seed(ctx)
    assert "入选 4" in summary and "作废刷票 5 张" in summary
    statuses = set(campaign_2020.nominations.values_list("cases__status", flat=True))
    assert {CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.REJECTED, CaseStatus.UNDER_REVIEW,
            CaseStatus.SHORTLISTED, CaseStatus.SELECTED, CaseStatus.NOT_SELECTED, CaseStatus.MERGED} <= statuses
    assert campaign_2020.nominations.filter(status=NominationStatus.DRAFT).exists()
    rounds = {r.title: r.state(ctx.today) for r in campaign_2020.vote_rounds.all()}
    assert sorted(rounds.values()) == sorted([RoundState.OPEN, RoundState.CLOSED])
    assert Vote.objects.filter(voided_at__isnull=False).count() == 5
    selected = CaseDecision.objects.filter(selected=True)
    assert selected.count() == 4
    bonus = ScorePart.objects.filter(source_kind="bonus")
    assert bonus.filter(leaf__target__code="330000", leaf__code="bonus.integrated_service").exists()
    assert {p.source for p in bonus} == set(selected)
