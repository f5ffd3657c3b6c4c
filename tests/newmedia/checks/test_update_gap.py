"""update_gap: every stretch of a week (a 服务号: two) without a post is a finding with its dates."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.newmedia.checks import update_gap
from dgeval.newmedia.model import Window

from ..conftest import WINDOW, account, every, on, post


def test_weekly_posts_give_no_finding(config):
    result = update_gap.run(on("wechat", account(posts=every(7))), config)
    assert result.findings == () and result.observed == 1


def test_a_three_week_gap_is_one_finding_with_its_dates(config):
    posts = every(2, end="2020-10-05") + every(2, start="2020-10-27")
    result = update_gap.run(on("wechat", account(posts=posts)), config)
    (finding,) = result.findings
    # Posts on 10-05 and 10-27: nothing from 10-06 to 10-26, 21 days.
    assert finding.evidence["first_day"] == "2020-10-06" and finding.evidence["last_day"] == "2020-10-26"
    assert finding.evidence["days"] == 21 and finding.severity == "high"
    assert "2020-10-06 至 2020-10-26 共 21 天未发布信息" in finding.summary
    assert "微信订阅号每周至少更新 1 次" in finding.summary


@pytest.mark.parametrize(("second", "found"), [("2020-09-08", False), ("2020-09-09", True)])
def test_seven_days_without_a_post_is_a_gap(second, found):
    window = Window(dt.date(2020, 9, 1), dt.date(2020, 9, 14))
    days = [dt.date(2020, 9, 1), dt.date.fromisoformat(second), dt.date(2020, 9, 14)]
    assert bool(list(update_gap.gaps(days, window, 7))) is found


def test_window_edges_end_a_stretch():
    window = Window(dt.date(2020, 9, 1), dt.date(2020, 9, 30))
    assert list(update_gap.gaps([dt.date(2020, 9, 8), dt.date(2020, 9, 15), dt.date(2020, 9, 22)], window, 7)) == [
        (dt.date(2020, 9, 1), dt.date(2020, 9, 7)), (dt.date(2020, 9, 23), dt.date(2020, 9, 30))]


def test_service_account_may_post_every_two_weeks(config):
    service = account(kind="wechat_service", posts=every(13))
    assert update_gap.run(on("wechat", service), config).findings == ()
    sparse = account(kind="wechat_service", posts=every(15))
    assert update_gap.run(on("wechat", sparse), config).findings


def test_no_post_data_is_not_observed(config):
    result = update_gap.run(on("wechat", account(posts=None)), config)
    assert result.observed == 0 and result.findings == ()


def test_imported_but_empty_is_one_gap_over_the_window(config):
    (finding,) = update_gap.run(on("weibo", account(kind="weibo", posts=())), config).findings
    assert finding.evidence["days"] == (WINDOW.end - WINDOW.start).days + 1


def test_mini_programs_and_closed_accounts_are_not_judged(config):
    result = update_gap.run(on("wechat", account(kind="mini_program", posts=()),
                               account(key="x", status="closed", posts=(post("2020-09-01"),))), config)
    assert result.observed == 0 and result.findings == ()
