"""The checks worker: a forked process that keeps the pages and runs the checks while the crawl goes on.

A scan with every check on is CPU-bound on both sides: the event loop spends its time in aiohttp and in parsing links,
and the content checks cost as much again. So `scan_site` forks one worker before the crawl, and `CheckStream` (the
crawler's `PageSink`) hands it each fetched page as it comes: the undecoded body, the charset the crawler found,
the page's links and what `inspect_tree` read from the crawler's parse tree (overdue_message's title and breadcrumb,
so that the worker does not parse nearly every page a second time). The worker builds the same `Page` the
in-process crawl would, runs the page checks (`run_page`) and page notes (`notice_page`) on it at once, and keeps
it; when the crawl is over it receives the link results and probes and runs the site checks (`run`) on the whole
Site. Attachments go the other way: their text is extracted in a sandbox worker (`dgeval.sandbox`, limited in memory
and time) as they come, and page-checked in the crawling process (no site check reads attachment text). Findings
are the same as `run_checks` over the same Site: registry order, then page order (the order of `site.pages`, which
both processes keep).

The worker keeps each page's body compressed with zstd (`_PackedPage`) once its page checks have run: 10,000 pages
of text would take hundreds of megabytes, and the site checks read few pages more than once. Links repeat from page
to page (navigation, sidebars), so each distinct (url, kind, text) is sent once and then named by its number; the
worker shares one `Link` object per number, as `to_links` does in-process.
Messages are pickled tuples behind a 4-byte length, over a socket pair. The event loop never blocks on the worker:
it writes through an asyncio stream (back-pressure through `drain`) and reads answers in a task. If the worker dies,
the crawl goes on and the checks are reported as not run.
"""

from __future__ import annotations

import array
import asyncio
import ctypes
import dataclasses
import datetime as dt
import gc
import logging
import multiprocessing
import os
import pickle
import socket
import struct
import time
from multiprocessing.process import BaseProcess
from typing import Any, BinaryIO, Callable, Mapping, Sequence

from selectolax.lexbor import LexborHTMLParser

from dgeval.i18n import gettext as _
from dgeval.monitor.attachments import Extraction
from dgeval.monitor.budget import CheckBudget, OverBudget
from dgeval.monitor.checks import CheckNotApplicable, _columns, load_check, run_checks
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import (
    CRAWL_GC_THRESHOLD, Fetched, attachment_page, attachment_sandbox, extract_attachment, html_page,
)
from dgeval.monitor.model import Finding, Link, LinkKind, LinkResult, Page, Site
from dgeval.monitor.page import ParsedHTML, to_links

try:  # Python 3.14
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:
    from backports import zstd  # type: ignore[import-not-found,no-redef]

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!I")
#: Pages the crawler may have sent before the worker answers: enough to keep both cores busy, little memory.
SOCKET_BUFFER = 1 << 20
#: Messages are written to the worker in batches of about this many bytes: one write, and one wake-up of the
#: worker, for a dozen pages rather than each (a socket write cost 7 % of the crawling process, one per page).
BATCH_BYTES = 256 << 10
#: Attachment bodies waiting for the sandbox; past this, the crawl waits for extractions to finish.
PENDING_ATTACHMENT_BYTES = 64 << 20


