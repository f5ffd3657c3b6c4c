"""Compare a check's findings on a fixture site with the site's `[expected]` table (see conftest.build_site)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from dgeval.monitor.checks import run_check
from dgeval.monitor.checks._urls import url_key
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.leaves import finding_rules
from dgeval.monitor.model import Finding
from tests.monitor.checks.conftest import build_site, expected_findings, site_spec

#: Expected-row keys compared with the finding itself; any other key is compared with its evidence ("" = null).
FINDING_KEYS = ("url", "value", "severity")


def check_fixture_site(module: ModuleType, folder: Path, config: CheckConfig | None = None) -> list[Finding]:
    """Run one check on a fixture site and assert it gives exactly the expected findings, evidence included, and
    observes what the site's `[observed]` table says."""
    site = build_site(folder)
    report = run_check(module.NAME, site, config or CheckConfig())
    findings = list(report.findings)
    if module.NAME in site_spec(folder).get("not_applicable", []):
        assert report.skip is not None and report.skip.kind == "not applicable", report.skip
        assert report.observed == 0
    else:
        assert report.skip is None, report.skip
    observed = site_spec(folder).get("observed", {})
    if module.NAME in observed:
        assert report.observed == observed[module.NAME], report
    expected = expected_findings(folder, module.NAME)
    got = {(url_key(f.url), f.value or ""): f for f in findings}
    assert len(got) == len(findings), f"duplicate findings: {findings}"
    assert set(got) == {(url_key(row["url"]), row["value"]) for row in expected}
    for row in expected:
        finding = got[(url_key(row["url"]), row["value"])]
        assert finding.check == module.NAME and finding.leaves == finding_rules().leaves_of_check(module.NAME)
        if "severity" in row:
            assert finding.severity == row["severity"]
        for key, value in row.items():
            if key not in FINDING_KEYS:
                assert finding.evidence[key] == (value if value != "" else None), (key, finding.evidence)
    return findings
