"""search: no search form, or a search that misses the site's own title, gives a finding."""

from __future__ import annotations

import pytest

from dgeval.monitor.checks import CheckNotApplicable, search, run_check
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._site import ROOT, findings_of, fixture_files, json_fixture, make_site


@pytest.mark.parametrize("name", fixture_files("search"))
def test_fixture(name: str) -> None:
    case = json_fixture("search", name)
    site = make_site([], probes={"search": case["probe"]} if case["probe"] is not None else {})
    assert run_check("search", site, CheckConfig()).observed == case["observed"]
    if case["expect"] == "not applicable":
        with pytest.raises(CheckNotApplicable):
            findings_of(search.run(site, CheckConfig()))
        return
    findings = findings_of(search.run(site, CheckConfig()))
    assert [{"value": f.value, "severity": f.severity} for f in findings] == case["expect"]
    for finding in findings:
        assert finding.url == ROOT
        assert finding.evidence["form_found"] == case["probe"]["form_found"]
