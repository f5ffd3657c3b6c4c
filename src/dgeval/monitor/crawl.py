"""The crawl: from a site's homepage to its pages, attachments and the result of every link.

Breadth-first over one queue served by `concurrency` workers. A discovered link becomes exactly one job:
- a **page** (same site, `<a>`/`<area>`/`<iframe>`/`<frame>`, within depth and page limits): GET, parse, follow;
- an **attachment** (.pdf .doc .docx .xls .xlsx .wps .txt .zip on the site): GET (size-capped) and extract its
  text in a sandbox worker (`dgeval.sandbox`: memory, CPU and time limits);
- a **check** (images, scripts, styles, external links, pages past the limits): HEAD, then GET if HEAD fails.
External links are checked once each and never crawled; with `external="skip"` they are not even looked up in DNS.
Every failure becomes a `LinkResult` or a logged error: a bad page never ends the scan. A page too deep or too
large to parse (`dom_limits`) and an attachment a limit refused are kept unread and listed in `CrawlStats.unjudged`.

The crawler fetches, parses links and schedules; what becomes of a page is up to its `PageSink`. By default
(`LocalPages`) every page is kept here; `dgeval scan` hands them to a worker process that keeps them and runs the
checks while the crawl goes on (`stream.CheckStream`), so the crawl and the checks use two cores.

With a `Checkpoint` (checkpoint.py) the crawler journals its pages and, every `interval` seconds, pauses its
workers until no job is half done and saves its frontier; a crawl started on the same checkpoint resumes from it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal, Protocol, Sequence

from dgeval.errors import FetchError
from dgeval.i18n import gettext as _
from dgeval.monitor.attachments import (
    PRELOAD, Extraction, attachment_kind, extension_of, extract_text_limited, extract_texts_limited,
)
from dgeval.monitor import dom_limits
from dgeval.monitor.checkpoint import Checkpoint, JournaledSink, Saved
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.fetch import Fetcher, Response
from dgeval.monitor.model import Link, LinkKind, LinkResult, LinkStatus, Page
from dgeval.monitor.page import ParsedHTML, host_of, is_html_type, normalize_url, parse_html, to_links
from dgeval.monitor.robots import Robots, parse_robots, parse_sitemap
from dgeval.monitor.safety import RefusedTarget
from dgeval.sandbox import Sandbox

log = logging.getLogger(__name__)

JobKind = Literal["page", "attachment", "check"]
PAGE_LINK_KINDS = frozenset({"a", "area", "iframe", "frame"})
#: extensions that are never HTML pages: link-checked, not parsed.
RESOURCE_EXTENSIONS = frozenset(
    {
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".ico", ".css", ".js", ".mjs", ".json", ".xml",
        ".rar", ".7z", ".gz", ".tar", ".mp3", ".mp4", ".avi", ".flv", ".wmv", ".mov", ".swf", ".woff",
        ".woff2", ".ttf", ".eot", ".ppt", ".pptx", ".apk", ".exe", ".dmg", ".iso", ".ofd", ".ceb", ".tif", ".tiff",
    }
)
MAX_SOURCES_PER_LINK = 20  # pages remembered as linking to one target: enough to show, small enough for 10k pages
MAX_TITLES = 50
MAX_SITEMAP_FILES = 10
#: What a page too large or too deep to parse is handed on as: no text, no links.
UNPARSED = ParsedHTML(text="", charset="utf-8", title="", links=(), truncated_links=False)
CHECK_BODY_BYTES = 64 * 1024  # a GET fallback of a link check reads no more than this
#: Allocations between two young-generation collections during a crawl (Python's default is 700). A crawl
#: allocates millions of short-lived objects, freed by reference counting, and keeps a large heap of URLs: at the
#: default the collector took 1 s of a 16 s crawl (py-spy and gc.callbacks on the benchmark site), 0.3 s at this.
CRAWL_GC_THRESHOLD = 20_000


@dataclass(frozen=True, slots=True)
class CrawlProgress:
    """Reported after each job, for a progress display."""

    pages: int
    done: int
    queued: int
    requests: int
    url: str


@dataclass(slots=True)
class CrawlStats:
    pages: int = 0
    attachments: int = 0
    link_checks: int = 0
    requests: int = 0
    bytes: int = 0
    retries: int = 0
    elapsed_s: float = 0.0
    timed_out: bool = False
    errors: list[str] = field(default_factory=list)
    #: (url, why) of pages and attachments fetched but not judged: refused attachments, pages too deep or too large
    #: to parse, pages whose checks ran out of time. The sink's list (`PageSink.unjudged`), so it fills until the
    #: checks end.
    unjudged: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "pages": self.pages, "attachments": self.attachments, "link_checks": self.link_checks,
            "requests": self.requests, "bytes": self.bytes, "retries": self.retries,
            "elapsed_s": round(self.elapsed_s, 3), "timed_out": self.timed_out, "errors": self.errors[:50],
            "unjudged": [{"url": url, "reason": why} for url, why in self.unjudged[:200]],
        }


@dataclass(slots=True, repr=False)
class CrawlResult:
    """A finished crawl. Its repr is short on purpose: asyncio may repr a task's result, and 10,000 pages of text
    would take seconds and hundreds of megabytes to format."""

    root: str
    final_root: str
    pages: list[Page]
    links: list[LinkResult]
    titles: list[tuple[str, str]]  # (url, title) of the first pages, for the search probe
    homepage_headers: dict[str, str]
    stats: CrawlStats

    def __repr__(self) -> str:
        return f"CrawlResult({self.root!r}, pages={len(self.pages)}, links={len(self.links)})"


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generation every CRAWL_GC_THRESHOLD allocations for the block, then as before; what
    exists before it (modules, caches) is frozen for the block, so that a full collection during a crawl does not
    walk it (one such collection took 0.08 s on the benchmark site)."""
    threshold = gc.get_threshold()
    gc.set_threshold(CRAWL_GC_THRESHOLD, *threshold[1:])
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _looks_html(response: Response) -> bool:
    """HTML by content type; a missing content type counts when the body starts like markup."""
    if response.content_type:
        return is_html_type(response.content_type)
    return response.body.lstrip()[:1] == b"<"


