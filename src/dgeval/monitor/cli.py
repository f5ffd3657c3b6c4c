"""`dgeval scan` and `dgeval probe`. Registered by the top-level `dgeval.cli`; the output is documented in
docs/checks.md ("Scan output").

Exit codes: 0 the scan ran (findings or not), 2 bad arguments or a refused (non-public) target, 3 the site cannot be
reached at all. `--json` prints exactly one JSON object on stdout; everything else goes to stderr. With
`--framework F [--column C]` the scan also says what it means for F's leaves: their state and automatic points
(`"leaves"`) and what each check observed and found (`"checks"`); without it the JSON keys are those of a plain scan.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import socket
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgeval.errors import FetchError, FrameworkError
from dgeval.i18n import gettext as _
from dgeval.monitor import loop
from dgeval.monitor.config import DEFAULT_USER_AGENT, CrawlConfig
from dgeval.monitor.safety import RefusedTarget, check_literal_host, is_public, parse_ip, refusal_message

if TYPE_CHECKING:  # the CLI imports what a command needs when it runs
    from dgeval.framework import Framework
    from dgeval.framework.rules import FindingRules
    from dgeval.monitor.checks.config import CheckConfig
    from dgeval.monitor.leaves import LeafPoints
    from dgeval.monitor.runner import ScanResult

EXIT_BAD_ARGS = 2
EXIT_UNREACHABLE = 3
MAX_PROBE_COUNT = 10_000
DEFAULTS = CrawlConfig()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("应为 YYYY-MM-DD 格式的日期（收到 {value}）").format(value=repr(value))) from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("应为正整数（收到 {value}）").format(value=repr(value))) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("应为正整数（收到 {value}）").format(value=repr(value)))
    return number


def _non_negative_int(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(_("应为 ≥ 0 的整数（收到 {value}）").format(value=repr(value)))
    return int(value)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("应为秒数（收到 {value}）").format(value=repr(value))) from None
    if not 0 <= number <= 86_400:
        raise argparse.ArgumentTypeError(_("应为 0 到 86400 之间的秒数（收到 {value}）").format(value=repr(value)))
    return number


def register(subparsers: Any) -> None:
    scan = subparsers.add_parser("scan", help=_("抓取一个网站并运行监测检查"),
                                 description=_("抓取一个政府网站，并对其运行全部监测检查。"))
    scan.add_argument("url", help=_("网站首页地址，http:// 或 https://"))
    scan.add_argument("--json", action="store_true", help=_("在标准输出打印一个 JSON 对象"))
    scan.add_argument("--as-of", type=_date, default=None, help=_("以此日期判断更新是否及时（默认：今天）"))
    scan.add_argument("--max-pages", type=_positive_int, default=DEFAULTS.max_pages)
    scan.add_argument("--max-depth", type=_non_negative_int, default=DEFAULTS.max_depth)
    scan.add_argument("--allow-private", action="store_true",
                      help=_("允许本机或内网地址（测试、内网网站）"))
    scan.add_argument("--external", choices=("check", "skip"), default="check",
                      help=_("外部链接各检查一次，或跳过（不请求，不解析域名）"))
    scan.add_argument("--warc", type=Path, default=None, help=_("把每个响应存档到这个 .warc.gz 文件"))
    scan.add_argument("--checks", default=None, help=_("检查项名称，以逗号分隔（默认：全部）"))
    scan.add_argument("--ignore-robots", action="store_true", help=_("忽略 robots.txt（仅限网站主办单位自查）"))
    scan.add_argument("--verdict", action="store_true", help=_("打印抽查结论（合格/不合格）"))
    scan.add_argument("--framework", default=None,
                      help=_("同时给出该指标体系末级指标的状态与自动得分（如 local_site）"))
    scan.add_argument("--column", default=None,
                      help=_("指标体系的适用列（如 county）；默认：其唯一的列"))
    scan.add_argument("--year", type=_positive_int, default=None,
                      help=_("指标体系与问题规则的年度（默认：判断日期所在年度，否则最新）"))
    scan.add_argument("--concurrency", type=_positive_int, default=DEFAULTS.concurrency)
    scan.add_argument("--per-host", type=_positive_int, default=DEFAULTS.per_host)
    scan.add_argument("--delay", type=_seconds, default=DEFAULTS.per_host_interval,
                      help=_("对同一主机两次请求的最小间隔秒数"))
    scan.add_argument("--timeout", type=_seconds, default=DEFAULTS.total_timeout)
    scan.add_argument("--max-time", type=_seconds, default=DEFAULTS.max_wall_time, help=_("每个网站的总时限（秒）"))
    scan.add_argument("--user-agent", default=DEFAULT_USER_AGENT)
    scan.set_defaults(func=run_scan)

    probe = subparsers.add_parser("probe", help=_("可用性探测（故障率），IPv4 与 IPv6 分别探测"),
                                  description=_("每隔 INTERVAL 秒探测一轮，共 COUNT 轮，每次只尝试一次。"))
    probe.add_argument("urls", nargs="+", metavar="URL")
    probe.add_argument("--interval", type=_seconds, required=True, help=_("两轮之间的秒数"))
    probe.add_argument("--count", type=_positive_int, required=True, help=_("轮数（≤ {count}）").format(count=MAX_PROBE_COUNT))
    probe.add_argument("--timeout", type=_seconds, default=15.0, help=_("每次尝试的超时秒数（国家规则：15）"))
    probe.add_argument("--jsonl", type=Path, default=None, help=_("每次探测向此文件追加一行 JSON"))
    probe.add_argument("--allow-private", action="store_true")
    probe.add_argument("--user-agent", default=DEFAULT_USER_AGENT)
    probe.set_defaults(func=run_probe)


def _fail(message: str, code: int = EXIT_BAD_ARGS) -> int:
    print(_("dgeval：错误：{message}").format(message=message), file=sys.stderr)
    return code


def check_target(url: str, *, allow_private: bool) -> str:
    """The normalized target URL, or RefusedTarget / ValueError. Resolves the target's own name to refuse early."""
    from dgeval.monitor.page import host_of, normalize_url

    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(_("应为 http:// 或 https:// 开头的网址（收到 {url}）").format(url=repr(url)))
    normalized = normalize_url(url)
    if normalized is None or not host_of(normalized):
        raise ValueError(_("不是有效的网址：{url}").format(url=repr(url)))
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


