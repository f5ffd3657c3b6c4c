"""Checkpoints of a crawl, so a scan killed half-way resumes where it was instead of starting over.

A crawl of a national site takes hours at polite rates; a worker may be killed (SIGKILL, a lost machine) at any
moment. A `Checkpoint` is a folder holding two files:
- `pages.journal`: every page the crawler handed its sink, appended as it goes (length-prefixed, zlib-compressed
  pickles of what the sink was given), so a resumed crawl hands the same pages to a fresh sink without fetching them;
- `state.pickle`: the crawler's frontier (the jobs still queued) and what it knows (URLs scheduled, link results,
  budgets, statistics), with the journal's length at that moment; replaced atomically (write, then rename).
The crawler saves a state every `interval` seconds at a quiet moment (no job half done: see `Crawler`), so the
journal up to the saved length and the state agree: on resume, pages journaled after the state are dropped and
their jobs, still queued in the state, run again. What the resumed crawl finds equals what an uninterrupted one
would have found, with no page twice.

The files are pickles written by the monitor itself under the platform's DATA_DIR (or a folder the caller owns);
they are as trusted as the code that reads them and never come from outside.
"""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable

JOURNAL = "pages.journal"
STATE = "state.pickle"
_LENGTH = struct.Struct("!I")
#: Bump when the saved state's shape changes: an older checkpoint is then ignored and the crawl starts over.
VERSION = 1


@dataclass(frozen=True, slots=True)
class Saved:
    """A checkpoint as loaded: the crawler's state and the sink records journaled before it, in order."""

    state: dict[str, Any]
    records: list[tuple[Any, ...]]


@dataclass(slots=True)
class Checkpoint:
    """The checkpoint of one crawl (one target of one run) in FOLDER; `interval` seconds between saves."""

    folder: Path
    interval: float = 30.0
    #: Called before each save: whatever else the resumed crawl relies on (the WARC file) is flushed first.
    before_save: list[Callable[[], None]] = field(default_factory=list)
    _journal: BinaryIO | None = None
    saves: int = 0

    def load(self) -> Saved | None:
        """The saved state and its pages, or None (nothing saved, or a state of another version). Truncates the
        journal to the saved length, so pages journaled after the state are written again, once."""
        state_path = self.folder / STATE
        if not state_path.is_file():
            return None
        with open(state_path, "rb") as handle:
            state = pickle.load(handle)
        if state.get("version") != VERSION:
            return None
        length = int(state["journal_bytes"])
        records: list[tuple[Any, ...]] = []
        journal_path = self.folder / JOURNAL
        with open(journal_path, "r+b") as handle:
            data = handle.read(length)
            handle.truncate(length)
        at = 0
        while at < len(data):
            (size,) = _LENGTH.unpack_from(data, at)
            at += _LENGTH.size
            records.append(pickle.loads(zlib.decompress(data[at: at + size])))
            at += size
        return Saved(state=state, records=records)

    def journal(self, record: tuple[Any, ...]) -> None:
        """Append one sink record (what the crawler handed its sink)."""
        handle = self._open()
        blob = zlib.compress(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), 1)
        handle.write(_LENGTH.pack(len(blob)) + blob)

    def save(self, state: dict[str, Any]) -> None:
        """Save STATE with the journal's current length; atomic (a kill leaves the previous state whole)."""
        for flush in self.before_save:
            flush()
        handle = self._open()
        handle.flush()
        state = {**state, "version": VERSION, "journal_bytes": handle.tell()}
        temporary = self.folder / (STATE + ".tmp")
        with open(temporary, "wb") as out:
            pickle.dump(state, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / STATE)
        self.saves += 1

    def has_state(self) -> bool:
        return (self.folder / STATE).is_file()

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def clear(self) -> None:
        """The crawl is over and its results are stored: the checkpoint is no longer needed."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _open(self) -> BinaryIO:
        if self._journal is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._journal = open(self.folder / JOURNAL, "ab")
        return self._journal


class JournaledSink:
    """A `PageSink` that journals each page it passes on to INNER, so that a resumed crawl can replay it."""

    def __init__(self, inner: Any, checkpoint: Checkpoint) -> None:
        self.inner = inner
        self._checkpoint = checkpoint

    async def add_html(self, fetched: Any, parsed: Any, error: str | None) -> None:
        await self.inner.add_html(fetched, parsed, error)
        self._checkpoint.journal(("html", fetched, parsed, error))

    async def add_attachment(self, fetched: Any) -> None:
        await self.inner.add_attachment(fetched)
        self._checkpoint.journal(("attachment", fetched))

    async def replay(self, records: list[tuple[Any, ...]]) -> None:
        """Hand INNER the journaled pages again (they stay in the journal as they are)."""
        for record in records:
            if record[0] == "html":
                await self.inner.add_html(*record[1:])
            else:
                await self.inner.add_attachment(*record[1:])

    def pages(self) -> Any:
        return self.inner.pages()

    def __getattr__(self, name: str) -> Any:
        # Whatever else a sink offers (its unjudged list, close()) is the inner sink's.
        return getattr(self.inner, name)