def available() -> bool:
    """Whether a checks worker helps here: two cores or more, and fork (the worker inherits the loaded checks)."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


class WorkerError(RuntimeError):
    """The checks worker ended or failed; the crawl goes on, the checks are reported as not run."""


class CheckStream:
    """The crawler's side of the checks worker: a `PageSink` plus `finish()`, which returns the findings.

    `pages()` gives what the crawling process keeps: the homepage in full (the search probe reads it), the
    attachments (in full after `finish`) and the other pages without text or links (those stay in the worker).
    """

    def __init__(self, config: CrawlConfig, as_of: dt.date, names: Sequence[str], check_config: CheckConfig,
                 deadline: float | None = None) -> None:
        """`deadline` (time.monotonic) ends every check; by default `config.max_wall_time` from now."""
        self._config = config
        self._as_of = as_of
        self._names = tuple(names)
        self._check_config = check_config
        self._pages: list[Page] = []
        self._extractions: set[asyncio.Task[None]] = set()  # attachments in the sandbox
        self._pending_bytes = 0
        self._sandbox = attachment_sandbox()
        self.unjudged: list[tuple[str, str]] = []
        self._checks: _PageChecks | None = None  # the page checks of attachments, run here
        self._link_ids: dict[tuple[str, str, str], int] = {}
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._next = 0
        self._batch: list[bytes] = []
        self._batched = 0
        ours, theirs = socket.socketpair()
        for sock in (ours, theirs):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER)
        context = multiprocessing.get_context("fork")
        budget = CheckBudget(config.page_check_seconds,
                             deadline if deadline is not None else time.monotonic() + config.max_wall_time)
        self._deadline = budget.deadline
        self._process: BaseProcess = context.Process(
            target=_serve, args=(theirs, ours, as_of, tuple(names), check_config, budget), daemon=True,
            name="dgeval-checks",
        )
        self._process.start()
        theirs.close()
        self._socket = ours
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task[None] | None = None
        self._error: str | None = None

    async def __aenter__(self) -> CheckStream:
        reader, self._writer = await asyncio.open_unix_connection(sock=self._socket, limit=SOCKET_BUFFER)
        self._reader_task = asyncio.create_task(self._read(reader))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.close()
            try:
                await self._writer.wait_closed()
            except OSError:
                pass
        if self._reader_task is not None:
            self._reader_task.cancel()
            await asyncio.gather(self._reader_task, return_exceptions=True)
        for task in self._extractions:
            task.cancel()
        await asyncio.gather(*self._extractions, return_exceptions=True)
        self._sandbox.close()
        await asyncio.to_thread(self._process.join, 10)
        if self._process.is_alive():
            self._process.kill()
            await asyncio.to_thread(self._process.join)

    # -- the PageSink side --------------------------------------------------------------------------------------

    async def add_html(self, fetched: Fetched, parsed: ParsedHTML, error: str | None) -> None:
        if not self._pages and fetched.depth == 0:
            self._pages.append(html_page(fetched, parsed.text, parsed.charset, to_links(parsed.links, {}), error))
        else:
            self._pages.append(_metadata_page(fetched, error))
        new: list[tuple[str, str, str]] = []
        ids = array.array("I")
        for link in parsed.links:
            number = self._link_ids.get(link)
            if number is None:
                number = self._link_ids[link] = len(self._link_ids)
                new.append(link)
            ids.append(number)
        await self._send(("html", None, (fetched, parsed.charset, error, new, ids.tobytes(), parsed.note)))

    async def add_attachment(self, fetched: Fetched) -> None:
        index = len(self._pages)
        self._pages.append(_metadata_page(fetched, None))
        await self._send(("attachment", None, dataclasses.replace(fetched, body=b"")))
        while self._pending_bytes > PENDING_ATTACHMENT_BYTES and self._extractions:
            await asyncio.wait(self._extractions, return_when=asyncio.FIRST_COMPLETED)
        self._pending_bytes += len(fetched.body)
        task = asyncio.create_task(self._extract(index, fetched))
        self._extractions.add(task)
        task.add_done_callback(self._extractions.discard)

    async def _extract(self, index: int, fetched: Fetched) -> None:
        """Extract and check one attachment, by the scan's deadline: past it the attachment is listed unread."""
        try:
            extraction = await asyncio.wait_for(
                extract_attachment(fetched, self._config.max_attachment_bytes, self._sandbox),
                max(0.0, self._deadline - time.monotonic()))
        except asyncio.TimeoutError:
            extraction = Extraction("", _("扫描时限已到，附件未读取"), refused=True)
        finally:
            self._pending_bytes -= len(fetched.body)
        if extraction.refused and extraction.note:
            self.unjudged.append((fetched.url, extraction.note))
        self._check_attachment(index, attachment_page(fetched, extraction))

    def _check_attachment(self, index: int, page: Page) -> None:
        self._pages[index] = page
        if self._checks is None:  # loaded on first use: the crawl starts without importing every check
            self._checks = _PageChecks(self._names, self._check_config)
        self._checks.check(index, page, Site(root=self._pages[0].final_url, as_of=self._as_of, pages=()))

    def pages(self) -> list[Page]:
        return self._pages

    def close(self) -> None:
        """Nothing to do: attachments still in the sandbox are awaited by `finish`."""

    @property
    def inspect_tree(self) -> Callable[[str, LexborHTMLParser], object] | None:
        """What the crawler reads from each page's parse tree for the worker, so that the worker need not parse the
        page a second time: overdue_message's outline (the one check that parses nearly every page)."""
        if "overdue_message" not in self._names:
            return None
        from dgeval.monitor.checks import overdue_message  # loaded with the checks, not before the crawl starts

        return overdue_message.outline_note

    # -- the end of the crawl -------------------------------------------------------------------------------------

    async def finish(self, root: str, links: Sequence[LinkResult], probes: Mapping[str, Any]
                     ) -> tuple[list[Finding], dict[str, str]]:
        """Send the link results and probes; while the worker runs the site checks, wait for the attachments still
        in the sandbox; return every finding in `run_checks` order."""
        answer = await self._ask("finish", (root, tuple(links), dict(probes)))
        await asyncio.gather(*self._extractions)
        checks = self._checks or _PageChecks(self._names, self._check_config)
        found, failed, site_findings, site_skipped, unjudged = await answer
        self.unjudged.extend(unjudged)
        checks.merge(found, failed)
        by_check, skipped = checks.results()
        for finding in site_findings:
            by_check.setdefault(finding.check, []).append(finding)
        skipped.update(site_skipped)
        findings = [finding for name in self._names for finding in by_check.get(name, [])]
        return findings, {name: skipped[name] for name in self._names if name in skipped}

    # -- messages -------------------------------------------------------------------------------------------------

    async def _ask(self, kind: str, payload: object) -> asyncio.Future[Any]:
        """Send a request; the future is its answer."""
        if self._error is not None:
            raise WorkerError(self._error)
        token = self._next
        self._next += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[token] = future
        await self._send((kind, token, payload), flush=True)
        if self._error is not None and not future.done():
            future.set_exception(WorkerError(self._error))
        return future

    async def _send(self, message: tuple[str, int | None, object], *, flush: bool = False) -> None:
        if self._error is not None:
            return  # the crawl goes on without the worker; finish() reports the checks as not run
        assert self._writer is not None, "use CheckStream as an async context manager"
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        self._batch += (_HEADER.pack(len(data)), data)
        self._batched += len(data)
        if not flush and self._batched < BATCH_BYTES:
            return
        try:
            self._writer.write(b"".join(self._batch))
            self._batch.clear()
            self._batched = 0
            await self._writer.drain()
        except ConnectionError as exc:
            self._error = f"checks worker ended unexpectedly ({type(exc).__name__})"

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                header = await reader.readexactly(_HEADER.size)
                token, answer = pickle.loads(await reader.readexactly(_HEADER.unpack(header)[0]))
                future = self._pending.pop(token, None)
                if future is not None and not future.done():
                    future.set_result(answer)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self._error = f"checks worker ended unexpectedly ({type(exc).__name__})"
        except Exception as exc:  # an unreadable answer: no later answer can be trusted either
            self._error = f"checks worker answer unreadable: {type(exc).__name__}: {exc}"
        for future in self._pending.values():
            if not future.done():
                future.set_exception(WorkerError(self._error))
        self._pending.clear()


