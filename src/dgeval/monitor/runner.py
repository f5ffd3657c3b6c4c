"""One scan of one site: crawl, probe, then run the checks (issue 4 §1–§3).

`scan_site` is what `dgeval scan`, the benchmark and the web platform call. The crawl and probes are network work;
the checks are pure functions over the resulting `Site`. With two or more CPUs the checks are split between this
process and a forked child (the Site is inherited, not pickled), so a scan with every check on uses both cores.
Parsing HTML in a worker process during the crawl was measured and rejected: pickling bodies and results cost the
event loop more CPU than parsing them in place (selectolax parses a 20 KB page in about 0.1 ms).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from dgeval.monitor.checks import CHECK_MODULES, run_checks
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler, CrawlProgress, CrawlStats
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.model import Finding, Site
from dgeval.monitor.probes import run_probes
from dgeval.monitor.warc import WarcArchive

log = logging.getLogger(__name__)


@dataclass(slots=True, repr=False)
class ScanResult:
    """What one scan produced: the site as seen, the findings, and how the scan went (short repr: see CrawlResult)."""

    site: Site
    findings: list[Finding]
    skipped: dict[str, str]
    stats: CrawlStats
    checks: tuple[str, ...]
    check_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"ScanResult({self.site.root!r}, pages={len(self.site.pages)}, findings={len(self.findings)})"

    def stats_json(self) -> dict[str, object]:
        data = self.stats.to_json()
        data["check_seconds"] = round(self.check_seconds, 3)
        data["links"] = len(self.site.links)
        return data


async def scan_site(
    url: str,
    *,
    as_of: dt.date,
    config: CrawlConfig | None = None,
    checks: Sequence[str] | None = None,
    check_config: CheckConfig | None = None,
    progress: Callable[[CrawlProgress], None] | None = None,
    warc: Path | str | None = None,
    probes: bool = True,
) -> ScanResult:
    """Crawl `url`, probe it, run `checks` (all by default; `[]` for none) and return everything.

    Raises `RefusedTarget` for a non-public target without `allow_private`, `FetchError` when the homepage cannot be
    fetched at all. `as_of` is the date the checks judge freshness against, so a run is reproducible.
    """
    config = config or CrawlConfig()
    names = tuple(CHECK_MODULES if checks is None else checks)
    archive = WarcArchive(warc) if warc is not None else None
    try:
        async with Fetcher(config, archive=archive) as fetcher:
            crawler = Crawler(url, config, fetcher, progress=progress)
            crawl = await crawler.run()
            probe_results = await run_probes(crawl, fetcher, config) if probes else {}
            crawl.stats.requests = fetcher.stats.requests
            crawl.stats.bytes = fetcher.stats.bytes
    finally:
        if archive is not None:
            archive.close()
    available, missing = _available_checks(names)
    site = Site(root=crawl.final_root, as_of=as_of, pages=tuple(crawl.pages), links=tuple(crawl.links),
                probes=probe_results)
    started = time.perf_counter()
    findings, skipped = run_checks_parallel(site, available, check_config)
    skipped.update(missing)
    return ScanResult(site, findings, skipped, crawl.stats, names, time.perf_counter() - started)


def _available_checks(names: Sequence[str]) -> tuple[tuple[str, ...], dict[str, str]]:
    """Registered checks whose module exists; the others are reported as skipped instead of ending the scan."""
    available = []
    missing = {}
    for name in names:
        if importlib.util.find_spec(f"dgeval.monitor.checks.{name}") is None:
            missing[name] = "not available: module not installed"
        else:
            available.append(name)
    return tuple(available), missing


# The site handed to forked workers: set just before forking, inherited by copy-on-write, never pickled.
_FORK_SITE: Site | None = None


def _run_check_in_child(name: str, check_config: CheckConfig | None) -> tuple[list[Finding], dict[str, str]]:
    assert _FORK_SITE is not None
    return run_checks(_FORK_SITE, [name], check_config)


def run_checks_parallel(
    site: Site, names: Sequence[str], check_config: CheckConfig | None = None
) -> tuple[list[Finding], dict[str, str]]:
    """Run the checks one per task on a pool of forked workers, one per core; findings keep registry order.

    Checks differ a lot in cost (a regex over every page vs. reading one probe dict), so tasks are handed out one
    check at a time rather than split in fixed halves. Small sites and single-core machines run in-process.
    """
    names = tuple(names)
    if not names:
        return [], {}  # run_checks would read an empty selection as "all"
    workers = min(os.cpu_count() or 1, len(names))
    if workers < 2 or len(site.pages) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return run_checks(site, names, check_config)
    global _FORK_SITE
    _FORK_SITE = site
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run_check_in_child, name, check_config) for name in names]
            for future in futures:
                check_findings, check_skipped = future.result()
                findings.extend(check_findings)
                skipped.update(check_skipped)
    finally:
        _FORK_SITE = None
    return findings, skipped
