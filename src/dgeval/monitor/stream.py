"""The checks worker: a forked process that keeps the pages and runs the checks while the crawl goes on.

A scan with every check on is CPU-bound on both sides: the event loop spends its time in requests and in parsing links,
and the content checks cost as much again. So `scan_site` forks one worker before the crawl, and `CheckStream` (the
crawler's `PageSink`) hands it each fetched page as it comes: the undecoded body, the charset the crawler found and the
page's links. The worker builds the same `Page` the in-process crawl would, runs the page checks (`run_page`) and page
notes (`notice_page`) on it at once, and keeps it; when the crawl is over it receives the link results and probes and
runs the site checks (`run`) on the whole Site. An attachment's text is extracted in a sandbox worker (`dgeval.sandbox`,
limited in memory and time) as it comes (those waiting when the sandbox is free go in one call), and the crawling
process hands it on to this worker, which page-checks it: the crawling process never loads the checks or their
dictionaries. No site check reads an attachment's text, so the last attachments are extracted while the site checks run.
Everything here goes through the check contract of checks/__init__.py; no check is named. The reports are the same as
`check_site` over the same Site: registry order, findings in page order (the order of `site.pages`, which both processes
keep), observations counted up to the page where a check stopped. Before the first page the worker has the checks
`prepare` their data (a dictionary, an automaton), so that no page's time budget pays for it.

The checks run under the scan's time budget (`budget.CheckBudget`): each page's checks have `page_check_seconds`
(a page whose checks overran is listed in `unjudged`, the checks go on with the next page), and nothing runs past
the scan's deadline (pages that come later are not checked, and the checks are reported as stopped there; a site
check the deadline stops is reported as stopped with what it had observed).

The worker keeps each page's body compressed with zstd (`_PackedPage`) once its page checks have run, with a
dictionary trained on the site's first pages (`_Packer`): 10,000 pages of text would take hundreds of megabytes, and
the site checks read few pages more than once. Links repeat from page
to page (navigation, sidebars), so each distinct (url, kind, text) is sent once and then named by its number; the
worker shares one `Link` object per number, as `to_links` does in-process.
Messages are pickled tuples behind a 4-byte length, over a socket pair. The event loop never blocks on the worker:
it writes through an asyncio stream (back-pressure through `drain`, past `WRITE_BUFFER`) and reads answers in a
task. If the worker dies, the crawl goes on and the checks are reported as not run.
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
from typing import Any, BinaryIO, Mapping, Sequence

from dgeval.i18n import gettext as _
from dgeval.monitor.attachments import Extraction
from dgeval.monitor.budget import CheckBudget, OverBudget
from dgeval.monitor.checks import CheckReport, Skip, check_site, load_check, make_report, skip_of
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.crawl import (
    CRAWL_GC_THRESHOLD, Fetched, attachment_page, attachment_sandbox, extract_attachments, html_page,
)
from dgeval.monitor.model import Finding, Link, LinkKind, LinkResult, Observed, Page, Site
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
#: Attachments handed to the sandbox in one call, at most: those waiting when it is free, up to this many or bytes.
EXTRACTION_BATCH = 16
EXTRACTION_BATCH_BYTES = 4 << 20
#: Pages the crawling process may hold for the worker beyond the socket's buffer: the second or so the checks take
#: to load their data at the start (the wrong-word automaton) and any later burst. With only the socket's buffer the
#: crawl stood still after a hundred pages until the worker was ready.
WRITE_BUFFER = 32 << 20


def available() -> bool:
    """Whether a checks worker helps here: two cores or more, and fork (the worker inherits the loaded checks)."""
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


class WorkerError(RuntimeError):
    """The checks worker ended or failed; the crawl goes on, the checks are reported as not run."""


class CheckStream:
    """The crawler's side of the checks worker: a `PageSink` plus `finish()`, which returns the check reports.

    `pages()` gives what the crawling process keeps: the homepage in full (the search probe reads it), the
    attachments with their text and the other pages without text or links (those stay in the worker).
    """

    def __init__(self, config: CrawlConfig, as_of: dt.date, names: Sequence[str], check_config: CheckConfig,
                 deadline: float | None = None) -> None:
        """`deadline` (time.monotonic) ends every check; by default `config.max_wall_time` from now."""
        self._config = config
        self._as_of = as_of
        self._names = tuple(names)
        self._check_config = check_config
        self._pages: list[Page] = []
        self._waiting: list[tuple[int, Fetched]] = []  # attachments for the sandbox: (page index, attachment)
        self._extracting: asyncio.Task[None] | None = None  # the task handing them over, while there are any
        self._extracted = asyncio.Event()  # set when a batch is done (the crawl may be waiting for room)
        self._pending_bytes = 0
        self._sandbox = attachment_sandbox()
        self.unjudged: list[tuple[str, str]] = []
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
        self._writer.transport.set_write_buffer_limits(high=WRITE_BUFFER)
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
        if self._extracting is not None:
            self._extracting.cancel()
            await asyncio.gather(self._extracting, return_exceptions=True)
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
        link_ids = self._link_ids
        numbers = [link_ids.get(link) for link in parsed.links]  # most links are known: one lookup each
        new: list[tuple[str, str, str]] = []
        if None in numbers:
            for position, link in enumerate(parsed.links):
                if numbers[position] is None:
                    number = link_ids.get(link)  # a link twice on the page is new once
                    if number is None:
                        number = link_ids[link] = len(link_ids)
                        new.append(link)
                    numbers[position] = number
        await self._send(("html", None, (fetched, parsed.charset, error, new, array.array("I", numbers).tobytes())))

    async def add_attachment(self, fetched: Fetched) -> None:
        index = len(self._pages)
        self._pages.append(_metadata_page(fetched, None))
        await self._send(("attachment", None, dataclasses.replace(fetched, body=b"")))
        while self._pending_bytes > PENDING_ATTACHMENT_BYTES and self._extracting is not None:
            self._extracted.clear()
            await self._extracted.wait()
        self._pending_bytes += len(fetched.body)
        self._waiting.append((index, fetched))
        if self._extracting is None:
            self._extracting = asyncio.create_task(self._extract_waiting())

    async def _extract_waiting(self) -> None:
        """Extract the waiting attachments, a batch at a time, by the scan's deadline (past it an attachment is
        listed unread), and hand their text to the worker, which checks it."""
        try:
            while self._waiting:
                batch = self._next_batch()
                try:
                    extractions = await asyncio.wait_for(
                        extract_attachments([fetched for _, fetched in batch], self._config.max_attachment_bytes,
                                            self._sandbox),
                        max(0.0, self._deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    extractions = [Extraction("", _("扫描时限已到，附件未读取"), refused=True)] * len(batch)
                finally:
                    self._pending_bytes -= sum(len(fetched.body) for _, fetched in batch)
                for (index, fetched), extraction in zip(batch, extractions, strict=True):
                    if extraction.refused and extraction.note:
                        self.unjudged.append((fetched.url, extraction.note))
                    self._pages[index] = attachment_page(fetched, extraction)
                    await self._send(("extracted", None, (index, extraction)))
                self._extracted.set()
        finally:
            self._extracting = None
            self._extracted.set()

    def _next_batch(self) -> list[tuple[int, Fetched]]:
        """The first waiting attachments: `EXTRACTION_BATCH` at most, within `EXTRACTION_BATCH_BYTES` (one at least)."""
        size, count = 0, 0
        for _index, fetched in self._waiting[:EXTRACTION_BATCH]:
            if count and size + len(fetched.body) > EXTRACTION_BATCH_BYTES:
                break
            size += len(fetched.body)
            count += 1
        batch, self._waiting[:count] = self._waiting[:count], []
        return batch

    def pages(self) -> list[Page]:
        return self._pages

    def close(self) -> None:
        """Nothing to do: attachments still in the sandbox are awaited by `finish`."""

    # -- the end of the crawl -------------------------------------------------------------------------------------

    async def finish(self, root: str, links: Sequence[LinkResult], probes: Mapping[str, Any]
                     ) -> dict[str, CheckReport]:
        """Send the link results and probes, so that the worker runs the site checks (which read no attachment's
        text) while the last attachments are extracted; once they are all in, return every check's report, in
        `check_site` order."""
        await self._send(("finish", None, (root, tuple(links), dict(probes))), flush=True)
        if self._extracting is not None:
            await self._extracting
        reports, unjudged = await (await self._ask("reports", None))
        self.unjudged.extend(unjudged)
        return reports

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
    "replace")` is how its text was made, so the text read back is the same), compressed by the worker's `_Packer`;
    other text is kept as UTF-8. Setting `text` (in `Page.__init__`, unpickling or `dataclasses.replace`) compresses
    it, so the page stays immutable.
    """

    __slots__ = ("_packed", "_charset", "_dict")

    @property  # type: ignore[override]
    def text(self) -> str:
        data = zstd.decompress(self._packed, zstd_dict=self._dict)
        return data.decode(self._charset, "replace") if self._charset else data.decode("utf-8", "surrogatepass")

    @text.setter
    def text(self, value: str) -> None:
        object.__setattr__(self, "_charset", None)
        object.__setattr__(self, "_dict", None)
        object.__setattr__(self, "_packed", _compress(value.encode("utf-8", "surrogatepass")))

    @classmethod
    def of(cls, page: Page, body: bytes | None = None, charset: str | None = None,
           packer: _Packer | None = None) -> _PackedPage:
        """The page packed; with the body it was decoded from and its charset, the body is kept instead of the text
        (by `packer` when given)."""
        packed = object.__new__(cls)  # fields set one by one: the text is packed once, from the body when given
        for name in _PAGE_FIELDS:
            if name != "text":
                object.__setattr__(packed, name, getattr(page, name))
        if body is None or charset is None:
            body, charset = page.text.encode("utf-8", "surrogatepass"), None
        data, dictionary = packer.pack(body) if packer is not None else (_compress(body), None)
        object.__setattr__(packed, "_charset", charset)
        object.__setattr__(packed, "_dict", dictionary)
        object.__setattr__(packed, "_packed", data)
        return packed