def _metadata_page(fetched: Fetched, error: str | None) -> Page:
    return Page(
        url=fetched.url, final_url=fetched.final_url, status=fetched.status, headers=fetched.headers,
        content_type=fetched.content_type, text="", is_html=fetched.attachment is None,
        is_attachment=fetched.attachment is not None, depth=fetched.depth, referrer=fetched.referrer,
        elapsed_ms=fetched.elapsed_ms, error=error, fetched_at=fetched.fetched_at,
    )


class _PackedPage(Page):
    """A Page whose text is kept zstd-compressed and decompressed at each read.

    An HTML page keeps its body as fetched and the charset the crawler decoded it with (`body.decode(charset,
    "replace")` is how its text was made, so the text read back is the same); other text is kept as UTF-8. Setting
    `text` (in `Page.__init__`, unpickling or `dataclasses.replace`) compresses it, so the page stays immutable.
    """

    __slots__ = ("_packed", "_charset")

    @property  # type: ignore[override]
    def text(self) -> str:
        data = zstd.decompress(self._packed)
        return data.decode(self._charset, "replace") if self._charset else data.decode("utf-8", "surrogatepass")

    @text.setter
    def text(self, value: str) -> None:
        object.__setattr__(self, "_charset", None)
        object.__setattr__(self, "_packed", _compress(value.encode("utf-8", "surrogatepass")))

    @classmethod
    def of(cls, page: Page, body: bytes | None = None, charset: str | None = None) -> _PackedPage:
        """The page packed; with the body it was decoded from and its charset, the body is kept instead of the text."""
        packed = object.__new__(cls)  # fields set one by one: the text is packed once, from the body when given
        for name in _PAGE_FIELDS:
            if name != "text":
                object.__setattr__(packed, name, getattr(page, name))
        if body is None or charset is None:
            body, charset = page.text.encode("utf-8", "surrogatepass"), None
        object.__setattr__(packed, "_charset", charset)
        object.__setattr__(packed, "_packed", _compress(body))
        return packed


