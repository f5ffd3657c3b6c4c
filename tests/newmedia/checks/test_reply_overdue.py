"""reply_overdue: reply latency in working days against the campaign's limit; unanswered messages; not for Weibo."""

from __future__ import annotations

import pytest

from dgeval.newmedia.checks import CheckNotApplicable, reply_overdue, run_checks

from ..conftest import account, message, on


def test_reply_within_the_limit_is_fine(config):
    # Sent Friday 10-16, replied Friday 10-23: 5 working days.
    result = reply_overdue.run(on("wechat", account(messages=(message("2020-10-16 10:00", "2020-10-23 16:00"),))),
                               config)
    assert result.findings == () and result.observed == 1


def test_late_reply_counts_working_days_across_the_holiday(config):
    # Sent 09-29; 10-01..10-08 is the National Day holiday, 10-10 a make-up Saturday: 09-30, 10-09, 10-10, 10-12,
    # 10-13, 10-14 = 6 working days by 10-14.
    late = message("2020-09-29 08:00", "2020-10-14 09:00")
    result = reply_overdue.run(on("app", account(kind="app", messages=(late,))), config)
    (finding,) = result.findings
    assert finding.kind == "late" and finding.evidence["working_days"] == 6
    assert "用时 6 个工作日" in finding.summary and "5 个工作日内回复" in finding.summary


def test_unanswered_past_the_limit_is_a_finding_but_not_within_it(config):
    old = message("2020-11-02 09:00", text="小区噪音扰民，何时处理？")
    fresh = message("2020-11-18 09:00", text="请问社保卡补办地点？")
    result = reply_overdue.run(on("wechat", account(messages=(old, fresh))), config)
    (finding,) = result.findings
    assert finding.kind == "unanswered" and finding.evidence["working_days"] == 14
    assert "截至 2020-11-20 已 14 个工作日未回复" in finding.summary
    assert result.observed == 2


def test_hidden_messages_and_messages_outside_the_window_are_not_judged(config):
    result = reply_overdue.run(on("wechat", account(messages=(
        message("2020-10-09 09:00", shown=False), message("2020-08-03 09:00")))), config)
    assert result.observed == 0 and result.findings == ()


def test_weibo_is_exempt(config):
    with pytest.raises(CheckNotApplicable):
        reply_overdue.run(on("weibo", account(kind="weibo", messages=(message("2020-09-01 09:00"),))), config)
    (result,) = run_checks(on("weibo", account(kind="weibo")), config, ["reply_overdue"])
    assert result.observed == 0 and "政务微博" in result.skipped


def test_the_campaign_limit_is_used(config):
    from dataclasses import replace

    strict = replace(config, reply_limit_workdays=2)
    result = reply_overdue.run(on("wechat", account(messages=(message("2020-10-16 10:00", "2020-10-21 10:00"),))),
                               strict)
    assert [f.kind for f in result.findings] == ["late"]
