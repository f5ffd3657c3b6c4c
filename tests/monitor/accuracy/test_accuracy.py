"""Accuracy of the monitor's checks on sites nobody tuned them on.

Four generated government sites (sitegen.py: different markup, date styles, encodings and pagination, with planted
defects and decoys) are served on 127.0.0.1 by aiohttp.web, with an "external" site on 127.0.0.2; each is scanned
in-process by the real `scan_site` (crawl, probes, every check). Findings are matched to the ground truth per check,
and every check with planted cases must reach precision ≥ 0.95 and recall ≥ 0.9 over the four sites.

Matching rules (the `dgeval scan --json` contract): broken_link by url (the target); stale_column / blank_column by
url (the column's first list page); id_number_leak / phone_leak / bank_card_leak / wrong_word by (value, url) where
url is the page or the attachment holding the value; orphan_interpretation / overdue_message by url (the article or
message page); site-level checks by check, security_headers by its score too. The identification checks report what
they found as severity "info" observations: those are not defects and are left out before matching.

Left out of the thresholds, on purpose:
- ipv6 and https: loopback http cannot have an AAAA-reachable twin or a certificate; their probes are tested with
  their own fixtures;
- response_time: a loopback server answers in milliseconds, and a timing threshold has no place in a unit test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import pytest
from aiohttp import web

from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.model import Finding
from dgeval.monitor.runner import scan_site

from .sitegen import FixtureSite, Resource, build_sites

SEED = 4
EXTERNAL_HOST = "127.0.0.2"
MIN_PRECISION = 0.95
MIN_RECALL = 0.9
EVALUATED = (
    "broken_link", "stale_column", "blank_column", "homepage_not_updated", "id_number_leak", "phone_leak",
    "bank_card_leak", "wrong_word", "missing_site_code", "missing_icp", "missing_psb_filing", "missing_gov_badge",
    "orphan_interpretation", "overdue_message", "security_headers", "search",
)
NOT_EVALUATED = ("ipv6", "https", "response_time")
BY_VALUE = frozenset({"id_number_leak", "phone_leak", "bank_card_leak", "wrong_word"})
SITE_LEVEL = frozenset({"homepage_not_updated", "missing_site_code", "missing_icp", "missing_psb_filing",
                        "missing_gov_badge", "search"})
OBSERVATIONS = frozenset({"missing_site_code", "missing_icp", "missing_psb_filing", "missing_gov_badge"})


# --- serving --------------------------------------------------------------------------------------------------------


def _site_app(site: FixtureSite, external_origin: str) -> web.Application:
    """The fixture site: its resources by path (query included when it matters), a search, and odd servers' ways."""
    hits: dict[str, int] = defaultdict(int)
    titles = {path: r.body for path, r in site.resources.items() if r.content_type.startswith("text/html")}
    encoding = "gbk" if any(b"charset=gb" in r.body[:400] or "GBK" in r.content_type for r in site.resources.values()) \
        else "utf-8"

    async def search(request: web.Request) -> web.Response:
        query = request.query.get("q") or request.query.get("searchword") or ""
        found = []
        if site.search == "works" and query:
            needle = query.encode(encoding, errors="ignore")
            found = [path for path, body in titles.items() if needle and needle in body][:10]
        rows = "".join(f'<li><a href="{p}">{query}</a></li>' for p in found)
        html = f"<html><body><p>共找到{len(found)}条结果</p><ul>{rows}</ul></body></html>"
        return web.Response(body=html.encode(encoding), content_type="text/html", charset=encoding)

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path
        if path in ("/search/index.jsp", "/was5/web/search"):
            return await search(request)
        key = f"{path}?{request.query_string}" if request.query_string else path
        resource: Resource | None = site.resources.get(key) or site.resources.get(path)
        if resource is None:
            return web.Response(status=404, text="404 Not Found")
        hits[key] += 1
        if resource.behaviour == "redirect":
            raise web.HTTPMovedPermanently(location=resource.location or "/")
        if resource.behaviour == "head405" and request.method == "HEAD":
            return web.Response(status=405, headers={"Allow": "GET"})
        if resource.behaviour == "flaky503" and hits[key] == 1:
            return web.Response(status=503, headers={"Retry-After": "0"}, text="busy")
        body = resource.body.replace(b"__EXT__", external_origin.encode())
        response = web.Response(body=body, status=resource.status, headers=resource.headers)
        response.headers["Content-Type"] = resource.content_type
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


def _external_app() -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        if request.path == "/redirect":
            raise web.HTTPFound(location="/zwfw/index.html")
        if request.path == "/zwfw/index.html":
            return web.Response(text="<html><body>市政务服务网</body></html>", content_type="text/html")
        return web.Response(status=404, text="gone")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


async def _start(app: web.Application, host: str) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://{host}:{port}"


@dataclass(slots=True)
class Scanned:
    site: FixtureSite
    origin: str
    external_origin: str
    findings: list[Finding]
    skipped: dict[str, str]
    pages: int


