"""https: no HTTPS, no redirect, invalid, expired or soon-expiring certificates give findings (as of 2020-11-01)."""

from __future__ import annotations

import dataclasses

import pytest

from dgeval.errors import CheckError
from dgeval.monitor.checks import CheckNotApplicable, https, run_check
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._site import ROOT, findings_of, fixture_files, json_fixture, make_site


@pytest.mark.parametrize("name", fixture_files("https"))
def test_fixture(name: str) -> None:
    case = json_fixture("https", name)
    site = make_site([], probes={"https": case["probe"]} if case["probe"] is not None else {})
    assert run_check("https", site, CheckConfig()).observed == case["observed"]
    if case["expect"] == "not applicable":
        with pytest.raises(CheckNotApplicable):
            findings_of(https.run(site, CheckConfig()))
        return
    findings = findings_of(https.run(site, CheckConfig()))
    assert [{"value": f.value, "severity": f.severity} for f in findings] == case["expect"]
    assert all(f.url == ROOT for f in findings)


def test_warning_window_is_configuration() -> None:
    probe = json_fixture("https", "expires_after_warning_window.json")["probe"]
    site = make_site([], probes={"https": probe})
    assert findings_of(https.run(site, CheckConfig())) == []
    wider = dataclasses.replace(CheckConfig(), cert_expiry_warning_days=60)
    (finding,) = findings_of(https.run(site, wider))
    assert finding.evidence["days_left"] == 31


def test_bad_expiry_date_is_a_check_error() -> None:
    probe = {**json_fixture("https", "good.json")["probe"], "cert_not_after": "30/06/2021"}
    with pytest.raises(CheckError, match="cert_not_after"):
        findings_of(https.run(make_site([], probes={"https": probe}), CheckConfig()))
