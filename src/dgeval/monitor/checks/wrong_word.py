"""严重错误: misspelt official names and formulations in what visitors read (docs/checks.md).

The dictionary is data (`data/wrong_words.txt`, extended by a campaign through `CheckConfig.wrong_words_files`):
`wrong<TAB>correct<TAB>note` per line, `#` comments, and `!phrase` for legitimate text that contains a wrong entry
(matches inside it are dropped). All files are compiled into one Aho–Corasick automaton (pyahocorasick), built once per
file set, so a page is scanned in one pass whatever the dictionary size. Page titles, visible text and attachment text
are scanned; scripts, styles, comments and attributes are not (a visitor does not read them). Observed: each page or
attachment whose text was read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping

import ahocorasick

from dgeval.errors import CheckError
from dgeval.i18n import gettext as _
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks._text import context, page_content, readable, where
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "wrong_word"
TITLE = "严重错误（错敏字）"

_TAG_RE = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Entry:
    """A dictionary line: the wrong string, its correction and a note; `correct` is None for a `!` exception."""

    wrong: str
    correct: str | None
    note: str
    source: str  # file:line, for error messages and evidence


def parse_dictionary(path: Path) -> list[Entry]:
    """Read one dictionary file; a bad line raises CheckError naming the file, the line and the fix."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise CheckError(f"{path}: cannot read the wrong-word dictionary ({exc.strerror})") from exc
    entries = []
    for number, line in enumerate(lines, start=1):
        source = f"{path}:{number}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("!"):
            if not line[1:].strip():
                raise CheckError(f"{source}: an exception line needs the legitimate phrase after '!'")
            entries.append(Entry(line[1:].strip(), None, "", source))
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) not in (2, 3) or not fields[0].strip() or not fields[1].strip():
            raise CheckError(f"{source}: expected 'wrong<TAB>correct<TAB>note', got {line!r}")
        wrong, correct = fields[0].strip(), fields[1].strip()
        if wrong in correct:
            raise CheckError(
                f"{source}: {wrong!r} occurs in its own correction {correct!r}; it would flag correct text"
            )
        entries.append(Entry(wrong, correct, fields[2].strip() if len(fields) == 3 else "", source))
    return entries


@lru_cache(maxsize=4)
def automaton(paths: tuple[Path, ...]) -> ahocorasick.Automaton:
    """The compiled dictionary of a file set (cached: built once per scan, not per page)."""
    machine = ahocorasick.Automaton()
    for path in paths:
        for entry in parse_dictionary(path):
            machine.add_word(entry.wrong, entry)
    if len(machine) == 0:
        raise CheckError(f"no wrong-word entries in {', '.join(map(str, paths))}")
    machine.make_automaton()
    return machine


def matches(machine: ahocorasick.Automaton, text: str) -> Iterator[tuple[Entry, int, int]]:
    """(entry, start, end) of each wrong string in text that lies in no declared exception."""
    hits: list[tuple[Entry, int, int]] = []
    allowed: list[tuple[int, int]] = []
    for last, entry in machine.iter(text):
        start = last - len(entry.wrong) + 1
        if entry.correct is None:
            allowed.append((start, last + 1))
        else:
            hits.append((entry, start, last + 1))
    for entry, start, end in hits:
        if not any(a <= start and end <= b for a, b in allowed):
            yield entry, start, end


def _may_match(machine: ahocorasick.Automaton, page: Page) -> bool:
    """A cheap pass over the page with tags removed: most pages hold no entry, and then need no parsing."""
    text = page.text
    if page.is_html and not page.is_attachment:
        text = _TAG_RE.sub("", text)
        if "&" in text:
            text = html.unescape(text)
    return next(machine.iter(text), None) is not None


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    automaton(tuple(config.wrong_words_files))  # a broken dictionary fails the check even on a site without pages
    for page in site.pages:
        yield from run_page(page, site, config)


def run_page(page: Page, site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding per distinct wrong string on this page or attachment."""
    machine = automaton(tuple(config.wrong_words_files))
    if not readable(page):
        return
    yield Observed()
    if not _may_match(machine, page):
        return
    content = page_content(page)
    text = f"{content.title}\n{content.text}" if content.title else content.text
    url, seen_on, _ = where(page)
    reported: set[str] = set()
    for entry, start, end in matches(machine, text):
        if entry.wrong in reported:
            continue
        reported.add(entry.wrong)
        yield Finding(
            check=NAME,
            url=url,
            page=seen_on,
            value=entry.wrong,
            severity="high",
            evidence={"correct": entry.correct, "note": entry.note, "context": context(text, start, end)},
        )


def describe(value: str | None, evidence: Mapping[str, Any]) -> str:
    return _("错别字：%(wrong)s应为%(correct)s（规则：网站不得出现严重错别字）") % {
        "wrong": quoted(value or ""), "correct": quoted(evidence.get("correct") or "")}