@dataclass(frozen=True, slots=True)
class Scope:
    """The framework column a scan is read against (`--framework`, `--column`), with the finding rules of its year."""

    framework: Framework
    column: str
    rules: FindingRules


def resolve_scope(framework: str | None, column: str | None, year: int | None, as_of: dt.date) -> Scope | None:
    """The scope of the scan, None without a framework; ValueError naming what is wrong and what is known."""
    from dgeval.framework import load_framework
    from dgeval.monitor.leaves import finding_rules, framework_year

    if framework is None:
        if column is not None:
            raise ValueError(_("--column 需要与 --framework 一起使用"))
        return None
    try:
        year = year or framework_year(framework, as_of)
        loaded = load_framework(framework, year)
        rules = finding_rules(year)
    except FrameworkError as exc:
        raise ValueError(str(exc)) from None
    if column is None:
        if len(loaded.columns) > 1:
            raise ValueError(_("指标体系 {framework} 有多个适用列，请用 --column 选择：{columns}").format(
                framework=framework, columns="、".join(loaded.columns)))
        column = loaded.columns[0]
    elif column not in loaded.columns:
        raise ValueError(_("指标体系 {framework} 没有适用列 {column}；可选：{columns}").format(
            framework=framework, column=column, columns="、".join(loaded.columns)))
    return Scope(loaded, column, rules)


