"""Crawl benchmark: `dgeval scan` with every check on, Scrapy and wget on one generated site.

    .venv/bin/python benchmarks/crawl.py [--pages 10000] [--quick]

Generates a county portal shaped like a real one (benchmarks/sitegen.py), serves it with nginx on 127.0.0.1 (a Python server,
labelled as such, when nginx is missing), then runs in turn: `dgeval scan --json --allow-private --external skip`
with every check, a minimal Scrapy same-host spider (benchmarks/scrapy_spider.py) at the best of a few concurrencies,
and `wget --spider -r`. Prints pages, seconds, pages/s, peak RSS and broken links found per tool, the ratios
dgeval/Scrapy and dgeval/wget, and whether the broken-link sets agree with each other and with the planted ones.
Everything stays on loopback, every run has a time limit, and the temporary directory and nginx are removed at exit.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sitegen import AS_OF, SiteManifest, build_site  # noqa: E402

VENV_BIN = Path(sys.executable).parent
NGINX = Path("/usr/sbin/nginx")
WGET = shutil.which("wget")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
#: Memory sampling period: reading /proc costs CPU the measured tools would otherwise get on a 2-core machine.
SAMPLE_INTERVAL = 0.25
#: The goals: pages/s against Scrapy and wget (every check on for dgeval, none for them), and memory.
GOAL_SCRAPY_RATIO = 8.0
GOAL_WGET_RATIO = 1.0
MINIMUM_WGET_RATIO = 0.7
GOAL_RSS_MB = 300.0


# --- measuring a subprocess tree ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Measured:
    """One bounded run of a command: wall time, exit status and memory of its whole process tree."""

    returncode: int | None
    seconds: float
    peak_tree_pss: int  # bytes: the largest sampled sum of PSS over the process and its descendants
    peak_tree_rss: int  # bytes: the same with RSS (counts pages shared by forked children once per process)
    max_single_rss: int  # bytes: ru_maxrss of the process and its reaped children (largest single process)
    timed_out: bool
    #: CPU seconds (user + system) of the tree's processes by role, as last sampled (up to SAMPLE_INTERVAL short):
    #: steadier than wall time on a shared machine, and they show which process bounds the run.
    cpu: dict[str, float] = field(default_factory=dict)


def _pss(pid: int, rss: int) -> int:
    """Proportional set size (bytes) of a process: forked children share pages, which RSS would count twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss


def _tree_memory(root: int, cpu: dict[int, tuple[str, float]] | None = None) -> tuple[int, int]:
    """(sum of PSS, sum of RSS) in bytes of `root` and all its descendants, read from /proc; `cpu` gets the CPU
    seconds of each of them by pid, with its role (`_role`)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    seconds: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE_SIZE
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    pss_total = rss_total = 0
    for pid, size in rss.items():
        current = pid
        for _ in range(64):
            if current == root:
                pss_total += _pss(pid, size)
                rss_total += size
                if cpu is not None:
                    cpu[pid] = (_role(pid, root, parents), seconds[pid])
                break
            current = parents.get(current, 0)
            if current <= 1:
                break
    return pss_total, rss_total


def _role(pid: int, root: int, parents: dict[int, int]) -> str:
    """What a process of a measured tree is: the tool itself, dgeval's checks worker (forked from it: the same
    command line) or its sandbox worker (`python -c … dgeval.sandbox …`), or another helper."""
    if pid == root:
        return "main"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read()
    except OSError:
        return "other"
    if b"dgeval.sandbox" in command:
        return "sandbox"
    return "checks worker" if parents.get(pid) == root else "other"


def measure(command: list[str], *, timeout: float, cwd: Path, stdout: Path, stderr: Path) -> Measured:
    """Run `command` in its own process group; kill the group after `timeout` seconds."""
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        peak_pss = peak_rss = 0
        stop = threading.Event()
        cpu: dict[int, tuple[str, float]] = {}

        def sample() -> None:
            nonlocal peak_pss, peak_rss
            while not stop.is_set():
                pss, rss = _tree_memory(process.pid, cpu)
                peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
                stop.wait(SAMPLE_INTERVAL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timed_out = False
        deadline = started + timeout
        status = None
        usage = None
        while status is None:
            pid, raw, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = raw
                break
            if time.perf_counter() > deadline:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        try:  # leftovers of the group (a forked worker) must not outlive the run
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    max_single = usage.ru_maxrss * 1024 if usage is not None else 0
    by_role: dict[str, float] = {}
    for role, used in cpu.values():
        by_role[role] = by_role.get(role, 0.0) + used
    return Measured(process.returncode, seconds, max(peak_pss, max_single), max(peak_rss, max_single), max_single,
                    timed_out, by_role)


# --- serving the site -----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    types {{
        text/html html htm; text/css css; application/javascript js; image/jpeg jpg jpeg; image/png png;
        application/pdf pdf; text/plain txt; application/msword doc;
        application/vnd.openxmlformats-officedocument.wordprocessingml.document docx;
        application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx;
    }}
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log combined buffer=256k flush=1s;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
    }}
}}
"""


