"""`dgeval scan` and `dgeval probe` (issue 4 §3, §5). Registered by the top-level `dgeval.cli`.

Exit codes: 0 the scan ran (findings or not), 2 bad arguments or a refused (non-public) target, 3 the site cannot be
reached at all. `--json` prints exactly one JSON object on stdout; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import socket
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from dgeval.errors import FetchError
from dgeval.monitor import loop
from dgeval.monitor.config import DEFAULT_USER_AGENT, CrawlConfig
from dgeval.monitor.safety import RefusedTarget, check_literal_host, is_public, parse_ip, refusal_message

EXIT_BAD_ARGS = 2
EXIT_UNREACHABLE = 3
MAX_PROBE_COUNT = 10_000
DEFAULTS = CrawlConfig()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD (got {value!r})") from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer (got {value!r})") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer (got {value!r})")
    return number


def _non_negative_int(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected an integer ≥ 0 (got {value!r})")
    return int(value)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds (got {value!r})") from None
    if not 0 <= number <= 86_400:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and 86400 (got {value!r})")
    return number


def register(subparsers: Any) -> None:
    scan = subparsers.add_parser("scan", help="crawl a site and run the monitor checks",
                                 description="Crawl a government website and run the monitor checks on it.")
    scan.add_argument("url", help="the site's homepage, http:// or https://")
    scan.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    scan.add_argument("--as-of", type=_date, default=None, help="judge freshness as of this date (default: today)")
    scan.add_argument("--max-pages", type=_positive_int, default=DEFAULTS.max_pages)
    scan.add_argument("--max-depth", type=_non_negative_int, default=DEFAULTS.max_depth)
    scan.add_argument("--allow-private", action="store_true",
                      help="allow loopback/private addresses (tests, intranet sites)")
    scan.add_argument("--external", choices=("check", "skip"), default="check",
                      help="check links to other hosts once each, or skip them (no request, no DNS)")
    scan.add_argument("--warc", type=Path, default=None, help="archive every response to this .warc.gz file")
    scan.add_argument("--checks", default=None, help="comma-separated check names (default: all)")
    scan.add_argument("--ignore-robots", action="store_true", help="ignore robots.txt (only for the site's owner)")
    scan.add_argument("--verdict", action="store_true", help="print the inspection verdict (合格/不合格)")
    scan.add_argument("--concurrency", type=_positive_int, default=DEFAULTS.concurrency)
    scan.add_argument("--per-host", type=_positive_int, default=DEFAULTS.per_host)
    scan.add_argument("--delay", type=_seconds, default=DEFAULTS.per_host_interval,
                      help="minimum seconds between requests to one host")
    scan.add_argument("--timeout", type=_seconds, default=DEFAULTS.total_timeout)
    scan.add_argument("--max-time", type=_seconds, default=DEFAULTS.max_wall_time, help="wall-time limit per site")
    scan.add_argument("--user-agent", default=DEFAULT_USER_AGENT)
    scan.set_defaults(func=run_scan)

    probe = subparsers.add_parser("probe", help="availability probing (故障率), IPv4 and IPv6 separately",
                                  description="Probe sites COUNT times, INTERVAL seconds apart, one attempt each.")
    probe.add_argument("urls", nargs="+", metavar="URL")
    probe.add_argument("--interval", type=_seconds, required=True, help="seconds between rounds")
    probe.add_argument("--count", type=_positive_int, required=True, help=f"rounds (≤ {MAX_PROBE_COUNT})")
    probe.add_argument("--timeout", type=_seconds, default=15.0, help="seconds per attempt (national rule: 15)")
    probe.add_argument("--jsonl", type=Path, default=None, help="append one JSON line per probe to this file")
    probe.add_argument("--allow-private", action="store_true")
    probe.add_argument("--user-agent", default=DEFAULT_USER_AGENT)
    probe.set_defaults(func=run_probe)


def _fail(message: str, code: int = EXIT_BAD_ARGS) -> int:
    print(f"dgeval: error: {message}", file=sys.stderr)
    return code


def check_target(url: str, *, allow_private: bool) -> str:
    """The normalized target URL, or RefusedTarget / ValueError. Resolves the target's own name to refuse early."""
    from dgeval.monitor.page import host_of, normalize_url

    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"expected an http:// or https:// URL (got {url!r})")
    normalized = normalize_url(url)
    if normalized is None or not host_of(normalized):
        raise ValueError(f"not a valid URL: {url!r}")
    host = host_of(normalized)
    check_literal_host(host, allow_private=allow_private)
    if not allow_private and parse_ip(host) is None:
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return normalized  # unresolvable: the scan reports it unreachable (exit 3)
        for info in infos:
            ip = parse_ip(str(info[4][0]).split("%", 1)[0])
            if ip is not None and not is_public(ip):
                raise RefusedTarget(refusal_message(host, str(ip)))
    return normalized


