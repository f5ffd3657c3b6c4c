"""Build a `Site` from a fixture folder, as the crawler would have seen it, without any network.

A fixture site is a folder of pages (stored in their own encoding: GBK pages are GBK bytes) plus `site.toml`:

    as_of = "2020-10-12"
    root = "http://www.example.gov.cn/"      # optional; index.html at the top is the homepage (root URL)
    [pages."slow/index.html"]                # optional per-page crawl facts
    elapsed_ms = 4200.0
    status = 200
    [links."missing.html"]                   # link results; targets not listed are "ok" (external: "unchecked")
    status = "broken"
    http_status = 404
    [expected]                               # per check: the findings the check must give, nothing more
    stale_column = [{ url = "zwdt/", value = "政务动态" }]
    [observed]                               # per check: how many things it must have observed (Observed)
    stale_column = 2

Relative URLs resolve against `root`. Pages are decoded and their links extracted with the crawler's own parser
(`dgeval.monitor.page.parse_html`: HTTP header, then <meta> charset, GBK read as GB18030).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import ada_url

from dgeval.monitor.model import LinkResult, Page, Site
from dgeval.monitor.page import parse_html, to_links

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_ROOT = "http://www.example.gov.cn/"
PAGE_SUFFIXES = (".html", ".htm", ".shtml")


def fixture_sites(check: str) -> list[Path]:
    """Every fixture site (a folder with site.toml) that states expectations for `check`, wherever it lives."""
    found = []
    for spec in sorted(FIXTURES.glob("*/*/site.toml")):
        if check in tomllib.loads(spec.read_text(encoding="utf-8")).get("expected", {}):
            found.append(spec.parent)
    return found


def site_spec(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))


def absolute(root: str, url: str) -> str:
    return ada_url.join_url(root, url)


def build_site(folder: Path) -> Site:
    """The Site of a fixture folder: its pages (homepage first) and the link results of every link they hold."""
    spec = site_spec(folder)
    root = spec.get("root", DEFAULT_ROOT)
    page_facts = spec.get("pages", {})
    files = sorted(p for p in folder.rglob("*") if p.suffix in PAGE_SUFFIXES)
    files.sort(key=lambda p: p.relative_to(folder).as_posix() != "index.html")
    pages = []
    cache: dict[Any, Any] = {}
    for path in files:
        rel = path.relative_to(folder).as_posix()
        url = root if rel == "index.html" else absolute(root, rel)
        facts = page_facts.get(rel, {})
        parsed = parse_html(path.read_bytes(), "text/html", url)
        pages.append(Page(
            url=url, final_url=url, status=int(facts.get("status", 200)), headers={"Content-Type": "text/html"},
            content_type="text/html", text=parsed.text, charset=parsed.charset, links=to_links(parsed.links, cache),
            elapsed_ms=float(facts.get("elapsed_ms", 120.0)),
        ))
    statuses = {absolute(root, key): value for key, value in spec.get("links", {}).items()}
    host = ada_url.URL(root).hostname
    linked: dict[str, tuple[str, list[str]]] = {}
    for page in pages:
        for link in page.links:
            kind, sources = linked.setdefault(link.url, (link.kind, []))
            if page.url not in sources:
                sources.append(page.url)
    results = []
    for url, (kind, sources) in linked.items():
        external = ada_url.URL(url).hostname != host
        facts = statuses.get(url, {"status": "unchecked" if external else "ok"})
        results.append(LinkResult(
            url=url, status=facts["status"], http_status=facts.get("http_status"), error=facts.get("error"),
            kind=kind, pages=tuple(sources), external=external,
        ))
    return Site(root=root, as_of=dt.date.fromisoformat(spec["as_of"]), pages=tuple(pages), links=tuple(results))


def expected_findings(folder: Path, check: str) -> list[dict[str, Any]]:
    """The expected findings of `check` on a fixture site, with URLs made absolute."""
    root = site_spec(folder).get("root", DEFAULT_ROOT)
    out = []
    for row in site_spec(folder)["expected"][check]:
        row = dict(row)
        row["url"] = absolute(root, row["url"])
        out.append(row)
    return out