_COMPRESSOR = zstd.ZstdCompressor(level=1)


def _compress(data: bytes) -> bytes:
    """One zstd frame; the compressor is reused (creating one per page costs as much as compressing the page)."""
    return _COMPRESSOR.compress(data, mode=zstd.ZstdCompressor.FLUSH_FRAME)


_PAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Page))


def _release_free_memory() -> None:
    """Give freed heap memory back to the system (glibc keeps it otherwise: decoded pages and the XML trees of
    attachments leave a fragmented heap). Elsewhere there is nothing to do."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


# --- the worker process ---------------------------------------------------------------------------------------------


def _serve(sock: socket.socket, parent_end: socket.socket, as_of: dt.date, names: tuple[str, ...],
           check_config: CheckConfig, budget: CheckBudget) -> None:
    """The worker's loop: pages in, page checks on each at once, site checks at the end."""
    parent_end.close()  # so that the worker sees end-of-file if the crawling process dies
    gc.freeze()  # what the worker inherited is never garbage: the collector need not walk it
    gc.set_threshold(CRAWL_GC_THRESHOLD, *gc.get_threshold()[1:])  # its own process: as the crawl does
    runner = _Runner(as_of, names, check_config, budget)
    stream = sock.makefile("rb", buffering=SOCKET_BUFFER)
    try:
        while True:
            message = _receive(stream)
            if message is None:
                return
            kind, token, payload = message
            if kind == "html":
                runner.add_html(*payload)
            elif kind == "attachment":
                runner.add_attachment(payload)
            elif kind == "finish":
                _answer(sock, token, runner.finish(*payload))
                return
    finally:
        stream.close()
        sock.close()


def _receive(stream: BinaryIO) -> tuple[str, int, Any] | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    message: tuple[str, int, Any] = pickle.loads(stream.read(_HEADER.unpack(header)[0]))
    return message


