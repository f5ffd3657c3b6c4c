"""Monitor checks, registered in one place: `CHECK_MODULES`.

Contract of a check module (see docs/checks.md):
- `NAME`: the check's one word, shared by the module, the finding's `check` field and the `--checks` CLI value;
- `TITLE`: its name in Chinese, for people (reports, the platform, the scan summary);
- `LEAVES`: framework leaf codes its findings bear on;
- `run(site: Site, config: CheckConfig) -> Iterable[Finding]`: a pure function — no network, clock or file I/O
  (the as-of date comes from `site.as_of`; data files are loaded once through `config`);
- optionally `run_page(page: Page, site: Site, config: CheckConfig) -> Iterable[Finding]`, for a check whose
  findings on a page depend on that page alone: `run` must then yield exactly `run_page` over `site.pages`, in order.
  A scan calls it on each page as soon as the page is fetched (`site` then gives the root and as-of date; its
  `pages` may still be incomplete), so the page need not be kept for the check (see monitor/stream.py);
- optionally `notice_page(page: Page, site: Site, config: CheckConfig) -> Any`, for a site check that first looks
  at every page on its own (is this a message page?): what it notes, None for nothing. A scan calls it as pages
  arrive and hands `run` the notes as `site.notes[NAME]` (page URL → note, for every page of `site.pages` it was
  called on); `run` uses them instead of looking again, and must find the same without them.
A check that does not apply raises `CheckNotApplicable`; any other exception is logged and the scan goes on.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType
from typing import Iterable

from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import Finding, Site

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
    """Raised by a check whose precondition is absent (no footer, no message board…)."""


def load_check(name: str) -> ModuleType:
    if name not in CHECK_MODULES:
        raise KeyError(f"unknown check {name!r}; known: {', '.join(CHECK_MODULES)}")
    return importlib.import_module(f"dgeval.monitor.checks.{name}")


def run_checks(
    site: Site, names: Iterable[str] | None = None, config: CheckConfig | None = None
) -> tuple[list[Finding], dict[str, str]]:
    """Run the named checks (all by default) over a site.

    Returns the findings and, per check that did not run to completion, why (not applicable, or the error).
    """
    config = config or CheckConfig()
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    for name in CHECK_MODULES if names is None else names:
        module = load_check(name)
        try:
            findings.extend(module.run(site, config))
        except CheckNotApplicable as exc:
            skipped[name] = f"not applicable: {exc}"
        except Exception as exc:  # a bad page never ends a scan
            log.exception("check %s failed on %s", name, site.root)
            skipped[name] = f"error: {type(exc).__name__}: {exc}"
    return findings, skipped