_COMPRESSOR = zstd.ZstdCompressor(level=1)
#: HTML bodies a dictionary is trained on, and its size. A site's pages share their template: on the benchmark
#: site a page took 5.4 KB as a plain zstd frame and 0.85 KB with a dictionary trained on its first 200 pages
#: (0.1 s to train), and compressing was three times faster.
TRAINING_PAGES = 200
DICTIONARY_BYTES = 64 << 10


def _compress(data: bytes) -> bytes:
    """One zstd frame; the compressor is reused (creating one per page costs as much as compressing the page)."""
    return _COMPRESSOR.compress(data, mode=zstd.ZstdCompressor.FLUSH_FRAME)


class _Packer:
    """Compresses the HTML bodies the worker keeps: the first `TRAINING_PAGES` as plain frames, the rest with a
    dictionary trained on those."""

    def __init__(self) -> None:
        self._samples: list[bytes] | None = []
        self._dict: Any = None  # zstd.ZstdDict
        self._compressor = _COMPRESSOR

    def pack(self, body: bytes) -> tuple[bytes, Any]:
        """The compressed body and the dictionary it needs to be read back (None for none)."""
        if self._samples is not None:
            self._samples.append(body)
            if len(self._samples) >= TRAINING_PAGES:
                self._train(self._samples)
        return self._compressor.compress(body, mode=zstd.ZstdCompressor.FLUSH_FRAME), self._dict

    def _train(self, samples: list[bytes]) -> None:
        self._samples = None
        try:
            self._dict = zstd.train_dict(samples, DICTIONARY_BYTES)
        except zstd.ZstdError:  # samples too alike or too few to learn from: plain frames then
            return
        self._compressor = zstd.ZstdCompressor(level=1, zstd_dict=self._dict)


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
    runner = _Runner(as_of, names, check_config, budget.owning_the_alarm())
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
            elif kind == "extracted":
                runner.extracted(*payload)
            elif kind == "finish":
                runner.finish(*payload)
            elif kind == "reports":
                _answer(sock, token, runner.reports())
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

    Findings and observations are kept with the index of their page in the Site (attachments are checked when their
    text comes, after later pages), so that a check that stops on a page (an error, the deadline) keeps what it made
    up to that page, as `check_site` does.
    """

    def __init__(self, names: Sequence[str], check_config: CheckConfig) -> None:
        self.modules = {name: load_check(name) for name in names}
        self.check_config = check_config
        self.page_checks = {name: module for name, module in self.modules.items() if hasattr(module, "run_page")}
        self.noticing = {name: module for name, module in self.modules.items() if hasattr(module, "notice_page")}
        self.found: dict[str, list[tuple[int, Finding]]] = {name: [] for name in self.page_checks}
        self.observed: dict[str, list[tuple[int, int]]] = {name: [] for name in self.page_checks}
        self.failed: dict[str, tuple[int, Skip]] = {}  # check -> (page index, why it stopped)
        self.notes: dict[str, dict[str, Any]] = {name: {} for name in self.noticing}
        self.running = ""  # the check at work, for a report when a time budget stops it

    def prepare(self) -> None:
        """Have each check load its data now (`prepare`), before any page's time budget runs."""
        for name, module in self.modules.items():
            if hasattr(module, "prepare"):
                try:
                    module.prepare(self.check_config)
                except Exception:  # the check fails the same way on its first page, and is reported there
                    log.exception("check %s could not prepare", name)

    def running_title(self) -> str:
        """The Chinese name of the check at work."""
        return _(str(self.modules[self.running].TITLE)) if self.running in self.modules else self.running

    def check(self, index: int, page: Page, context: Site) -> None:
        for name, module in self.page_checks.items():
            if name in self.failed:
                continue
            self.running = name
            found, observed = self.found[name], self.observed[name]
            try:
                for item in module.run_page(page, context, self.check_config):
                    if isinstance(item, Observed):
                        observed.append((index, item.count))
                    else:
                        found.append((index, item))
            except Exception as exc:  # as check_site: the check stops, the scan goes on
                self.failed[name] = (index, skip_of(name, exc, page.url))

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

    def stop(self, index: int, why: Skip) -> None:
        """Every page check stops after page INDEX, unless it stopped earlier."""
        for name in self.page_checks:
            if name not in self.failed or index < self.failed[name][0]:
                self.failed[name] = (index, why)

    def results(self) -> dict[str, CheckReport]:
        """The report of each page check: findings in page order and observations, up to the page it stopped on."""
        reports = {}
        for name in self.page_checks:
            stop = self.failed.get(name)
            last = stop[0] if stop is not None else None
            found = sorted(self.found[name], key=lambda item: item[0])
            findings = [finding for index, finding in found if last is None or index <= last]
            observed = sum(count for index, count in self.observed[name] if last is None or index <= last)
            reports[name] = make_report(name, findings, observed, stop[1] if stop is not None else None,
                                        self.check_config)
        return reports