def run_scan(args: argparse.Namespace) -> int:
    from dgeval.monitor.checks import CHECK_MODULES

    checks: tuple[str, ...] | None = None
    if args.checks is not None:
        checks = tuple(name.strip() for name in args.checks.split(",") if name.strip())
        unknown = [name for name in checks if name not in CHECK_MODULES]
        if unknown:
            return _fail(f"unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECK_MODULES)}")
    try:
        url = check_target(args.url, allow_private=args.allow_private)
    except ValueError as exc:
        return _fail(str(exc))
    except RefusedTarget as exc:
        return _fail(str(exc))
    config = CrawlConfig(
        concurrency=max(args.concurrency, args.per_host), per_host=args.per_host, per_host_interval=args.delay,
        user_agent=args.user_agent, obey_robots=not args.ignore_robots, connect_timeout=args.timeout,
        read_timeout=args.timeout, total_timeout=args.timeout, max_pages=args.max_pages, max_depth=args.max_depth,
        external=args.external, allow_private=args.allow_private, max_wall_time=args.max_time,
    )
    as_of = args.as_of or dt.date.today()
    try:
        result = loop.run(_scan_with_progress(url, as_of, config, checks, args.warc))
    except RefusedTarget as exc:
        return _fail(str(exc))
    except FetchError as exc:
        return _fail(str(exc), EXIT_UNREACHABLE)
    verdict = None
    if args.verdict:
        from dgeval.monitor.verdict import judge

        verdict = judge(result.findings)
    if args.json:
        payload: dict[str, Any] = {
            "target": args.url,
            "as_of": as_of.isoformat(),
            "pages": len(result.site.pages),
            "findings": [f.to_json() for f in result.findings],
            "skipped": result.skipped,
            "stats": result.stats_json(),
            "probes": dict(result.site.probes),
        }
        if verdict is not None:
            payload["verdict"] = verdict.to_json()
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_summary(args.url, as_of, result, verdict)
    return 0


async def _scan_with_progress(url: str, as_of: dt.date, config: CrawlConfig, checks: tuple[str, ...] | None,
                              warc: Path | None) -> Any:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dgeval.monitor.runner import scan_site

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(f"scanning {url}", total=None)

        def report(event: Any) -> None:
            progress.update(task, description=f"{event.pages} pages, {event.requests} requests, "
                                              f"{event.queued} queued — {event.url[:60]}")

        return await scan_site(url, as_of=as_of, config=config, checks=checks, progress=report, warc=warc)


SUMMARY_ROWS = 50  # per check on the terminal; --json has them all


def _print_summary(target: str, as_of: dt.date, result: Any, verdict: Any) -> None:
    """Problems grouped by check, then the observations (severity info: values found, addresses reached)."""
    from rich.console import Console
    from rich.table import Table

    from dgeval.monitor.checks import load_check

    # Piped output is not folded to 80 columns: URLs must stay whole to be usable.
    console = Console(width=None if sys.stdout.isatty() else 200)
    stats = result.stats
    console.print(f"[bold]{target}[/bold] as of {as_of}: {len(result.site.pages)} pages, {stats.requests} requests, "
                  f"{stats.elapsed_s:.1f} s")
    problems = [f for f in result.findings if f.severity != "info"]
    observations = [f for f in result.findings if f.severity == "info"]
    by_check = Counter(f.check for f in problems)
    if not problems:
        console.print("no findings")
    for check in dict.fromkeys(f.check for f in problems):
        title = getattr(load_check(check), "TITLE", check)
        table = Table(title=f"{title} {check} ({by_check[check]})", title_justify="left", show_lines=False)
        for column in ("severity", "url", "page", "value"):
            table.add_column(column, overflow="fold")
        rows = [f for f in problems if f.check == check]
        for finding in rows[:SUMMARY_ROWS]:
            table.add_row(finding.severity, finding.url, finding.page or "", finding.value or "")
        if len(rows) > SUMMARY_ROWS:
            table.add_row("", f"… {len(rows) - SUMMARY_ROWS} more (see --json)", "", "")
        console.print(table)
    if observations:
        table = Table(title="observations (not problems)", title_justify="left")
        table.add_column("check")
        table.add_column("value", overflow="fold")
        for finding in observations:
            table.add_row(finding.check, finding.value or "")
        console.print(table)
    for name, reason in result.skipped.items():
        console.print(f"[dim]{name}: {reason}[/dim]")
    if verdict is not None:
        console.print(f"[bold]检查结果: {verdict.label}[/bold]")
        for outcome in verdict.deciding:
            console.print(f"  单项否决 {outcome.name}: {outcome.detail}")


def run_probe(args: argparse.Namespace) -> int:
    if args.count > MAX_PROBE_COUNT:
        return _fail(f"--count is limited to {MAX_PROBE_COUNT} (got {args.count})")
    urls = []
    for raw in args.urls:
        try:
            urls.append(check_target(raw, allow_private=args.allow_private))
        except (ValueError, RefusedTarget) as exc:
            return _fail(str(exc))
    records = asyncio.run(_probe_rounds(urls, args))
    from dgeval.monitor.verdict import load_rules

    threshold = load_rules()["availability"]["veto_failure_share"]
    for url in urls:
        for family in ("ipv4", "ipv6"):
            rows = [r for r in records if r["target"] == url and r["family"] == family]
            attempted = [r for r in rows if r["error"] != "no address"]
            if not attempted:
                print(f"{url} {family}: no address, not probed")
                continue
            failures = sum(1 for r in attempted if not r["ok"])
            share = failures / len(attempted)
            crossed = "≥" if share >= threshold else "<"
            print(f"{url} {family}: 故障率 {share:.1%} ({failures}/{len(attempted)}) {crossed} {threshold:.0%}"
                  + (" 站点无法访问" if share >= threshold else ""))
    return 0


async def _probe_rounds(urls: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    from dgeval.monitor.probes import probe_target

    records: list[dict[str, Any]] = []
    out = open(args.jsonl, "a", encoding="utf-8") if args.jsonl else None
    try:
        for round_index in range(args.count):
            if round_index:
                await asyncio.sleep(args.interval)
            batch = await asyncio.gather(*(
                probe_target(url, family, timeout=args.timeout, allow_private=args.allow_private,
                             user_agent=args.user_agent)
                for url in urls for family in (socket.AF_INET, socket.AF_INET6)
            ))
            for record in batch:
                records.append(record)
                if out is not None:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    out.flush()
    finally:
        if out is not None:
            out.close()
    return records
