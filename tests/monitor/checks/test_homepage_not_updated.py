"""homepage_not_updated: the homepage's newest item older than 14 days; no lists at all is not applicable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from dgeval.monitor.checks import homepage_not_updated
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._expect import check_fixture_site
from tests.monitor.checks._site import findings_of
from tests.monitor.checks.conftest import FIXTURES, build_site, fixture_sites


@pytest.mark.parametrize("folder", fixture_sites("homepage_not_updated"), ids=lambda p: p.name)
def test_fixture_site(folder: Path) -> None:
    check_fixture_site(homepage_not_updated, folder)


def test_threshold_is_configuration() -> None:
    site = build_site(FIXTURES / "homepage_not_updated" / "stale_with_future_event")
    assert findings_of(homepage_not_updated.run(site, CheckConfig(homepage_stale_days=90))) == []


def test_as_of_moves_the_verdict() -> None:
    site = build_site(FIXTURES / "homepage_not_updated" / "fresh_short_dates")
    later = dataclasses.replace(site, as_of=site.as_of.replace(month=12))
    [finding] = findings_of(homepage_not_updated.run(later, CheckConfig()))
    assert finding.evidence["latest_date"] == "2020-10-10"


@pytest.mark.parametrize(("offset", "stale"), [(-1, False), (0, False), (1, True)])
def test_homepage_is_stale_only_after_its_period(offset: int, stale: bool) -> None:
    """13 and 14 days old are within the 14-day period; 15 is past it (the newest item here is 2020-11-05)."""
    site = build_site(FIXTURES / "homepage_not_updated" / "defect_15_days_gbk")
    period = CheckConfig().homepage_stale_days
    moved = dataclasses.replace(site, as_of=dt.date(2020, 11, 5) + dt.timedelta(days=period + offset))
    findings = findings_of(homepage_not_updated.run(moved, CheckConfig()))
    assert [f.evidence["days_since_update"] for f in findings] == ([period + offset] if stale else [])


def test_the_verdict_reads_the_days_the_check_reports() -> None:
    """The 单项否决 rule reads the check's own evidence: a homepage stale past the veto fails the site with its days."""
    from dgeval.monitor.verdict import judge, load_rules

    site = build_site(FIXTURES / "homepage_not_updated" / "defect_15_days_gbk")
    rules = load_rules()
    veto_days = rules["homepage"]["veto_days"]
    moved = dataclasses.replace(site, as_of=dt.date(2020, 11, 5) + dt.timedelta(days=veto_days + 3))
    findings = findings_of(homepage_not_updated.run(moved, CheckConfig()))
    outcome = next(o for o in judge(findings, rules=rules).outcomes if o.rule == "homepage")
    assert outcome.vetoed and f"{veto_days + 3} 天" in outcome.detail