def run_scan(args: argparse.Namespace) -> int:
    from dgeval.monitor.checks import CHECK_MODULES
    from dgeval.monitor.checks.config import CheckConfig
    from dgeval.monitor.leaves import finding_rules

    checks: tuple[str, ...] | None = None
    if args.checks is not None:
        checks = tuple(name.strip() for name in args.checks.split(",") if name.strip())
        unknown = [name for name in checks if name not in CHECK_MODULES]
        if unknown:
            return _fail(_("未知的检查项 {unknown}；可选：{known}").format(unknown="、".join(unknown),
                                                                  known="、".join(CHECK_MODULES)))
    as_of = args.as_of or dt.date.today()
    try:
        scope = resolve_scope(args.framework, args.column, args.year, as_of)
        rules_year = scope.rules.year if scope is not None else args.year
        if rules_year is not None:
            finding_rules(rules_year)
    except (ValueError, FrameworkError) as exc:
        return _fail(str(exc))
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
    check_config = CheckConfig(rules_year=rules_year)
    try:
        result = loop.run(_scan_with_progress(url, as_of, config, checks, check_config, args.warc))
    except RefusedTarget as exc:
        return _fail(str(exc))
    except FetchError as exc:
        return _fail(str(exc), EXIT_UNREACHABLE)
    verdict = None
    if args.verdict:
        from dgeval.monitor.verdict import judge

        verdict = judge(result.findings)
    leaves = _leaf_points(result, scope) if scope is not None else None
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
        if leaves is not None:
            payload["leaves"] = [leaf.to_json() for leaf in leaves]
            payload["checks"] = result.checks_json()
        json.dump(payload, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_summary(args.url, as_of, result, verdict, scope, leaves)
    return 0


def _leaf_points(result: ScanResult, scope: Scope) -> list[LeafPoints]:
    """The leaves of the scope as this scan sees them: every problem the scan reported counts (no review here)."""
    from dgeval.monitor.leaves import leaf_points

    return leaf_points(scope.framework, scope.column, scope.rules, result.observed, result.finding_counts)


async def _scan_with_progress(url: str, as_of: dt.date, config: CrawlConfig, checks: tuple[str, ...] | None,
                              check_config: CheckConfig, warc: Path | None) -> ScanResult:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dgeval.monitor.runner import scan_site

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(_("正在扫描 %(url)s") % {"url": url}, total=None)

        def report(event: Any) -> None:
            progress.update(task, description=_("已抓取 %(pages)s 个页面，%(requests)s 次请求，%(queued)s 个待抓取 — "
                                                "%(url)s") % {"pages": event.pages, "requests": event.requests,
                                                               "queued": event.queued, "url": event.url[:60]})

        # Off a terminal nothing is shown: no report per page either (13,000 of them on a county portal).
        return await scan_site(url, as_of=as_of, config=config, checks=checks, check_config=check_config,
                               progress=report if console.is_terminal else None, warc=warc)


SUMMARY_ROWS = 50  # per check on the terminal; --json has them all


def _print_summary(target: str, as_of: dt.date, result: ScanResult, verdict: Any, scope: Scope | None,
                   leaves: list[LeafPoints] | None) -> None:
    """Problems grouped by check, each as a sentence; the observations (values found); the checks that did not
    complete; the verdict; and, for a framework column, what each check observed and each leaf's state."""
    from rich.console import Console
    from rich.table import Table

    from dgeval.monitor.describe import check_title, finding_sentence, severity_label, skip_sentence

    # Piped output is not folded to 80 columns: URLs must stay whole to be usable.
    console = Console(width=None if sys.stdout.isatty() else 200)
    stats = result.stats
    console.print(_("[bold]%(target)s[/bold] 评估基准日 %(as_of)s：%(pages)s 个页面，%(requests)s 次请求，用时 "
                    "%(seconds).1f 秒") % {"target": target, "as_of": as_of, "pages": len(result.site.pages),
                                          "requests": stats.requests, "seconds": stats.elapsed_s})
    problems = [f for f in result.findings if f.severity != "info"]
    observations = [f for f in result.findings if f.severity == "info"]
    by_check = Counter(f.check for f in problems)
    if not problems:
        console.print(_("未发现问题"))
    for check in dict.fromkeys(f.check for f in problems):
        table = Table(title=_("%(title)s（%(count)s）") % {"title": check_title(check), "count": by_check[check]},
                      title_justify="left", show_lines=False)
        for column in (_("严重程度"), _("网址"), _("所在页面"), _("问题")):
            table.add_column(column, overflow="fold")
        rows = [f for f in problems if f.check == check]
        for finding in rows[:SUMMARY_ROWS]:
            table.add_row(severity_label(finding.severity), finding.url, finding.page or "",
                          finding_sentence(finding.check, finding.value, finding.evidence))
        if len(rows) > SUMMARY_ROWS:
            table.add_row("", _("…… 另有 %(more)s 条（见 --json）") % {"more": len(rows) - SUMMARY_ROWS}, "", "")
        console.print(table)
    if observations:
        table = Table(title=_("观察记录（不是问题）"), title_justify="left")
        table.add_column(_("检查项"))
        table.add_column(_("观察到的情况"), overflow="fold")
        for finding in observations:
            table.add_row(check_title(finding.check), finding_sentence(finding.check, finding.value, finding.evidence))
        console.print(table)
    for name, report in result.reports.items():
        if report.skip is not None:
            console.print(f"[dim]{skip_sentence(name, report.skip)}[/dim]")
    if stats.unjudged:
        table = Table(title=_("未能判断的页面和附件（%(count)s）") % {"count": len(stats.unjudged)},
                      title_justify="left")
        table.add_column(_("网址"), overflow="fold")
        table.add_column(_("原因"), overflow="fold")
        for url, why in stats.unjudged[:SUMMARY_ROWS]:
            table.add_row(url, why)
        if len(stats.unjudged) > SUMMARY_ROWS:
            table.add_row(_("…… 另有 %(more)s 条（见 --json）") % {"more": len(stats.unjudged) - SUMMARY_ROWS}, "")
        console.print(table)
    if verdict is not None:
        console.print(_("[bold]检查结果：%(label)s[/bold]") % {"label": verdict.label})
        for outcome in verdict.deciding:
            console.print(_("  单项否决 %(name)s：%(detail)s") % {"name": outcome.name, "detail": outcome.detail})
    if scope is not None and leaves is not None:
        _print_leaves(console, result, scope, leaves)


def _print_leaves(console: Any, result: ScanResult, scope: Scope, leaves: list[LeafPoints]) -> None:
    """What each check observed, then each rule-covered leaf: its state, points of the part the monitor speaks for,
    and why (what a check must observe, or what it found)."""
    from rich.table import Table

    from dgeval.monitor.describe import check_title, leaf_state_label

    table = Table(title=_("检查情况"), title_justify="left")
    for column in (_("检查项"), _("观察到"), _("问题"), _("完成情况")):
        table.add_column(column)
    for name, report in result.reports.items():
        done = _("完成") if report.completed else _("未完成")
        table.add_row(check_title(name), str(report.observed), str(report.problems), done)
    console.print(table)
    framework = scope.framework
    title = _("%(framework)s · %(column)s：系统监测自动评分（%(year)s 年）") % {
        "framework": framework.title, "column": framework.column_labels.get(scope.column, scope.column),
        "year": framework.year}
    table = Table(title=title, title_justify="left")
    for column in (_("指标"), _("状态"), _("得分"), _("说明")):
        table.add_column(column, overflow="fold")
    for leaf in leaves:
        points = "—" if leaf.points is None else f"{leaf.points:g}"
        if leaf.state == "not_observed":
            what = dict.fromkeys(scope.rules.rule(part.check).observes for part in leaf.parts)
            why = _("需要：%(what)s") % {"what": "；".join(what)}
        else:
            why = "；".join(_("%(title)s发现 %(count)s 个问题") % {"title": check_title(part.check),
                                                                  "count": part.findings}
                           for part in leaf.parts if part.state == "deducted")
        table.add_row(leaf.name, leaf_state_label(leaf.state), f"{points} / {leaf.max_points:g}", why)
    console.print(table)


def run_probe(args: argparse.Namespace) -> int:
    if args.count > MAX_PROBE_COUNT:
        return _fail(_("--count 最多 {limit}（收到 {count}）").format(limit=MAX_PROBE_COUNT, count=args.count))
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
                print(_("{url} {family}：没有地址，未探测").format(url=url, family=family))
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