def link_status(response: Response) -> LinkStatus:
    if response.refused:
        return "skipped"
    if response.status is None:
        return "broken"
    if response.status in (403, 429):
        return "blocked"
    return "broken" if response.status >= 400 else "ok"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response kept as a page: what a `PageSink` needs to make a `Page` of it, with the body undecoded (cheap to
    send to the checks worker). `attachment` is the attachment kind (".pdf"…), None for an HTML page."""

    url: str
    final_url: str
    status: int | None
    headers: dict[str, str]
    content_type: str
    body: bytes
    depth: int
    elapsed_ms: float
    fetched_at: dt.datetime
    referrer: str | None = None
    truncated: bool = False
    attachment: str | None = None

    def __reduce__(self) -> tuple[type[Fetched], tuple[object, ...]]:
        # Pickled as its field values: one crosses to the checks worker per page, and the generic state of a slotted
        # dataclass costs several times more.
        return Fetched, (self.url, self.final_url, self.status, self.headers, self.content_type, self.body,
                         self.depth, self.elapsed_ms, self.fetched_at, self.referrer, self.truncated, self.attachment)


def html_page(fetched: Fetched, text: str, charset: str, links: tuple[Link, ...], error: str | None) -> Page:
    return Page(
        url=fetched.url, final_url=fetched.final_url, status=fetched.status, headers=fetched.headers,
        content_type=fetched.content_type, text=text, charset=charset, is_html=True, depth=fetched.depth,
        referrer=fetched.referrer, links=links, elapsed_ms=fetched.elapsed_ms, error=error,
        fetched_at=fetched.fetched_at,
    )


async def extract_attachment(fetched: Fetched, max_bytes: int, sandbox: Sandbox) -> Extraction:
    """The attachment's text, extracted in a sandbox worker (from a thread: the event loop goes on meanwhile)."""
    if fetched.truncated:
        return _over_size(max_bytes)
    return await asyncio.to_thread(extract_text_limited, fetched.body, fetched.attachment or ".txt", None, sandbox)


