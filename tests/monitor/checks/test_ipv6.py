"""ipv6: no AAAA or unreachable over IPv6 gives a finding; reachable gives an info finding with the address."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import CheckNotApplicable, ipv6, run_check
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._site import ROOT, findings_of, fixture_files, json_fixture, make_site


@pytest.mark.parametrize("name", fixture_files("ipv6"))
def test_fixture(name: str) -> None:
    case = json_fixture("ipv6", name)
    site = make_site([], probes={"ipv6": case["probe"]} if case["probe"] is not None else {})
    assert run_check("ipv6", site, CheckConfig()).observed == case["observed"]
    if case["expect"] == "not applicable":
        with pytest.raises(CheckNotApplicable):
            findings_of(ipv6.run(site, CheckConfig()))
        return
    findings = findings_of(ipv6.run(site, CheckConfig()))
    assert [{"value": f.value, "severity": f.severity} for f in findings] == case["expect"]
    for finding in findings:
        assert finding.url == ROOT
        assert finding.evidence["addresses"] == case["probe"]["addresses"]


@pytest.mark.parametrize("root", ["http://127.0.0.1:8080/", "http://10.1.2.3/"])
def test_ipv4_literal_site_is_not_applicable(root: str) -> None:
    site = make_site([], probes={"ipv6": {"addresses": [], "reachable": None}})
    site = type(site)(root=root, as_of=site.as_of, pages=site.pages, probes=site.probes)
    with pytest.raises(CheckNotApplicable, match="IPv4 literal"):
        findings_of(ipv6.run(site, CheckConfig()))


def test_ipv6_literal_site_is_still_judged() -> None:
    site = make_site([], probes={"ipv6": {"addresses": ["::1"], "reachable": True}})
    site = type(site)(root="http://[::1]:8080/", as_of=site.as_of, pages=site.pages, probes=site.probes)
    assert [f.severity for f in findings_of(ipv6.run(site, CheckConfig()))] == ["info"]
