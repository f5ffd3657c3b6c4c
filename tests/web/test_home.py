"""The home page explains the campaign: targets by kind, every phase with dates and state, links to open ones."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_every_phase_with_dates_and_links_the_open_ones(client, campaign_2020, county_target, today_is):
    today_is(date(2020, 10, 16))
    page = client.get(reverse("home")).text
    for label, start, end in (("意见征集", "2020-09-15", "2020-10-15"), ("区县报名", "2020-09-15", "2020-10-20"),
                              ("结果发布", "2020-12-14", "2020-12-31")):
        assert label in page and f"{start} — {end}" in page
    open_part = page.split("现在可以参与")[1].split("工作安排")[0]
    assert reverse("registration:create") in open_part and reverse("cases:nominations") in open_part
    assert reverse("consultation:index") not in open_part  # closed on 10-15
    assert "人工采集" not in open_part  # open, but the team's work, not the visitor's
    assert "区县 1 个" in page and "重点城市 1 个" in page
    assert "网站主管单位" in page and "查看本单位网站的监测问题" in page


def test_team_pages_are_linked_only_for_the_team(client, evaluator_client, campaign_2020, today_is):
    today_is(date(2020, 10, 16))
    assert reverse("collection:list") not in client.get(reverse("home")).text
    assert reverse("collection:list") in evaluator_client.get(reverse("home")).text


def test_case_nomination_is_linked_only_for_those_who_may_nominate(client, evaluator_client, campaign_2020, today_is):
    """The team cannot nominate cases: the nomination page answers them 403, so the guide does not link it."""
    today_is(date(2020, 10, 16))
    assert reverse("cases:nominations") in client.get(reverse("home")).text
    assert reverse("cases:nominations") not in evaluator_client.get(reverse("home")).text
    assert evaluator_client.get(reverse("cases:nominations")).status_code == 403