def _answer(sock: socket.socket, token: int, answer: object) -> None:
    data = pickle.dumps((token, answer), pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


class _PageChecks:
    """The page checks (`run_page`) and page notes (`notice_page`) of the selected checks, run page by page.

    Findings are kept with the index of their page in the Site, so that those found here and in the other process
    (attachments) merge into page order. A check that fails on a page stops there, as in `run_checks`.
    """

    def __init__(self, names: Sequence[str], check_config: CheckConfig) -> None:
        modules = {name: load_check(name) for name in names}
        self.check_config = check_config
        self.page_checks = {name: module for name, module in modules.items() if hasattr(module, "run_page")}
        self.noticing = {name: module for name, module in modules.items() if hasattr(module, "notice_page")}
        self.found: dict[str, list[tuple[int, Finding]]] = {name: [] for name in self.page_checks}
        self.failed: dict[str, tuple[int, str]] = {}  # check -> (page index, why)
        self.notes: dict[str, dict[str, Any]] = {name: {} for name in self.noticing}
        self.running = ""  # the check at work, for a report when a time budget stops it

    def check(self, index: int, page: Page, context: Site) -> None:
        for name, module in self.page_checks.items():
            if name in self.failed:
                continue
            self.running = name
            found = self.found[name]
            try:
                for finding in module.run_page(page, context, self.check_config):
                    found.append((index, finding))
            except CheckNotApplicable as exc:
                self.failed[name] = (index, f"not applicable: {exc}")
            except Exception as exc:  # as run_checks: the check stops, the scan goes on
                log.exception("check %s failed on %s", name, page.url)
                self.failed[name] = (index, f"error: {type(exc).__name__}: {exc}")

    def notice(self, page: Page, context: Site) -> None:
        for name, module in self.noticing.items():
            notes = self.notes.get(name)
            if notes is None:
                continue
            self.running = name
            try:
                note = module.notice_page(page, context, self.check_config)
            except Exception:  # no notes then: the check's run looks at every page itself
                log.exception("check %s could not note %s", name, page.url)
                del self.notes[name]
                continue
            if note is not None:
                notes[page.url] = note

    def merge(self, found: dict[str, list[tuple[int, Finding]]], failed: dict[str, tuple[int, str]]) -> None:
        """Take in what the same checks found (`found`) and where they stopped (`failed`) on other pages of the Site."""
        for name, more in found.items():
            self.found[name] = sorted(self.found[name] + more, key=lambda item: item[0])
        for name, (index, why) in failed.items():
            if name not in self.failed or index < self.failed[name][0]:
                self.failed[name] = (index, why)

    def results(self) -> tuple[dict[str, list[Finding]], dict[str, str]]:
        """Findings per check in page order, up to the page a check stopped on, and why checks stopped."""
        findings = {}
        for name, found in self.found.items():
            stop = self.failed[name][0] if name in self.failed else None
            findings[name] = [finding for index, finding in found if stop is None or index <= stop]
        return findings, {name: why for name, (_, why) in self.failed.items()}


class _Runner:
    """Builds the Site page by page and runs the checks: `run_page` ones as pages come, the others at the end.

    Attachments come without their body: the crawling process extracts their text and checks them itself while
    this worker runs the site checks (no site check reads an attachment's text), so each core has its share.
    """

    def __init__(self, as_of: dt.date, names: tuple[str, ...], check_config: CheckConfig,
                 budget: CheckBudget) -> None:
        self.as_of = as_of
        self.names = names
        self.check_config = check_config
        self.budget = budget
        self.pages: list[Page] = []
        self.links: list[Link] = []  # by number, as CheckStream numbered them
        self.checks = _PageChecks(names, check_config)
        self.context: Site | None = None
        self.unjudged: list[tuple[str, str]] = []  # (url, why) of pages whose checks did not all run
        self.late = 0  # pages that came after the deadline: not checked

    def add_html(self, fetched: Fetched, charset: str, error: str | None, new: list[tuple[str, LinkKind, str]],
                 ids: bytes, outline: tuple[str, str] | None) -> None:
        self.links.extend(Link(*link) for link in new)
        numbers = array.array("I")
        numbers.frombytes(ids)
        links = tuple(self.links[number] for number in numbers)
        # The crawler decoded the body with this charset already: same text, without detecting it again.
        page = html_page(fetched, fetched.body.decode(charset, "replace"), charset, links, error)
        if self.context is None:
            self.context = Site(root=page.final_url, as_of=self.as_of, pages=())
        if self.budget.left() > 0:
            self._judge(page, self.context, outline)
        else:
            self.late += 1
        self.pages.append(_PackedPage.of(page, fetched.body, charset))

    def _judge(self, page: Page, context: Site, outline: tuple[str, str] | None) -> None:
        """The page checks and notes of one page, within the page's time budget."""
        index = _columns.site_index(context)
        if outline is not None:
            index.outlines[page.url] = outline  # the crawler parsed the page: no second parse to notice it
        try:
            with self.budget.limit(self.budget.page_seconds):
                self.checks.check(len(self.pages), page, context)
                self.checks.notice(page, context)
        except OverBudget:
            self.unjudged.append((page.url, _("检查“{check}”超过时限（每页 {seconds:g} 秒），此页的检查未全部完成").format(
                check=self.checks.running, seconds=self.budget.page_seconds)))
        finally:
            index.outlines.pop(page.url, None)

    def add_attachment(self, fetched: Fetched) -> None:
        self.pages.append(_PackedPage.of(_metadata_page(fetched, None)))

    def finish(self, root: str, links: tuple[LinkResult, ...], probes: dict[str, Any]) -> _Outcome:
        _release_free_memory()  # what decoding pages freed, before the site checks grow
        site = Site(root=root, as_of=self.as_of, pages=tuple(self.pages), links=links, probes=probes,
                    notes=self.checks.notes)
        if self.late:
            self.unjudged.append((root, _("扫描时限已到：{count} 个页面未检查").format(count=self.late)))
        site_findings: list[Finding] = []
        skipped: dict[str, str] = {}
        for name in self.names:
            if name in self.checks.page_checks:
                continue
            try:
                with self.budget.limit(self.budget.left()):
                    found, why = run_checks(site, [name], self.check_config)
            except OverBudget:
                skipped[name] = _("未完成：扫描时限已到")
                continue
            site_findings.extend(found)
            skipped.update(why)
        return self.checks.found, self.checks.failed, site_findings, skipped, self.unjudged


#: What the worker answers at the end: what its page checks found (by page index) and where they stopped, what the
#: site checks found, why site checks were skipped, and the pages whose checks did not all run (url, why).
_Outcome = tuple[dict[str, list[tuple[int, Finding]]], dict[str, tuple[int, str]], list[Finding], dict[str, str],
                 list[tuple[str, str]]]