async def _scan_all(seed: int) -> list[Scanned]:
    sites = build_sites(seed)
    external_runner, external_origin = await _start(_external_app(), EXTERNAL_HOST)
    out = []
    try:
        for site in sites:
            runner, origin = await _start(_site_app(site, external_origin), "127.0.0.1")
            try:
                config = CrawlConfig(
                    allow_private=True, external="check" if site.external_check else "skip", max_pages=1000,
                    max_wall_time=60, connect_timeout=5, read_timeout=5, total_timeout=5, backoff_base=0.05,
                    concurrency=8, per_host=8,
                )
                result = await scan_site(origin + "/", as_of=site.as_of, config=config)
            finally:
                await runner.cleanup()
            out.append(Scanned(site, origin, external_origin, result.findings, result.skipped, len(result.site.pages)))
    finally:
        await external_runner.cleanup()
    return out


# --- matching -------------------------------------------------------------------------------------------------------


def _where(url: str | None, scanned: Scanned) -> str:
    """A finding's URL in the ground truth's terms: a site path, "ext:" + path, with index.html dropped."""
    if not url:
        return ""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    path = unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
    prefix = "ext:" if origin == scanned.external_origin else ("" if origin == scanned.origin else origin)
    return prefix + _strip_index(path)


def _strip_index(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def _key(check: str, where: str, value: str | None) -> tuple[str, ...]:
    if check in SITE_LEVEL:
        return (check,)
    if check == "security_headers":
        return (check, value or "")
    if check in BY_VALUE:
        return (check, _strip_index(where), value or "")
    return (check, _strip_index(where))


@dataclass(slots=True)
class Score:
    planted: int = 0
    reported: int = 0
    true_positives: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.planted if self.planted else 1.0


def evaluate(scans: list[Scanned]) -> tuple[dict[str, Score], dict[str, list[str]]]:
    """Per-check scores over all sites, and the misses / false positives by check for the failure message."""
    scores: dict[str, Score] = {check: Score() for check in EVALUATED}
    errors: dict[str, list[str]] = defaultdict(list)
    for scan in scans:
        expected = {_key(e.check, e.where, e.value) for e in scan.site.expected}
        reported: set[tuple[str, ...]] = set()
        for finding in scan.findings:
            if finding.check not in scores:
                continue
            if finding.check in OBSERVATIONS and finding.severity == "info":
                continue
            reported.add(_key(finding.check, _where(finding.url, scan), finding.value))
        for check in EVALUATED:
            planted = {k for k in expected if k[0] == check}
            found = {k for k in reported if k[0] == check}
            score = scores[check]
            score.planted += len(planted)
            score.reported += len(found)
            score.true_positives += len(planted & found)
            errors[check] += [f"{scan.site.name}: missed {k[1:] or ''}" for k in sorted(planted - found)]
            errors[check] += [f"{scan.site.name}: false positive {k[1:] or ''}" for k in sorted(found - planted)]
        for name, reason in scan.skipped.items():
            if name in scores:
                errors[name].append(f"{scan.site.name}: skipped: {reason}")
    return scores, errors


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'check':<24} {'planted':>7} {'reported':>8} {'TP':>4} {'precision':>9} {'recall':>7}"]
    for check, s in scores.items():
        lines.append(f"{check:<24} {s.planted:>7} {s.reported:>8} {s.true_positives:>4} {s.precision:>9.2f} {s.recall:>7.2f}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scans() -> list[Scanned]:
    return asyncio.run(_scan_all(SEED))


@pytest.fixture(scope="module")
def evaluation(scans: list[Scanned]) -> tuple[dict[str, Score], dict[str, list[str]]]:
    scores, errors = evaluate(scans)
    print("\n" + table(scores))
    return scores, errors


def test_every_site_was_crawled(scans: list[Scanned]) -> None:
    for scan in scans:
        html = sum(1 for path, r in scan.site.resources.items() if r.content_type.startswith("text/html") and r.status == 200)
        assert scan.pages >= html - 5, f"{scan.site.name}: {scan.pages} pages fetched of {html}"


@pytest.mark.parametrize("check", EVALUATED)
def test_check_accuracy_on_unseen_sites(check: str, evaluation: tuple[dict[str, Score], dict[str, list[str]]]) -> None:
    scores, errors = evaluation
    score = scores[check]
    assert score.planted > 0, f"{check}: the generated sites plant no case"
    detail = "\n".join(errors[check][:30])
    assert score.precision >= MIN_PRECISION and score.recall >= MIN_RECALL, (
        f"{check}: precision {score.precision:.2f} (≥ {MIN_PRECISION}), recall {score.recall:.2f} (≥ {MIN_RECALL})\n"
        f"{detail}\n\n{table(scores)}"
    )


def test_ground_truth_is_deterministic() -> None:
    first, second = build_sites(SEED), build_sites(SEED)
    assert [s.expected for s in first] == [s.expected for s in second]
    assert all(a.resources.keys() == b.resources.keys() for a, b in zip(first, second, strict=True))


def test_sites_link_no_foreign_host_when_external_links_are_checked() -> None:
    """A site scanned with external links checked must not link anything but loopback servers (network rule)."""
    import re

    for site in build_sites(SEED):
        if not site.external_check:
            continue
        for path, resource in site.resources.items():
            hosts = set(re.findall(rb"(?:https?:)?//([A-Za-z0-9.\-]+)", resource.body))
            assert not hosts, f"{site.name}{path} links {hosts}"


def test_as_of_dates_are_the_sites_own() -> None:
    assert {s.as_of for s in build_sites(SEED)} == {dt.date(2020, 11, 20), dt.date(2020, 10, 12)}