class Server:
    """nginx from Debian as an unprivileged foreground process, or a labelled Python fallback."""

    def __init__(self, root: Path, tmp: Path) -> None:
        self.root = root
        self.tmp = tmp
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.label = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        if NGINX.exists():
            conf = self.tmp / "nginx.conf"
            user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
            conf.write_text(user + NGINX_CONF.format(tmp=self.tmp, port=self.port, root=self.root))
            self.process = subprocess.Popen(
                [str(NGINX), "-p", str(self.tmp), "-c", str(conf), "-e", str(self.tmp / "nginx-error.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
            self.label = f"nginx ({_nginx_version()}, 1 worker)"
        else:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory",
                 str(self.root)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
            self.label = "PYTHON FALLBACK http.server (nginx not found: install nginx-light via scripts/dev.sh)"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the server did not come up on {self.url}; see {self.tmp}/nginx-error.log")

    def cpu_seconds(self) -> float:
        """CPU seconds the server and its workers have used so far."""
        if self.process is None:
            return 0.0
        used: dict[int, tuple[str, float]] = {}
        _tree_memory(self.process.pid, used)
        return sum(seconds for _, seconds in used.values())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _nginx_version() -> str:
    result = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True, timeout=10)
    return (result.stderr or result.stdout).strip().rsplit(" ", 1)[-1]


# --- the tools ------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    tool: str
    pages: int
    run: Measured
    broken: set[str] = field(default_factory=set)  # paths (with query) of same-host broken targets
    note: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.run.seconds if self.run.seconds else 0.0


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def run_dgeval(server: Server, manifest: SiteManifest, work: Path, args: argparse.Namespace,
               profile: Path | None = None) -> Outcome:
    timeout, per_host = args.timeout, args.dgeval_per_host
    label = f"dgeval scan (--checks {args.dgeval_checks})" if args.dgeval_checks else "dgeval scan (all checks)"
    # Scrapy and wget crawl without depth or page limits; dgeval's defaults (depth 10) would stop in deep pagination.
    budget = manifest.pages + manifest.attachments + len(manifest.broken) + 100
    command = [
        str(VENV_BIN / "dgeval"), "scan", server.url, "--json", "--allow-private", "--external", "skip",
        "--max-pages", str(budget), "--max-depth", "1000", "--as-of", AS_OF.isoformat(), "--max-time", str(int(timeout)),
        "--per-host", str(per_host), "--concurrency", str(per_host),
    ] + (["--checks", args.dgeval_checks] if args.dgeval_checks else [])
    if profile is not None:  # py-spy samples the scan and its checks and sandbox workers from outside
        command = [str(VENV_BIN / "py-spy"), "record", "--subprocesses", "--rate", "200", "--format", "speedscope",
                   "-o", str(profile), "--"] + command
    out, err = work / "dgeval.json", work / "dgeval.err"
    server_before = server.cpu_seconds()
    run = measure(command, timeout=timeout + 30, cwd=work, stdout=out, stderr=err)
    run.cpu["server"] = server.cpu_seconds() - server_before
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = err.read_text(encoding="utf-8", errors="replace")[-2000:]
        return Outcome(label, 0, run, note=f"no JSON (exit {run.returncode}): {tail}")
    stats = result.get("stats") or {}
    pages = int(stats.get("pages", result.get("pages", 0)))
    broken = {_path(f["url"]) for f in result["findings"]
              if f["check"] == "broken_link" and urlsplit(f["url"]).netloc == urlsplit(server.url).netloc}
    counts: dict[str, int] = {}
    for finding in result["findings"]:
        counts[finding["check"]] = counts.get(finding["check"], 0) + 1
    note = (f"crawl {stats.get('elapsed_s', '?')} s + checks {stats.get('check_seconds', '?')} s; "
            f"{stats.get('requests', '?')} requests, {stats.get('attachments', '?')} attachments; "
            f"findings {counts}; skipped {result.get('skipped')}")
    return Outcome(label, pages, run, broken, note)


def run_scrapy(server: Server, work: Path, timeout: float, concurrency: int, page_cap: int | None) -> Outcome:
    out = work / f"scrapy-{concurrency}-{page_cap or 'all'}.json"
    command = [
        str(VENV_BIN / "scrapy"), "runspider", str(HERE / "scrapy_spider.py"), "-a", f"start_url={server.url}",
        "-a", f"out={out}", "-s", f"CONCURRENT_REQUESTS={concurrency}",
        "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}", "-s", f"CLOSESPIDER_TIMEOUT={int(timeout)}",
    ]
    if page_cap:
        command += ["-s", f"CLOSESPIDER_PAGECOUNT={page_cap}"]
    server_before = server.cpu_seconds()
    run = measure(command, timeout=timeout + 30, cwd=work, stdout=work / "scrapy.out", stderr=work / "scrapy.err")
    run.cpu["server"] = server.cpu_seconds() - server_before
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = (work / "scrapy.err").read_text(encoding="utf-8", errors="replace")[-2000:]
        return Outcome(f"Scrapy (CONCURRENT_REQUESTS={concurrency})", 0, run, note=f"no result: {tail}")
    return Outcome(f"Scrapy (CONCURRENT_REQUESTS={concurrency})", int(result["pages"]), run,
                   {_path(u) for u in result["broken"]}, f"{result['responses']} responses, {result['reason']}")


#: `URL:<url> [size/size] -> "file"` for a downloaded (parsed) file, `URL: <url> 200 OK` for a HEAD-only check.
_WGET_DOWNLOADED = re.compile(r"URL:(\S+) \[\d+(?:/\d+)?\] ->")
_WGET_CHECKED = re.compile(r"URL: (\S+) (\d{3}) ")
_HTML_PATH = re.compile(r"(?:/|\.html?)$")


def run_wget(server: Server, work: Path, timeout: float) -> Outcome:
    if WGET is None:
        return Outcome("wget --spider -r", 0, Measured(None, 0, 0, 0, 0, False), note="wget not installed")
    directory = work / "wget"
    directory.mkdir(exist_ok=True)
    log = work / "wget.log"
    command = [WGET, "--spider", "-r", "-l", "inf", "-nd", "-nv", "-e", "robots=off", "-o", str(log), server.url]
    server_before = server.cpu_seconds()
    run = measure(command, timeout=timeout, cwd=directory, stdout=work / "wget.out", stderr=work / "wget.err")
    run.cpu["server"] = server.cpu_seconds() - server_before
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    pages = {url for url in _WGET_DOWNLOADED.findall(text) if _HTML_PATH.search(urlsplit(url).path)}
    broken: set[str] = set()
    tail = text.rsplit("broken link", 1)
    if len(tail) == 2:
        for line in tail[1].splitlines():
            line = line.strip()
            if line.startswith("http"):
                broken.add(_path(line))
    return Outcome("wget --spider -r (checks links only)", len(pages), run, broken,
                   f"exit {run.returncode}; {len(_WGET_DOWNLOADED.findall(text))} downloads, "
                   f"{len(_WGET_CHECKED.findall(text))} HEAD checks")


# --- report ---------------------------------------------------------------------------------------------------------


def _load() -> str:
    """The machine's load averages: the cores are shared, so a figure means little without them."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def _mb(value: int) -> float:
    return value / (1024 * 1024)


def cpu_line(run: Measured) -> str:
    """"CPU s: main 13.7, checks worker 10.7, sandbox 3.4, server 1.2 (total 29.0)"."""
    parts = ", ".join(f"{role} {seconds:.1f}" for role, seconds in sorted(run.cpu.items(), key=lambda kv: -kv[1]))
    return f"CPU s: {parts} (total {sum(run.cpu.values()):.1f})"


def print_table(outcomes: list[Outcome]) -> None:
    header = (f"{'tool':<44} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'peak MB':>8} {'(RSS sum)':>9} "
              f"{'broken':>7}")
    print(header)
    print("-" * len(header))
    for o in outcomes:
        flag = " (TIMED OUT)" if o.run.timed_out else ""
        print(f"{o.tool + flag:<44} {o.pages:>7} {o.run.seconds:>8.1f} {o.pages_per_second:>8.1f} "
              f"{_mb(o.run.peak_tree_pss):>8.1f} {_mb(o.run.peak_tree_rss):>9.1f} {len(o.broken):>7}")
    print("peak MB: largest sampled sum of PSS (shared pages split between processes) over the tool's process tree; "
          "RSS sum counts pages a forked child shares with its parent twice.")


def compare(name: str, found: set[str], expected: set[str]) -> bool:
    missing, extra = sorted(expected - found), sorted(found - expected)
    if not missing and not extra:
        print(f"  {name}: same {len(found)} broken links")
        return True
    print(f"  {name}: {len(missing)} missing, {len(extra)} extra")
    for path in missing[:20]:
        print(f"    - missing {path}")
    for path in extra[:20]:
        print(f"    + extra   {path}")
    return False


def run_pairs(server: Server, manifest: SiteManifest, work: Path, args: argparse.Namespace, dgeval: Outcome,
              wget: Outcome) -> None:
    """More dgeval/wget pairs, run back to back (the order alternating), each pair's ratio with the load it saw."""
    ratios = [dgeval.pages_per_second / wget.pages_per_second]
    print(f"dgeval/wget pairs (the first is the run above): 1: {ratios[0]:.2f}×")
    for number in range(2, args.pairs + 1):
        load = _load()
        order = ("wget", "dgeval") if number % 2 == 0 else ("dgeval", "wget")
        runs: dict[str, Outcome] = {}
        for tool in order:
            runs[tool] = (run_wget(server, work, args.timeout) if tool == "wget"
                          else run_dgeval(server, manifest, work, args))
        ratio = runs["dgeval"].pages_per_second / max(runs["wget"].pages_per_second, 1e-9)
        ratios.append(ratio)
        print(f"  {number}: dgeval {runs['dgeval'].pages_per_second:.0f} pages/s ({runs['dgeval'].run.seconds:.1f} s), "
              f"wget {runs['wget'].pages_per_second:.0f} pages/s ({runs['wget'].run.seconds:.1f} s): {ratio:.2f}×; "
              f"{load} before, {_load()} after")
        print(f"     dgeval {cpu_line(runs['dgeval'].run)}; wget {cpu_line(runs['wget'].run)}; "
              f"peak {_mb(runs['dgeval'].run.peak_tree_pss):.0f} MB")
    print(f"dgeval/wget over {len(ratios)} pairs: median {statistics.median(ratios):.2f}×, best {max(ratios):.2f}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="HTML pages in the generated site (default 10000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1,000 pages, one Scrapy concurrency")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--scrapy-concurrency", default="16,32,64", help="CONCURRENT_REQUESTS values to try")
    parser.add_argument("--scrapy-calibration-pages", type=int, default=2000,
                        help="responses per calibration run; the best concurrency then crawls the whole site")
    parser.add_argument("--dgeval-per-host", type=int, default=32, help="dgeval --per-host/--concurrency (own site)")
    parser.add_argument("--dgeval-checks", metavar="NAMES",
                        help="dgeval --checks (default: every check); broken_link alone measures the crawl")
    parser.add_argument("--tools", default="dgeval,scrapy,wget")
    parser.add_argument("--pairs", type=int, default=1,
                        help="run dgeval and wget back to back this many times in all (order alternating) and print "
                             "each pair's ratio and the median: on a shared machine the load changes between runs")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per tool run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (site, logs, outputs)")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="record dgeval's run with py-spy (speedscope JSON) into FILE; its figures are then slower")
    args = parser.parse_args(argv)
    pages = 1000 if args.quick else args.pages
    concurrencies = [int(c) for c in args.scrapy_concurrency.split(",") if c.strip()]
    if args.quick:
        concurrencies = concurrencies[1:2] or concurrencies
    tools = {t.strip() for t in args.tools.split(",")}

    tmp = Path(tempfile.mkdtemp(prefix="dgeval-bench-"))
    tmp.chmod(0o755)  # nginx workers run as nobody when started by root
    site = tmp / "site"
    site.mkdir()
    work = tmp / "work"
    work.mkdir()
    server = Server(site, tmp)
    try:
        started = time.perf_counter()
        manifest = build_site(site, pages, seed=args.seed, dead_port=free_port())
        manifest.save(work / "manifest.json")
        print(f"site: {manifest.pages} pages ({manifest.articles} articles, {manifest.list_pages} list pages, "
              f"{manifest.gbk_pages} in GBK), {manifest.attachments} attachments (PDF, XLSX), {manifest.images} images, "
              f"{manifest.bytes / 1e6:.0f} MB of HTML ({manifest.bytes / manifest.pages / 1000:.1f} KB and "
              f"{manifest.links_per_page:.1f} links a page); {len(manifest.broken)} planted broken links on the host, "
              f"{len(manifest.external_broken)} to an external loopback host (not checked by any tool here); "
              f"generated in {time.perf_counter() - started:.1f} s")
        server.start()
        print(f"server: {server.label} on {server.url}")
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {_load()}")
        outcomes: list[Outcome] = []
        by_tool: dict[str, Outcome] = {}
        if "dgeval" in tools:
            print("running dgeval scan …", flush=True)
            by_tool["dgeval"] = run_dgeval(server, manifest, work, args, args.profile)
            if args.profile is not None:
                print(f"  PROFILED (py-spy samples it: slower than a plain run): {args.profile}")
            outcomes.append(by_tool["dgeval"])
        if "scrapy" in tools:
            best: tuple[float, int] | None = None
            calibrate = len(concurrencies) > 1 and not args.quick
            for concurrency in concurrencies:
                cap = args.scrapy_calibration_pages if calibrate else None
                print(f"running Scrapy CONCURRENT_REQUESTS={concurrency}"
                      f"{f' (calibration, {cap} responses)' if cap else ''} …", flush=True)
                trial = run_scrapy(server, work, args.timeout, concurrency, cap)
                print(f"  {trial.pages} pages in {trial.run.seconds:.1f} s = {trial.pages_per_second:.1f} pages/s")
                if best is None or trial.pages_per_second > best[0]:
                    best = (trial.pages_per_second, concurrency)
                if not calibrate:
                    by_tool.setdefault("scrapy", trial)
                    if trial.pages_per_second >= by_tool["scrapy"].pages_per_second:
                        by_tool["scrapy"] = trial
            if calibrate and best is not None:
                print(f"running Scrapy CONCURRENT_REQUESTS={best[1]} on the whole site …", flush=True)
                by_tool["scrapy"] = run_scrapy(server, work, args.timeout, best[1], None)
            outcomes.append(by_tool["scrapy"])
        if "wget" in tools:
            print("running wget --spider -r …", flush=True)
            by_tool["wget"] = run_wget(server, work, args.timeout)
            outcomes.append(by_tool["wget"])

        print()
        print(f"after the runs: {_load()}")
        print_table(outcomes)
        for o in outcomes:
            print(f"  {o.tool}: {cpu_line(o.run)}")
            if o.note:
                print(f"  {o.tool}: {o.note[:600]}")
        dgeval = by_tool.get("dgeval")
        if dgeval is not None and dgeval.pages_per_second:
            for key, label in (("scrapy", "Scrapy"), ("wget", "wget")):
                peer = by_tool.get(key)
                if peer is not None and peer.pages_per_second:
                    print(f"dgeval/{label}: {dgeval.pages_per_second / peer.pages_per_second:.2f}×")
            scrapy = by_tool.get("scrapy")
            wget = by_tool.get("wget")
            goals = [
                ("≥ 8× Scrapy", scrapy is not None and dgeval.pages_per_second >= GOAL_SCRAPY_RATIO * scrapy.pages_per_second),
                ("≥ wget", wget is not None and dgeval.pages_per_second >= GOAL_WGET_RATIO * wget.pages_per_second),
                (f"≥ {MINIMUM_WGET_RATIO}× wget (the minimum)",
                 wget is not None and dgeval.pages_per_second >= MINIMUM_WGET_RATIO * wget.pages_per_second),
                (f"≤ {GOAL_RSS_MB:.0f} MB peak memory", _mb(dgeval.run.peak_tree_pss) <= GOAL_RSS_MB),
            ]
            print("goals: " + ", ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in goals))
        print("broken links (same host) against the planted set:")
        planted = set(manifest.broken)
        agree = all([compare(o.tool, o.broken, planted) for o in outcomes])
        names = list(by_tool)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if by_tool[a].broken != by_tool[b].broken:
                    print(f"  {a} vs {b}: only {a}: {sorted(by_tool[a].broken - by_tool[b].broken)[:10]}, "
                          f"only {b}: {sorted(by_tool[b].broken - by_tool[a].broken)[:10]}")
        print(f"broken-link sets agree: {'yes' if agree else 'NO'}")
        if args.pairs > 1 and "dgeval" in by_tool and "wget" in by_tool:
            run_pairs(server, manifest, work, args, by_tool["dgeval"], by_tool["wget"])
        if args.keep:
            print(f"kept {tmp}")
        return 0
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