class _Runner:
    """Builds the Site page by page and runs the checks: `run_page` ones as pages come (an attachment when its text
    comes from the sandbox), the others at the end."""

    def __init__(self, as_of: dt.date, names: tuple[str, ...], check_config: CheckConfig,
                 budget: CheckBudget) -> None:
        self.as_of = as_of
        self.names = names
        self.check_config = check_config
        self.budget = budget
        self.pages: list[Page] = []
        self.links: list[Link] = []  # by number, as CheckStream numbered them
        self.checks = _PageChecks(names, check_config)
        self.checks.prepare()
        self.packer = _Packer()
        self.context: Site | None = None
        self.attachments: dict[int, Fetched] = {}  # page index -> the attachment, until its text comes
        self.unjudged: list[tuple[str, str]] = []  # (url, why) of pages whose checks did not all run
        self.site_reports: dict[str, CheckReport] = {}
        self.root = ""
        self.late = 0  # pages that came after the deadline: not checked
        self.stopped_at: int | None = None  # the index of the first of them

    def add_html(self, fetched: Fetched, charset: str, error: str | None, new: list[tuple[str, LinkKind, str]],
                 ids: bytes) -> None:
        self.links.extend(Link(*link) for link in new)
        numbers = array.array("I")
        numbers.frombytes(ids)
        links = tuple(map(self.links.__getitem__, numbers))
        # The crawler decoded the body with this charset already: same text, without detecting it again.
        page = html_page(fetched, fetched.body.decode(charset, "replace"), charset, links, error)
        if self.context is None:
            self.context = Site(root=page.final_url, as_of=self.as_of, pages=())
        self._judge(len(self.pages), page)
        self.pages.append(_PackedPage.of(page, fetched.body, charset, self.packer))

    def add_attachment(self, fetched: Fetched) -> None:
        self.attachments[len(self.pages)] = fetched
        self.pages.append(_PackedPage.of(_metadata_page(fetched, None)))

    def extracted(self, index: int, extraction: Extraction) -> None:
        """The text of the attachment at INDEX, extracted in the sandbox: checked now."""
        page = attachment_page(self.attachments.pop(index), extraction)
        self._judge(index, page)
        self.pages[index] = _PackedPage.of(page)

    def _judge(self, index: int, page: Page) -> None:
        """The page checks and notes of one page, within the page's time budget and by the deadline: a check that
        overruns keeps what it found and observed on the page, and the page is listed as not judged in full."""
        if self.budget.left() <= 0:
            self.late += 1
            self.stopped_at = index if self.stopped_at is None else min(self.stopped_at, index)
            return
        context = self.context or Site(root=page.final_url, as_of=self.as_of, pages=())
        try:
            with self.budget.limit(self.budget.page_seconds):
                self.checks.check(index, page, context)
                self.checks.notice(page, context)
        except OverBudget:
            self.unjudged.append((page.url, _("检查“{check}”超过时限（每页 {seconds:g} 秒），此页的检查未全部完成").format(
                check=self.checks.running_title(), seconds=self.budget.page_seconds)))

    def finish(self, root: str, links: tuple[LinkResult, ...], probes: dict[str, Any]) -> None:
        """The crawl is over: run the site checks (attachments still to come are page-checked as they come)."""
        _release_free_memory()  # what decoding pages freed, before the site checks grow
        self.root = root
        site = Site(root=root, as_of=self.as_of, pages=tuple(self.pages), links=links, probes=probes,
                    notes=self.checks.notes)
        for name in self.names:
            if name not in self.checks.page_checks:
                self.site_reports[name] = self._site_check(name, site)

    def reports(self) -> _Outcome:
        """Every attachment is in: every check's report, and the pages not judged in full."""
        if self.stopped_at is not None:
            self.unjudged.append((self.root, _("扫描时限已到：{count} 个页面未检查").format(count=self.late)))
            self.checks.stop(self.stopped_at - 1,
                             Skip("stopped", f"scan time limit reached: {self.late} pages not checked"))
        reports = {**self.checks.results(), **self.site_reports}
        return {name: reports[name] for name in self.names}, self.unjudged

    def _site_check(self, name: str, site: Site) -> CheckReport:
        """One site check by the scan's deadline; stopped there, it keeps what it found and observed."""
        try:
            with self.budget.limit(self.budget.left()):
                return check_site(site, [name], self.check_config)[name]
        except OverBudget:  # out of time before the check began, or between its report and here
            return make_report(name, (), 0, Skip("stopped", "scan time limit reached"), self.check_config)


#: What the worker answers at the end: every check's report, in the order named, and the pages whose checks did not
#: all run (url, why).
_Outcome = tuple[dict[str, CheckReport], list[tuple[str, str]]]
