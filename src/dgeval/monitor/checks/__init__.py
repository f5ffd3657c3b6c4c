"""Monitor checks, registered in one place: `CHECK_MODULES`.

Contract of a check module (see docs/checks.md):
- `NAME`: the check's one word, shared by the module, the finding's `check` field and the `--checks` CLI value;
- `TITLE`: its name in Chinese, for people (reports, the platform, the scan summary);
- `run(site: Site, config: CheckConfig) -> Iterable[Finding | Observed]`: a pure function — no network, clock or
  file I/O (the as-of date comes from `site.as_of`; data files are loaded once through `config`). It yields its
  findings and, as it goes, `Observed(n)` for the n things it observed of what its finding rule's `observes` names
  (links checked, pages read, columns judged: docs/checks.md says what each check counts). Points come only from
  observations, so a check that looked and found nothing wrong must say so. Findings carry no leaves: the scan
  fills them from the finding rules (`dgeval.framework.rules`), the one map from checks to leaves;
- `describe(value: str | None, evidence: Mapping[str, Any]) -> str`: one of its findings as a Chinese sentence a
  webmaster understands (where, what, what the rule says), from the stored fields alone (the platform keeps
  findings in its database), every string through gettext; no dict, code or English word reaches the reader;
- optionally `run_page(page: Page, site: Site, config: CheckConfig) -> Iterable[Finding | Observed]`, for a check
  whose findings on a page depend on that page alone: `run` must then yield exactly `run_page` over `site.pages`,
  in order, observations included. A scan calls it on each page as soon as the page is fetched (`site` then gives
  the root and as-of date; its `pages` may still be incomplete), so the page need not be kept for the check (see
  monitor/stream.py);
- optionally `notice_page(page: Page, site: Site, config: CheckConfig) -> Any`, for a site check that first looks
  at every page on its own (is this a message page?): what it notes, None for nothing. A scan calls it as pages
  arrive and hands `run` the notes as `site.notes[NAME]` (page URL → note, for every page of `site.pages` it was
  called on); `run` uses them instead of looking again, and must find the same without them.
- optionally `prepare(config: CheckConfig) -> None`, for a check that loads data before it can read a page (a
  dictionary, an automaton): a scan calls it once before the first page, so that the time budget of that page
  counts the page's own work only. It must be safe to skip: `run` and `run_page` load what they need themselves.
A check that does not apply raises `CheckNotApplicable`: it observed nothing. A check stopped by a budget (time, DOM
size) raises `CheckStopped`, or has `budget.OverBudget` raised into it by the scan's time budget (a BaseException,
which the check's own `except Exception` cannot swallow): what it observed and found so far stands, and the scan
reports it as not completed.
Any other exception is logged, what the check had observed and found stands, and the scan goes on.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from dataclasses import dataclass
from types import ModuleType
from typing import Iterable, Literal, Mapping

from dgeval.monitor.budget import OverBudget
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.leaves import finding_rules
from dgeval.monitor.model import Finding, Observed, Site

log = logging.getLogger(__name__)

CHECK_MODULES: tuple[str, ...] = (
    "broken_link",
    "stale_column",
    "blank_column",
    "homepage_not_updated",
    "id_number_leak",
    "phone_leak",
    "bank_card_leak",
    "wrong_word",
    "missing_site_code",
    "missing_icp",
    "missing_psb_filing",
    "missing_gov_badge",
    "orphan_interpretation",
    "overdue_message",
    "ipv6",
    "https",
    "security_headers",
    "search",
    "response_time",
)


class CheckNotApplicable(Exception):
    """Raised by a check whose precondition is absent (no footer, no message board…): it observed nothing."""


class CheckStopped(Exception):
    """Raised by a check, or on its behalf, when a budget stops it: what it observed and found so far stands."""


SkipKind = Literal["not applicable", "error", "stopped"]


@dataclass(frozen=True, slots=True)
class Skip:
    """Why a check did not run to completion. `str()` gives the reason as `dgeval scan --json` prints it in
    `skipped` ("not applicable: no footer")."""

    kind: SkipKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What one check gave on one site: its findings (leaves filled), how many things it observed, and why it did
    not complete (`skip`, None when it did). A check that does not apply observed 0."""

    check: str
    findings: tuple[Finding, ...] = ()
    observed: int = 0
    skip: Skip | None = None

    @property
    def completed(self) -> bool:
        return self.skip is None

    @property
    def problems(self) -> int:
        """Findings that are problems: `info` findings are observations (a value found) and cost nothing."""
        return sum(1 for finding in self.findings if finding.severity != "info")


def load_check(name: str) -> ModuleType:
    if name not in CHECK_MODULES:
        raise KeyError(f"unknown check {name!r}; known: {', '.join(CHECK_MODULES)}")
    return importlib.import_module(f"dgeval.monitor.checks.{name}")


def skip_of(name: str, exc: Exception | OverBudget, where: str) -> Skip:
    """The Skip for an exception check NAME raised on WHERE (a site root or page URL); errors are logged."""
    if isinstance(exc, CheckNotApplicable):
        return Skip("not applicable", str(exc))
    if isinstance(exc, CheckStopped):
        return Skip("stopped", str(exc))
    if isinstance(exc, OverBudget):
        return Skip("stopped", "scan time limit reached")
    log.error("check %s failed on %s", name, where, exc_info=exc)
    return Skip("error", f"{type(exc).__name__}: {exc}")


def make_report(name: str, findings: Iterable[Finding], observed: int, skip: Skip | None,
                config: CheckConfig) -> CheckReport:
    """The report of check NAME, its findings given the leaves the finding rules map it to."""
    leaves = finding_rules(config.rules_year).leaves_of_check(name)
    filled = tuple(f if f.leaves == leaves else dataclasses.replace(f, leaves=leaves) for f in findings)
    if skip is not None and skip.kind == "not applicable":
        observed = 0
    return CheckReport(name, filled, observed, skip)


def run_check(name: str, site: Site, config: CheckConfig) -> CheckReport:
    """Run one check's `run` over a site, counting what it observed."""
    module = load_check(name)
    findings: list[Finding] = []
    observed = 0
    skip = None
    try:
        for item in module.run(site, config):
            if isinstance(item, Observed):
                observed += item.count
            else:
                findings.append(item)
    except (Exception, OverBudget) as exc:  # a bad page never ends a scan; a stopped check keeps what it made
        skip = skip_of(name, exc, site.root)
    return make_report(name, findings, observed, skip, config)


def check_site(
    site: Site, names: Iterable[str] | None = None, config: CheckConfig | None = None
) -> dict[str, CheckReport]:
    """Run the named checks (all by default) over a site: check → its report, in the order named."""
    config = config or CheckConfig()
    return {name: run_check(name, site, config) for name in (CHECK_MODULES if names is None else names)}


def all_findings(reports: Mapping[str, CheckReport]) -> list[Finding]:
    """Every finding of the reports, check by check in their order."""
    return [finding for report in reports.values() for finding in report.findings]


def skip_reasons(reports: Mapping[str, CheckReport]) -> dict[str, str]:
    """Check → why it did not complete, for the checks that did not."""
    return {name: str(report.skip) for name, report in reports.items() if report.skip is not None}


def run_checks(
    site: Site, names: Iterable[str] | None = None, config: CheckConfig | None = None
) -> tuple[list[Finding], dict[str, str]]:
    """The findings and skip reasons of `check_site`, for a caller that does not weigh observations."""
    reports = check_site(site, names, config)
    return all_findings(reports), skip_reasons(reports)
