"""What the monitor produces and checks consume: fetched pages, link results, findings and observations.

Plain frozen dataclasses, no I/O, so that checks stay pure functions (see docs/checks.md) and the web platform can
store them without importing aiohttp.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

Severity = Literal["high", "medium", "low", "info"]
LinkKind = Literal["a", "img", "script", "link", "iframe", "area", "srcset", "frame", "form", "css", "media"]


@dataclass(frozen=True, slots=True)
class Link:
    """A link found on a page, already resolved against the page's base URL (WHATWG rules, ada-url)."""

    url: str
    kind: LinkKind
    text: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched resource as the monitor saw it.

    `text` is the decoded HTML for HTML pages and the extracted plain text for attachments (PDF, Word, Excel, TXT).
    `url` is the URL requested; `final_url` the one after redirects. `error` is set when nothing usable was fetched.
    """

    url: str
    final_url: str
    status: int | None
    headers: Mapping[str, str]
    content_type: str
    text: str = field(repr=False)  # pages are large; a repr of a scan must stay cheap
    charset: str | None = None
    is_html: bool = True
    is_attachment: bool = False
    depth: int = 0
    referrer: str | None = None
    links: tuple[Link, ...] = ()
    elapsed_ms: float = 0.0
    error: str | None = None
    fetched_at: dt.datetime | None = None


LinkStatus = Literal["ok", "broken", "blocked", "unchecked", "skipped"]


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of checking one link target (after retries).

    broken: 4xx/5xx (other than persistent 403/429), DNS failure, refused, timeout.
    blocked: 403/429 that persisted — reported, never counted as broken.
    unchecked: external link under `--external skip`. skipped: refused by robots.txt or policy.
    """

    url: str
    status: LinkStatus
    http_status: int | None = None
    error: str | None = None
    kind: LinkKind = "a"
    pages: tuple[str, ...] = ()  # pages linking to it, first-seen first
    external: bool = False
    elapsed_ms: float = 0.0


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or observation) a check found.

    Contract of `dgeval scan --json` (one object per finding): check, url, page, value, severity, evidence, leaves.
    `value` and `evidence` are for machines (a number, a date, a code such as `no_https`); people read the sentence
    `dgeval.monitor.describe.finding_sentence` makes of them. `leaves` are the framework leaf codes (e.g.
    "management.identification") the finding bears on: a check leaves them empty, and the scan fills them from the
    finding rules (`dgeval.framework.rules`), the one map from checks to leaves.
    """

    check: str
    url: str
    page: str | None = None
    value: str | None = None
    severity: Severity = "medium"
    evidence: Mapping[str, Any] = field(default_factory=dict)
    leaves: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "url": self.url,
            "page": self.page,
            "value": self.value,
            "severity": self.severity,
            "evidence": dict(self.evidence),
            "leaves": list(self.leaves),
        }


@dataclass(frozen=True, slots=True)
class Observed:
    """Yielded by a check among its findings: it observed `count` more of what its finding rule's `observes` names
    (a link checked, a page read, a column judged…). Points come only from what was observed: a check that observed
    nothing speaks for no part of a leaf, whatever it found (see docs/frameworks.md, "Finding rules")."""

    count: int = 1


#: What a check's `run` and `run_page` yield (see checks/__init__.py).
CheckItem = Finding | Observed


@dataclass(frozen=True, slots=True)
class Site:
    """Everything one scan gathered about a site: the input of every check.

    Page checks read `pages`; graph checks read `links` too; site-level checks read `homepage` and `probes`
    (results of non-crawl probes such as IPv6, TLS or search, keyed by probe name). `notes` holds what checks noted
    about single pages while the scan went on (check name → page URL → note; see checks/__init__.py): a check
    finds the same with or without them, only sooner.
    """

    root: str
    as_of: dt.date
    pages: tuple[Page, ...]
    links: tuple[LinkResult, ...] = ()
    probes: Mapping[str, Any] = field(default_factory=dict)
    notes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def homepage(self) -> Page | None:
        return self.pages[0] if self.pages else None
