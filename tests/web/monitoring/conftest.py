"""Fixtures for monitoring tests: the demo portals on loopback, scans run inline, WARCs under the test's tmp dir."""

from __future__ import annotations

import datetime as dt

import pytest

from dgeval.demo.server import DemoSites

AS_OF = dt.date(2020, 11, 20)


@pytest.fixture(scope="session")
def demo_sites():
    """The five demo county portals, served on 127.0.0.1 for the whole session (keyed by site key)."""
    with DemoSites(AS_OF) as sites:
        yield {s.spec.key: s for s in sites.sites}


@pytest.fixture(autouse=True)
def _inline_runner(settings, tmp_path):
    settings.DGEVAL_SCAN_RUNNER = "inline"
    settings.DATA_DIR = tmp_path / "data"
    settings.DGEVAL_TODAY = dt.date(2020, 11, 1)  # inside 系统监测 (09-01..11-30)


@pytest.fixture
def demo_target(county_target, demo_sites, admin_user):
    """The fixture county (bound to webmaster_user) pointed at the demo portal with an ID-number leak; an admin
    has allowed scanning it at its loopback address."""
    from dgeval.web.targets.services import target_allow_private_set

    county_target.website_url = demo_sites["dongshan"].url
    county_target.save()
    return target_allow_private_set(target=county_target, allow=True, reason="演示站点在本机", actor=admin_user)


def _store(campaign, target, value: str, actor=None):
    from dgeval.monitor.model import Finding
    from dgeval.web.monitoring.models import FindingRecord
    from dgeval.web.monitoring.services import findings_store, scan_run_create

    run = scan_run_create(campaign=campaign, kind="scan", targets=[target], actor=actor)
    finding = Finding(check="wrong_word", url=f"http://127.0.0.1:1/{value}.html", value=value, severity="high",
                      leaves=("management.daily_operation",))
    findings_store(run=run, target=target, findings=[finding], observed={"wrong_word": 1})
    return FindingRecord.objects.get(target=target, value=value)


@pytest.fixture
def finding_own(campaign_2020, county_target, webmaster_user):
    """A pending finding on the webmaster's own target."""
    return _store(campaign_2020, county_target, "中华人民共合国")


@pytest.fixture
def finding_other(campaign_2020, province_target):
    return _store(campaign_2020, province_target, "国务院办工厅")


@pytest.fixture
def finding_confirmed(finding_own, evaluator_user):
    from dgeval.web.monitoring.services import finding_review

    return finding_review(finding=finding_own, status="confirmed", actor=evaluator_user)


@pytest.fixture
def open_appeal(finding_confirmed, webmaster_user):
    from dgeval.web.monitoring.services import appeal_create

    return appeal_create(finding=finding_confirmed, actor=webmaster_user, reason="引用原文")


@pytest.fixture
def queued_run(campaign_2020, demo_target, evaluator_user):
    """A queued run of the demo target with loopback-safe options (later rechecks reuse them)."""
    from dgeval.web.monitoring.services import scan_options, scan_run_create

    return scan_run_create(campaign=campaign_2020, kind="scan", targets=[demo_target], actor=evaluator_user,
                           options=scan_options(external="skip", as_of=AS_OF, max_pages=50))