async def extract_attachments(batch: Sequence[Fetched], max_bytes: int, sandbox: Sandbox) -> list[Extraction]:
    """`extract_attachment` of each, in one sandbox call for all (see `extract_texts_limited`)."""
    whole = [fetched for fetched in batch if not fetched.truncated]
    items = [(fetched.body, fetched.attachment or ".txt") for fetched in whole]
    texts = iter(await asyncio.to_thread(extract_texts_limited, items, sandbox) if items else ())
    return [_over_size(max_bytes) if fetched.truncated else next(texts) for fetched in batch]


def _over_size(max_bytes: int) -> Extraction:
    return Extraction("", _("附件超过 {limit} 字节，未读取").format(limit=max_bytes), refused=True)


def attachment_sandbox() -> Sandbox:
    """The sandbox a crawl extracts attachments in: one worker (the crawl and the checks have a core each)."""
    return Sandbox(workers=1, preload=PRELOAD)


def attachment_page(fetched: Fetched, extraction: Extraction) -> Page:
    """The attachment as a Page: its extracted text, or the note saying why there is none."""
    return Page(
        url=fetched.url, final_url=fetched.final_url, status=fetched.status, headers=fetched.headers,
        content_type=fetched.content_type, text=extraction.text, charset=None, is_html=False, is_attachment=True,
        depth=fetched.depth, referrer=fetched.referrer, elapsed_ms=fetched.elapsed_ms, error=extraction.note,
        fetched_at=fetched.fetched_at,
    )


class PageSink(Protocol):
    """Where the crawler hands the pages it fetched and parsed: `LocalPages` keeps them, `stream.CheckStream`
    sends them to the checks worker. `unjudged` lists (url, why) of what was fetched but cannot be judged."""

    unjudged: list[tuple[str, str]]

    async def add_html(self, fetched: Fetched, parsed: ParsedHTML, error: str | None) -> None: ...

    async def add_attachment(self, fetched: Fetched) -> None: ...

    def pages(self) -> list[Page]: ...

    def close(self) -> None:
        """The crawl is over: no more pages come."""


class LocalPages:
    """The default sink: every page kept in this process, links shared between pages; attachments extracted in a
    sandbox worker."""

    def __init__(self, config: CrawlConfig) -> None:
        self._pages: list[Page] = []
        self._link_cache: dict[tuple[str, str, str], Link] = {}
        self._max_attachment_bytes = config.max_attachment_bytes
        self._sandbox = attachment_sandbox()
        self.unjudged: list[tuple[str, str]] = []

    async def add_html(self, fetched: Fetched, parsed: ParsedHTML, error: str | None) -> None:
        links = to_links(parsed.links, self._link_cache)
        self._pages.append(html_page(fetched, parsed.text, parsed.charset, links, error))

    async def add_attachment(self, fetched: Fetched) -> None:
        extraction = await extract_attachment(fetched, self._max_attachment_bytes, self._sandbox)
        if extraction.refused and extraction.note:
            self.unjudged.append((fetched.url, extraction.note))
        self._pages.append(attachment_page(fetched, extraction))

    def pages(self) -> list[Page]:
        return self._pages

    def close(self) -> None:
        self._sandbox.close()


Job = tuple[JobKind, str, int, bool]


class _Frontier(asyncio.Queue[Job]):
    """The crawl's queue of jobs, which a checkpoint can list."""

    def pending(self) -> list[Job]:
        return list(self._queue)  # type: ignore[attr-defined]

    def put_back(self, job: Job) -> None:
        """Return JOB, just taken, to the head of the queue, still counted as unfinished: as if never taken."""
        self._queue.appendleft(job)  # type: ignore[attr-defined]


