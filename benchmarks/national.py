"""National simulation: a full national scan and a day of probes, projected from a run on ~900 loopback sites.

    .venv/bin/python benchmarks/national.py            # 900 sites × 10 pages, workers 1, 2 and 4: a few minutes
    .venv/bin/python benchmarks/national.py --quick    # 90 sites, smoke run

One process serves every site (dgeval.demo.fleet: one port per site, injected latency, and a per-host rate limit
that counts requests coming faster than the polite spacing). For 1, 2 and 4 worker processes, each with `--threads`
threads as `dgeval worker --pool threads` has, the sites are scanned the way a platform worker scans a run's part
(scan_site with checks off, then check_site in the thread) with one per-host limiter shared by the worker's threads,
then every site is probed once (one GET, 15 s timeout) as the schedules' probes are. Measured: wall time, requests,
CPU seconds per page, probes per second, rate-limit violations and the peak RSS of each worker. The database writes
of the platform (findings, probe records) are not part of the run.

Projected from the measurements, for `--national-sites` sites of `--national-pages` pages at the polite spacing
`--polite-interval` (seconds between two requests to one site, DGEVAL_HOST_INTERVAL):
- a full national scan: the longer of the network bound (each site takes at least its requests × the spacing; a
  fleet scans workers × threads sites at once) and the CPU bound (pages × CPU per page, over the cores the workers
  can use);
- a day of probes (`--probes-per-day` per site): the busy time, and how late a probe can be when every site's
  slot falls in the same minute (offsets spread them in practice): the goal is to stay well within the interval.
Everything stays on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import math
import multiprocessing
import os
import queue
import resource
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from dgeval.demo.fleet import Fleet, FleetSpec  # noqa: E402
from dgeval.monitor.checks import CHECK_MODULES, all_findings, check_site  # noqa: E402
from dgeval.monitor.config import CrawlConfig  # noqa: E402
from dgeval.monitor.probes import probe_target  # noqa: E402
from dgeval.monitor.ratelimit import HostSpacing  # noqa: E402
from dgeval.monitor.runner import scan_site  # noqa: E402

AS_OF = dt.date(2020, 10, 15)
CORES = os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class WorkerFigures:
    sites: int
    pages: int
    requests: int
    findings: int
    probes: int
    cpu_scan: float
    cpu_probe: float
    peak_rss_mb: float


def worker_main(jobs: multiprocessing.Queue, probe_jobs: multiprocessing.Queue, results: multiprocessing.Queue,
                threads: int, interval: float, start_probes: multiprocessing.Event) -> None:
    """One worker process: THREADS threads take sites from JOBS and scan them, then probe what PROBE_JOBS holds."""
    limiter = HostSpacing(interval)
    config = CrawlConfig(allow_private=True, external="skip", retries=0, max_wall_time=600)
    totals = {"sites": 0, "pages": 0, "requests": 0, "findings": 0, "probes": 0}
    lock = threading.Lock()

    def scan_loop() -> None:
        while True:
            try:
                url = jobs.get_nowait()
            except queue.Empty:
                return
            result = asyncio.run(scan_site(url, as_of=AS_OF, config=config, checks=[], limiter=limiter))
            findings = all_findings(check_site(result.site, CHECK_MODULES))
            with lock:
                totals["sites"] += 1
                totals["pages"] += len(result.site.pages)
                totals["requests"] += result.stats.requests
                totals["findings"] += sum(1 for f in findings if f.severity != "info")

    def probe_loop() -> None:
        async def probe_all() -> int:
            done = 0
            while True:
                try:
                    url = probe_jobs.get_nowait()
                except queue.Empty:
                    return done
                await probe_target(url, socket.AF_INET, timeout=15, allow_private=True, user_agent="bench",
                                   limiter=limiter)
                done += 1

        count = asyncio.run(probe_all())
        with lock:
            totals["probes"] += count

    def run(loop: object) -> float:
        before = resource.getrusage(resource.RUSAGE_SELF)
        pool = [threading.Thread(target=loop) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        after = resource.getrusage(resource.RUSAGE_SELF)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    cpu_scan = run(scan_loop)
    results.put(("scanned", None))
    start_probes.wait()
    cpu_probe = run(probe_loop)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put(("done", WorkerFigures(cpu_scan=cpu_scan, cpu_probe=cpu_probe, peak_rss_mb=peak, **totals)))


@dataclass(frozen=True, slots=True)
class RunFigures:
    workers: int
    scan_seconds: float
    probe_seconds: float
    figures: list[WorkerFigures]
    violations: int

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.figures)

    @property
    def requests(self) -> int:
        return sum(f.requests for f in self.figures)

    @property
    def probes(self) -> int:
        return sum(f.probes for f in self.figures)

    @property
    def cpu_per_page(self) -> float:
        return sum(f.cpu_scan for f in self.figures) / max(1, self.pages)

    @property
    def probes_per_second(self) -> float:
        return self.probes / self.probe_seconds if self.probe_seconds else 0.0


def run_fleet(fleet: Fleet, workers: int, threads: int, interval: float) -> RunFigures:
    context = multiprocessing.get_context("fork")
    jobs, probe_jobs, results = context.Queue(), context.Queue(), context.Queue()
    for url in fleet.urls:
        jobs.put(url)
        probe_jobs.put(url)
    time.sleep(0.5)  # the queues' feeder threads have flushed
    start_probes = context.Event()
    before = fleet.violations
    processes = [context.Process(target=worker_main, args=(jobs, probe_jobs, results, threads, interval,
                                                           start_probes)) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    for _ in processes:
        results.get(timeout=3600)
    scan_seconds = time.perf_counter() - started
    started = time.perf_counter()
    start_probes.set()
    figures = [results.get(timeout=3600)[1] for _ in processes]
    probe_seconds = time.perf_counter() - started
    for process in processes:
        process.join(60)
    return RunFigures(workers, scan_seconds, probe_seconds, figures, fleet.violations - before)


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=900)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds each response waits (default 0.02)")
    parser.add_argument("--interval", type=float, default=0.05,
                        help="per-host spacing in this run, seconds (default 0.05; the sites enforce it)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--national-sites", type=int, default=900)
    parser.add_argument("--national-pages", type=int, default=500)
    parser.add_argument("--polite-interval", type=float, default=0.5)
    parser.add_argument("--probes-per-day", type=int, default=24)
    parser.add_argument("--quick", action="store_true", help="90 sites, workers 1 and 2")
    args = parser.parse_args()
    if args.quick:
        args.sites, args.workers = 90, "1,2"
    counts = [int(n) for n in args.workers.split(",")]
    spec = FleetSpec(sites=args.sites, pages=args.pages, latency=args.latency, min_interval=args.interval)
    print(f"fleet: {args.sites} loopback sites × {args.pages} pages, latency {args.latency * 1000:.0f} ms, "
          f"per-host spacing {args.interval * 1000:.0f} ms, one server process; {CORES} cores here")
    runs = []
    with Fleet(spec) as fleet:
        for workers in counts:
            run = run_fleet(fleet, workers, args.threads, args.interval)
            runs.append(run)
            rss = ", ".join(f"{f.peak_rss_mb:.0f}" for f in run.figures)
            print(f"\n{workers} worker(s) × {args.threads} threads: scan {run.scan_seconds:.1f} s "
                  f"({run.pages} pages, {run.requests} requests, {run.pages / run.scan_seconds:.0f} pages/s, "
                  f"CPU {run.cpu_per_page * 1000:.1f} ms/page), probes {run.probes} in {run.probe_seconds:.1f} s "
                  f"({run.probes_per_second:.0f}/s); rate-limit violations {run.violations}; "
                  f"peak RSS per worker {rss} MB")

    requests_per_page = runs[0].requests / max(1, runs[0].pages)
    site_requests = args.national_pages * requests_per_page
    site_seconds = site_requests * args.polite_interval
    probes_day = args.national_sites * args.probes_per_day
    probe_interval = 86400 / args.probes_per_day
    print(f"\nProjection: {args.national_sites} sites × {args.national_pages} pages "
          f"(~{site_requests:.0f} requests each, {requests_per_page:.2f} per page as measured), "
          f"{args.polite_interval:g} s between two requests to one site; {args.probes_per_day} probes per site a day")
    print(f"{'workers':>7}  {'network bound':>13}  {'CPU bound':>9}  {'full scan':>9}  {'probe day busy':>14}  "
          f"{'worst probe lateness':>20}  {'peak RSS/worker':>15}")
    for run in runs:
        slots = run.workers * args.threads
        network = math.ceil(args.national_sites / slots) * site_seconds
        cpu = args.national_sites * args.national_pages * run.cpu_per_page / min(run.workers, CORES)
        scan = max(network, cpu)
        busy = probes_day / run.probes_per_second if run.probes_per_second else float("inf")
        worst = args.national_sites / run.probes_per_second if run.probes_per_second else float("inf")
        peak = max(f.peak_rss_mb for f in run.figures)
        verdict = "under a day" if scan < 86400 else "OVER A DAY"
        late = "within" if worst < probe_interval else "LATER THAN"
        print(f"{run.workers:>7}  {hours(network):>13}  {hours(cpu):>9}  {hours(scan):>9}  "
              f"{busy / 60:>11.1f} min  {worst:>11.1f} s ({late} {probe_interval / 60:.0f} min)  "
              f"{peak:>12.0f} MB   {verdict}")


if __name__ == "__main__":
    main()
