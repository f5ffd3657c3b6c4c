"""Fixtures for scores tests: a few leaf scores on the fixture county and a second county."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.web.scores.services import leaf_score_set
from dgeval.web.targets.models import Target, TargetKind


@pytest.fixture
def before_publication(today_is):
    today_is(dt.date(2020, 11, 25))


@pytest.fixture
def scored(campaign_2020, county_target, city_target, evaluator_user):
    """Two counties with points in local_site/county; the fixture county (the webmaster's) is second."""
    other = Target.objects.create(code="330108", name="滨江区人民政府", kind=TargetKind.COUNTY, parent=city_target)
    for target, points in ((county_target, 15), (other, 18)):
        leaf_score_set(campaign=campaign_2020, target=target, framework="local_site", column="county",
                       code="info.statutory_disclosure", points=points, source_kind="manual", source_id="1",
                       actor=evaluator_user)
    return {"own": county_target, "other": other}
