"""security_headers: 25 points per effective header; one low finding with the score when below 100."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import CheckNotApplicable, run_check, security_headers
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Page
from tests.monitor.checks._site import ROOT, findings_of, fixture_files, json_fixture, make_site


def _site(final_url: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    page = Page(url=ROOT, final_url=final_url, status=200, headers=headers, content_type="text/html",
                text="<html><body>首页</body></html>")
    return make_site([page])


@pytest.mark.parametrize("name", fixture_files("security_headers"))
def test_fixture(name: str) -> None:
    case = json_fixture("security_headers", name)
    site = _site(case["final_url"], case["headers"])
    assert run_check("security_headers", site, CheckConfig()).observed == case["observed"]
    findings = findings_of(security_headers.run(site, CheckConfig()))
    got = [{"value": f.value, "severity": f.severity, "missing": f.evidence["missing"]} for f in findings]
    assert got == case["expect"]
    for finding in findings:
        evidence = finding.evidence
        assert evidence["score"] == sum(evidence["weights"][name] for name in evidence["present"])
        assert finding.url == ROOT


def test_weights_are_configuration() -> None:
    weights = {"strict-transport-security": 40, "content-security-policy": 20, "x-content-type-options": 20,
               "x-frame-options": 20}
    config = CheckConfig(extra={"security_header_weights": weights})
    site = _site("https://www.example.gov.cn/", {"Strict-Transport-Security": "max-age=1"})
    (finding,) = findings_of(security_headers.run(site, config))
    assert finding.value == "40/100"


def test_no_homepage_is_not_applicable() -> None:
    with pytest.raises(CheckNotApplicable):
        findings_of(security_headers.run(make_site([]), CheckConfig()))
