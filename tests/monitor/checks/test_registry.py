"""The registry: every check module follows the contract in checks/__init__.py, the finding rules are the one map
from checks to leaves, and a check's report counts what it observed."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Iterator

import pytest

from dgeval.monitor.checks import (
    CHECK_MODULES,
    CheckStopped,
    Skip,
    https,
    load_check,
    make_report,
    run_check,
)
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.leaves import finding_rules, rules_years
from dgeval.monitor.model import CheckItem, Finding, Observed, Site
from tests.monitor.checks._site import ROOT, make_site

CHECKS_DIR = Path(importlib.import_module("dgeval.monitor.checks").__file__ or "").parent


@pytest.mark.parametrize("name", CHECK_MODULES)
def test_check_module_contract(name: str) -> None:
    module = load_check(name)
    assert module.NAME == name
    assert re.search(r"[\u4e00-\u9fff]", module.TITLE), "TITLE is the check's Chinese name"
    assert callable(module.run) and callable(module.describe)


def test_titles_are_distinct() -> None:
    titles = [load_check(name).TITLE for name in CHECK_MODULES]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize("path", sorted(CHECKS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_check_module_maps_itself_to_leaves(path: Path) -> None:
    module = importlib.import_module(f"dgeval.monitor.checks.{path.stem}" if path.stem != "__init__"
                                     else "dgeval.monitor.checks")
    assert not hasattr(module, "LEAVES"), "the finding rules are the one map from checks to leaves"


@pytest.mark.parametrize("year", rules_years())
def test_every_registered_check_has_exactly_one_rule(year: int) -> None:
    # The rules file also holds the new-media checks' rules (dgeval.newmedia.checks): the one map to leaves.
    from dgeval.newmedia.checks import CHECK_MODULES as NEW_MEDIA_CHECKS

    ruled = [rule.check for rule in finding_rules(year).rules]
    assert sorted(ruled) == sorted([*CHECK_MODULES, *NEW_MEDIA_CHECKS])


def _no_https() -> Site:
    probe = {"scheme": "http", "http_redirects_to_https": False, "https_reachable": False, "cert_valid": None,
             "cert_not_after": None, "cert_error": "connection refused"}
    return make_site([], probes={"https": probe})


def test_report_fills_leaves_from_the_rules_and_counts_observations() -> None:
    report = run_check("https", _no_https(), CheckConfig())
    (finding,) = report.findings
    assert finding.leaves == finding_rules().leaves_of_check("https") == (
        "management.security", "assurance.security_management")
    assert (report.observed, report.problems, report.completed) == (1, 1, True)


def test_not_applicable_observed_nothing() -> None:
    report = run_check("https", make_site([]), CheckConfig())
    assert report.skip is not None and report.skip.kind == "not applicable"
    assert (report.observed, report.findings) == (0, ())
    assert make_report("https", [], 3, Skip("not applicable", "no probe"), CheckConfig()).observed == 0


@pytest.mark.parametrize(("error", "kind"), [(CheckStopped("time budget spent"), "stopped"),
                                             (RuntimeError("bug"), "error")])
def test_stopped_or_failed_check_keeps_what_it_observed(monkeypatch: pytest.MonkeyPatch, error: Exception,
                                                        kind: str) -> None:
    def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
        yield Observed(2)
        yield Finding("https", ROOT, value="no_https", severity="high")
        raise error

    monkeypatch.setattr(https, "run", run)
    report = run_check("https", make_site([]), CheckConfig())
    assert report.skip is not None and report.skip.kind == kind and not report.completed
    assert (report.observed, len(report.findings)) == (2, 1)
    assert str(report.skip).startswith(f"{kind}: ")


def test_info_findings_are_not_problems() -> None:
    info = Finding("missing_icp", ROOT, value="京ICP备05070218号", severity="info")
    report = make_report("missing_icp", [info], 1, None, CheckConfig())
    assert report.problems == 0 and report.findings[0].leaves == ("management.identification",)

