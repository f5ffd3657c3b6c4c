"""One scan of one site: crawl, probe, then run the checks.

`scan_site` is what `dgeval scan`, the benchmark and the web platform call. The crawl and probes are network work;
the checks are pure functions over the resulting `Site`. With two or more CPUs the pages are built and checked in a
forked worker while the crawl goes on (see `stream.py`), so a scan with every check on uses both cores and the
crawling process keeps no page text; elsewhere, and with no checks selected, everything runs in this process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from dgeval.monitor import stream
from dgeval.monitor.checks import CHECK_MODULES, CheckReport, Skip, all_findings, check_site, skip_reasons
from dgeval.monitor.checkpoint import Checkpoint
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import Crawler, CrawlProgress, CrawlStats
from dgeval.monitor.fetch import Fetcher
from dgeval.monitor.model import Finding, Site
from dgeval.monitor.probes import run_probes
from dgeval.monitor.ratelimit import RateLimiter
from dgeval.monitor.warc import WarcArchive

log = logging.getLogger(__name__)
#: The share of `max_wall_time` the crawl may use when a checks worker runs the checks; they have the rest (and
#: whatever the crawl leaves), so that a crawl cut by the time limit still gets its site checks.
CRAWL_SHARE = 0.8


@dataclass(slots=True, repr=False)
class ScanResult:
    """What one scan produced: the site as seen, each check's report, and how the scan went (short repr: see
    CrawlResult).

    `reports` has one `CheckReport` per selected check, in registry order: its findings, how many things it observed
    (what its finding rule's `observes` names; 0 for a check that did not apply) and, when it did not complete, why.
    """

    site: Site
    reports: dict[str, CheckReport]
    stats: CrawlStats
    check_seconds: float = 0.0

    def __repr__(self) -> str:
        return f"ScanResult({self.site.root!r}, pages={len(self.site.pages)}, findings={len(self.findings)})"

    @property
    def checks(self) -> tuple[str, ...]:
        return tuple(self.reports)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, check by check in registry order, then page order."""
        return all_findings(self.reports)

    @property
    def skipped(self) -> dict[str, str]:
        """Check → why it did not complete ("not applicable: …", "error: …", "stopped: …")."""
        return skip_reasons(self.reports)

    @property
    def observed(self) -> dict[str, int]:
        """Check → how many things it observed, for every selected check."""
        return {name: report.observed for name, report in self.reports.items()}

    @property
    def finding_counts(self) -> dict[str, int]:
        """Check → its findings that are problems (`info` findings are observations), for every selected check."""
        return {name: report.problems for name, report in self.reports.items()}

    def stats_json(self) -> dict[str, object]:
        data = self.stats.to_json()
        data["check_seconds"] = round(self.check_seconds, 3)
        data["links"] = len(self.site.links)
        return data

    def checks_json(self) -> dict[str, dict[str, int]]:
        """`"checks"` of `dgeval scan --json --framework`: check → {"observed", "findings"}."""
        return {name: {"observed": report.observed, "findings": report.problems}
                for name, report in self.reports.items()}


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
    checkpoint: Checkpoint | None = None,
    limiter: RateLimiter | None = None,
) -> ScanResult:
    """Crawl `url`, probe it, run `checks` (all by default; `[]` for none) and return everything.

    Raises `RefusedTarget` for a non-public target without `allow_private`, `FetchError` when the homepage cannot be
    fetched at all. `as_of` is the date the checks judge freshness against, so a run is reproducible.
    With a CHECKPOINT the crawl resumes from it when it holds a saved state (the WARC is then continued, not
    started anew) and saves to it as it goes; the caller clears it once the result is stored. LIMITER spaces the
    requests to each host with every other fetcher that shares it.
    When the checks ran in the worker, `ScanResult.site` holds the homepage in full and the other pages without
    text or links (they stayed in the worker); with `checks=[]` every page is complete, for callers that run the
    checks themselves.
    """
    config = config or CrawlConfig()
    check_config = check_config or CheckConfig()
    names = tuple(CHECK_MODULES if checks is None else checks)
    archive = None
    if warc is not None:
        archive = WarcArchive(warc, resume=checkpoint is not None and checkpoint.has_state())
        if checkpoint is not None:
            checkpoint.before_save.append(archive.flush)
    begun = time.monotonic()
    try:
        async with AsyncExitStack() as stack:
            worker = None
            crawl_deadline = None
            if names and stream.available():  # forked first: the worker inherits no open connection
                worker = await stack.enter_async_context(
                    stream.CheckStream(config, as_of, names, check_config, begun + config.max_wall_time))
                crawl_deadline = begun + CRAWL_SHARE * config.max_wall_time
            fetcher = await stack.enter_async_context(Fetcher(config, archive=archive, limiter=limiter))
            crawl = await Crawler(url, config, fetcher, progress=progress, sink=worker, deadline=crawl_deadline,
                                  checkpoint=checkpoint).run()
            probe_results = await run_probes(crawl, fetcher, config) if probes else {}
            crawl.stats.requests = fetcher.stats.requests
            crawl.stats.bytes = fetcher.stats.bytes
            site = Site(root=crawl.final_root, as_of=as_of, pages=tuple(crawl.pages), links=tuple(crawl.links),
                        probes=probe_results)
            started = time.perf_counter()
            if worker is not None:
                try:
                    reports = await worker.finish(site.root, site.links, probe_results)
                except stream.WorkerError as exc:
                    log.error("checks on %s not run: %s", site.root, exc)
                    reports = {name: CheckReport(name, skip=Skip("error", str(exc))) for name in names}
                site = dataclasses.replace(site, pages=tuple(crawl.pages))  # with the attachments' text now
            else:
                reports = check_site(site, names, check_config)
    finally:
        if archive is not None:
            archive.close()
        if checkpoint is not None:
            checkpoint.close()
    return ScanResult(site, reports, crawl.stats, time.perf_counter() - started)