#: What a checkpoint keeps of a crawler: its frontier aside, these attributes whole.
_SAVED_ATTRIBUTES = ("_final_root", "_scope_hosts", "_scheduled", "_sources", "_kinds", "_results", "_parsed_finals",
                     "_titles", "_page_budget", "_check_budget", "_done", "_homepage_headers", "stats")


class Crawler:
    """One crawl of one site. Use `await Crawler(root, config, fetcher).run()`."""

    def __init__(
        self,
        root: str,
        config: CrawlConfig,
        fetcher: Fetcher,
        *,
        progress: Callable[[CrawlProgress], None] | None = None,
        sink: PageSink | None = None,
        deadline: float | None = None,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        """`deadline` (time.monotonic) ends the crawl; by default `config.max_wall_time` after `run` starts.
        CHECKPOINT, when given, is resumed from if it holds a saved state, and saved to as the crawl goes."""
        normalized = normalize_url(root)
        if normalized is None:
            raise FetchError(f"not an http(s) URL: {root!r}")
        self.root = normalized
        self.config = config
        self.fetcher = fetcher
        self.progress = progress
        self.sink: PageSink = sink if sink is not None else LocalPages(config)
        self._checkpoint = checkpoint
        if checkpoint is not None:
            self.sink = JournaledSink(self.sink, checkpoint)
        self._running = asyncio.Event()
        self._running.set()
        self._active = 0
        self.stats = CrawlStats()
        self._scope_hosts = {host_of(normalized)}
        self._queue = _Frontier()
        self._scheduled: set[str] = set()
        self._sources: dict[str, list[str]] = {}
        self._kinds: dict[str, LinkKind] = {}
        self._results: dict[str, LinkResult] = {}
        self._parsed_finals: set[str] = set()
        self._titles: list[tuple[str, str]] = []
        self._page_budget = config.max_pages
        self._check_budget = config.max_link_checks
        self._robots: dict[str, asyncio.Future[Robots]] = {}
        self._done = 0
        self._homepage_headers: dict[str, str] = {}
        self._final_root = normalized
        self._deadline = deadline

    # -- scope and robots -------------------------------------------------------------------------------------

    def in_scope(self, host: str) -> bool:
        if host in self._scope_hosts:
            return True
        if self.config.include_subdomains:
            return any(host.endswith("." + h.removeprefix("www.")) for h in self._scope_hosts)
        return False

    async def robots_for(self, url: str) -> Robots:
        host = host_of(url)
        future = self._robots.get(host)
        if future is None:
            future = self._robots[host] = asyncio.get_running_loop().create_future()
            scheme = url.split(":", 1)[0]
            robots_url = f"{scheme}://{url.split('://', 1)[1].split('/', 1)[0]}/robots.txt"
            response = await self.fetcher.fetch(robots_url, retries=0, max_bytes=512 * 1024)
            robots = parse_robots(response.body if response.ok else None, self.config.user_agent)
            delay = robots.crawl_delay
            if delay and self.config.obey_robots:
                self.fetcher.set_host_interval(host, min(delay, 30.0))
            future.set_result(robots)
        return await future

    # -- the crawl ----------------------------------------------------------------------------------------------

    async def run(self) -> CrawlResult:
        started = time.perf_counter()
        self.stats.unjudged = self.sink.unjudged
        budget = self.config.max_wall_time
        if self._deadline is not None:
            budget = max(0.0, self._deadline - time.monotonic())
        try:
            with fewer_collections():
                await asyncio.wait_for(self._crawl(), timeout=budget)
        except asyncio.TimeoutError:
            self.stats.timed_out = True
            self.stats.errors.append(f"wall-time limit of {budget:g} s reached; crawl stopped")
        finally:
            self.sink.close()
        self.stats.elapsed_s = time.perf_counter() - started
        self.stats.requests = self.fetcher.stats.requests
        self.stats.bytes = self.fetcher.stats.bytes
        self.stats.retries = self.fetcher.stats.retries
        return CrawlResult(
            root=self.root,
            final_root=self._final_root,
            pages=self.sink.pages(),
            links=self._link_results(),
            titles=self._titles,
            homepage_headers=self._homepage_headers,
            stats=self.stats,
        )

    async def _crawl(self) -> None:
        saved = self._checkpoint.load() if self._checkpoint is not None else None
        if saved is not None:
            await self._restore(saved)
        else:
            await self._start()
        workers = [asyncio.create_task(self._worker()) for _ in range(self.config.concurrency)]
        if self._checkpoint is not None:
            workers.append(asyncio.create_task(self._save_every(self._checkpoint)))
        try:
            await self._queue.join()
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _start(self) -> None:
        """The homepage, then the sitemaps: what the queue starts from."""
        robots = await self.robots_for(self.root)
        if self.config.obey_robots and not robots.allowed(self.root):
            raise FetchError(f"robots.txt of {self.root} disallows the homepage; a site's owner may pass --ignore-robots")
        self._scheduled.add(self.root)
        self._page_budget -= 1
        homepage = await self._fetch_page(self.root, 0)
        if homepage.refused:
            raise RefusedTarget(homepage.error or "refused")
        if not homepage.ok or not self.stats.pages + self.stats.attachments:
            reason = homepage.error or f"HTTP {homepage.status}"
            raise FetchError(f"cannot reach {self.root}: {reason}")
        if self.config.use_sitemap:
            await self._seed_from_sitemaps(robots)

    # -- checkpoints ----------------------------------------------------------------------------------------------

    async def _save_every(self, checkpoint: Checkpoint) -> None:
        """Every `interval` seconds: stop handing out jobs, wait until none is half done, save, go on."""
        while True:
            await asyncio.sleep(checkpoint.interval)
            self._running.clear()
            try:
                while self._active:
                    await asyncio.sleep(0.005)
                checkpoint.save(self._state())
            finally:
                self._running.set()

    def _state(self) -> dict[str, object]:
        """The crawler between two jobs: its frontier and everything it knows (the pages are in the journal)."""
        state: dict[str, object] = {name: getattr(self, name) for name in _SAVED_ATTRIBUTES}
        state["frontier"] = self._queue.pending()
        state["fetch_stats"] = self.fetcher.stats
        return state

    async def _restore(self, saved: Saved) -> None:
        """Take up a saved crawl: its pages to the sink again, its knowledge, its frontier."""
        assert isinstance(self.sink, JournaledSink)
        await self.sink.replay(saved.records)
        for name in _SAVED_ATTRIBUTES:
            setattr(self, name, saved.state[name])
        # What was fetched but not judged, as saved (the replay told the sink some of it again), kept in the sink's
        # list, which the statistics share.
        self.sink.unjudged[:] = self.stats.unjudged
        self.stats.unjudged = self.sink.unjudged
        self.fetcher.stats = saved.state["fetch_stats"]  # type: ignore[assignment]
        for job in saved.state["frontier"]:  # type: ignore[attr-defined]
            self._queue.put_nowait(job)

    async def _worker(self) -> None:
        while True:
            await self._running.wait()
            job = await self._queue.get()
            if not self._running.is_set():
                # A save began while this worker waited for a job: the job stays in the frontier the save lists, or
                # idle workers would keep taking new jobs and the save would wait for the crawl's end.
                self._queue.put_back(job)
                continue
            kind, url, depth, external = job
            self._active += 1
            try:
                if kind == "page":
                    await self._fetch_page(url, depth)
                elif kind == "attachment":
                    await self._fetch_attachment(url, depth)
                else:
                    await self._check(url, external)
            except Exception as exc:  # a bad page never ends a scan
                log.exception("crawling %s failed", url)
                self.stats.errors.append(f"{url}: {type(exc).__name__}: {exc}"[:300])
            finally:
                self._active -= 1
                self._done += 1
                self._queue.task_done()
                if self.progress is not None:
                    self.progress(CrawlProgress(self.stats.pages + self.stats.attachments, self._done, self._queue.qsize(),
                                                self.fetcher.stats.requests, url))

    async def _seed_from_sitemaps(self, robots: Robots) -> None:
        base = self._final_root.split("://", 1)[0] + "://" + self._final_root.split("://", 1)[1].split("/", 1)[0]
        pending = list(dict.fromkeys(robots.sitemaps + [base + "/sitemap.xml"]))
        fetched = 0
        seeded = 0
        while pending and fetched < MAX_SITEMAP_FILES:
            sitemap_url = normalize_url(pending.pop(0))
            if sitemap_url is None or not self.in_scope(host_of(sitemap_url)):
                continue
            fetched += 1
            response = await self.fetcher.fetch(sitemap_url, retries=0)
            if not response.ok:
                continue
            locs, is_index = parse_sitemap(response.body)
            if is_index:
                pending.extend(locs)
                continue
            for loc in locs:
                if seeded >= self.config.max_sitemap_urls:
                    return
                url = normalize_url(loc)
                if url is not None and url not in self._scheduled:
                    seeded += 1
                    self._schedule(url, "a", 1)

    def _discover(self, page_url: str, depth: int, links: tuple[tuple[str, LinkKind, str], ...]) -> None:
        for url, kind, _ in links:
            sources = self._sources.get(url)
            if sources is None:
                self._sources[url] = [page_url]
            elif len(sources) < MAX_SOURCES_PER_LINK and sources[-1] != page_url:
                sources.append(page_url)
            if url in self._scheduled:
                continue
            self._kinds[url] = kind
            self._schedule(url, kind, depth + 1)

    def _schedule(self, url: str, kind: LinkKind, depth: int) -> None:
        self._scheduled.add(url)
        host = host_of(url)
        if not self.in_scope(host):
            if self.config.external == "skip":
                self._results[url] = LinkResult(url, "unchecked", kind=kind, external=True)
            else:
                self._enqueue_check(url, kind, external=True)
            return
        if len(url) > self.config.max_url_length:
            self._results[url] = LinkResult(url, "skipped", error="URL too long", kind=kind)
            return
        extension = extension_of(url)
        if attachment_kind(url) is not None and self.config.fetch_attachments and self._page_budget > 0:
            self._page_budget -= 1
            self._queue.put_nowait(("attachment", url, depth, False))
        elif (
            kind in PAGE_LINK_KINDS
            and extension not in RESOURCE_EXTENSIONS
            and attachment_kind(url) is None
            and depth <= self.config.max_depth
            and self._page_budget > 0
        ):
            self._page_budget -= 1
            self._queue.put_nowait(("page", url, depth, False))
        else:
            self._enqueue_check(url, kind, external=False)

    def _enqueue_check(self, url: str, kind: LinkKind, *, external: bool) -> None:
        if self._check_budget <= 0:
            self._results[url] = LinkResult(url, "skipped", error="link-check limit reached", kind=kind,
                                            external=external)
            return
        self._check_budget -= 1
        self._queue.put_nowait(("check", url, 0, external))

    async def _allowed(self, url: str) -> bool:
        if not self.config.obey_robots:
            return True
        robots = await self.robots_for(url)
        if robots.allowed(url):
            return True
        self._results[url] = LinkResult(url, "skipped", error="disallowed by robots.txt", kind=self._kinds.get(url, "a"))
        return False

    async def _fetch_page(self, url: str, depth: int) -> Response:
        if not await self._allowed(url):
            return Response(url, url, None, error="disallowed by robots.txt")
        response = await self.fetcher.fetch(url)
        self._record(url, response)
        final = response.final_url
        if not response.ok or not self.in_scope(host_of(final)) or final in self._parsed_finals:
            return response
        self._parsed_finals.add(final)
        if depth == 0:
            self._final_root = final
            self._scope_hosts.add(host_of(final))
            self._homepage_headers = response.headers
        if _looks_html(response):
            await self._add_html_page(url, response, depth)
        elif attachment_kind(final, response.content_type) is not None and self.config.fetch_attachments:
            await self._add_attachment(url, response, depth)
        return response

    async def _add_html_page(self, url: str, response: Response, depth: int) -> None:
        too_big = dom_limits.refusal(response.body, self.config.max_dom_nodes, self.config.max_dom_depth)
        if too_big is not None:  # kept as fetched, without its body: nothing may parse it
            self.sink.unjudged.append((url, too_big))
            await self.sink.add_html(self._fetched(url, response, depth, body=b""), UNPARSED, too_big)
            self.stats.pages += 1
            return
        parsed = parse_html(response.body, response.content_type, response.final_url, self.config.max_links_per_page)
        error = response.error
        if parsed.truncated_links:
            error = f"more than {self.config.max_links_per_page} links; the rest were not followed"
        elif response.truncated and error is None:
            error = "body cut at the size cap"
        await self.sink.add_html(self._fetched(url, response, depth), parsed, error)
        self.stats.pages += 1
        if parsed.title and len(self._titles) < MAX_TITLES:
            self._titles.append((response.final_url, parsed.title))
        self._discover(response.final_url, depth, parsed.links)

    async def _fetch_attachment(self, url: str, depth: int) -> None:
        if not await self._allowed(url):
            return
        response = await self.fetcher.fetch(url, max_bytes=self.config.max_attachment_bytes)
        self._record(url, response)
        if not response.ok:
            return
        if is_html_type(response.content_type) and response.content_type:
            if response.final_url not in self._parsed_finals and self.in_scope(host_of(response.final_url)):
                self._parsed_finals.add(response.final_url)
                await self._add_html_page(url, response, depth)
            return
        await self._add_attachment(url, response, depth)

    async def _add_attachment(self, url: str, response: Response, depth: int) -> None:
        kind = attachment_kind(response.final_url, response.content_type) or attachment_kind(url) or ".txt"
        await self.sink.add_attachment(self._fetched(url, response, depth, attachment=kind))
        self.stats.attachments += 1

    def _fetched(self, url: str, response: Response, depth: int, *, attachment: str | None = None,
                 body: bytes | None = None) -> Fetched:
        return Fetched(
            url=url, final_url=response.final_url, status=response.status, headers=response.headers,
            content_type=response.content_type, body=response.body if body is None else body, depth=depth,
            elapsed_ms=response.elapsed_ms,
            fetched_at=dt.datetime.now(dt.timezone.utc), referrer=self._first_source(url),
            truncated=response.truncated, attachment=attachment,
        )

    async def _check(self, url: str, external: bool) -> None:
        if not external and not await self._allowed(url):
            return
        self.stats.link_checks += 1
        response = await self.fetcher.fetch(url, method="HEAD", retries=0)
        if response.refused or (response.status is not None and response.status < 400):
            self._record(url, response, external=external)
            return
        # HEAD refused (405/501), failed or unsupported: ask again with GET, which alone decides (after retries).
        response = await self.fetcher.fetch(url, method="GET", read_body=False, max_bytes=CHECK_BODY_BYTES)
        self._record(url, response, external=external)

    def _record(self, url: str, response: Response, *, external: bool = False) -> None:
        result = LinkResult(
            url=url, status=link_status(response), http_status=response.status, error=response.error,
            kind=self._kinds.get(url, "a"), external=external, elapsed_ms=response.elapsed_ms,
        )
        self._results[url] = result
        final = response.final_url
        if final != url and final not in self._scheduled and self.in_scope(host_of(final)):
            # Links straight to the redirect target need no second request.
            self._scheduled.add(final)
            self._results[final] = LinkResult(
                url=final, status=result.status, http_status=result.http_status, error=result.error,
                kind=result.kind, external=external, elapsed_ms=result.elapsed_ms,
            )


    def _first_source(self, url: str) -> str | None:
        sources = self._sources.get(url)
        return sources[0] if sources else None

    def _link_results(self) -> list[LinkResult]:
        out = []
        for url, result in self._results.items():
            sources = self._sources.get(url)
            if sources:
                result = LinkResult(
                    url=result.url, status=result.status, http_status=result.http_status, error=result.error,
                    kind=result.kind, pages=tuple(sources), external=result.external, elapsed_ms=result.elapsed_ms,
                )
            out.append(result)
        return out
