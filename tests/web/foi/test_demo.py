"""The demo seed of 依申请公开: one request in each state, one overdue at the demo day, scores in the leaf."""

from __future__ import annotations

from datetime import date

from dgeval.web.foi.demo import seed_foi
from dgeval.web.foi.models import FoiRequest, FoiStatus
from dgeval.web.scores.models import LeafScore


def test_seed_foi(campaign_2020, county_target, province_target, city_target, evaluator_user, today_is):
    today_is(date(2020, 11, 20))
    requests = seed_foi(campaign_2020, [county_target, province_target, city_target])
    shown = sorted(r.display_status(date(2020, 11, 20)) for r in requests)
    assert shown == sorted([FoiStatus.SENT, FoiStatus.ACKNOWLEDGED, FoiStatus.OVERDUE, FoiStatus.ANSWERED,
                            FoiStatus.CLOSED])
    late = FoiRequest.objects.get(status=FoiStatus.CLOSED)
    assert late.is_overdue(date(2020, 11, 20)) and late.attachments.count() == 0
    assert LeafScore.objects.filter(parts__source_kind="foi").exists()
    assert seed_foi(campaign_2020, [county_target]) == []


def test_seed_foi_outside_the_phase_uses_a_day_inside_it(campaign_2020, county_target, evaluator_user, today_is):
    today_is(date(2026, 11, 25))
    requests = seed_foi(campaign_2020, [county_target])
    assert all(r.sent_on.year == 2020 for r in requests)
