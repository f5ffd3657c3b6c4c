"""严重错误: misspelt official names and formulations in what visitors read (docs/checks.md).

Two kinds of data, both extended by a campaign through `CheckConfig`:
- curated pairs (`data/wrong_words.txt`, `wrong_words_files`): `wrong<TAB>correct<TAB>note` per line, `#` comments,
  and `!phrase` for legitimate text that contains a wrong entry (matches inside it are dropped);
- official names and fixed formulations (`data/official_names.txt`, `official_names_files`), from which
  `_misspellings` generates the one-character homophone and look-alike misspellings.
Everything is compiled into one Aho–Corasick automaton (ahocorasick-rs), built once per file set, so a page is
scanned in one pass whatever the dictionary size; the names go in too, as correct forms. With 150,000 generated forms
pyahocorasick took 4.5 ms for a 5,000-character page (its transitions from the root are searched one character at a
time), ahocorasick-rs 0.24 ms: the scan had been more than half of a whole site's checks. A generated misspelling is not
reported where the text can be read correctly:
- the changed character is at the edge of the match and makes a common word with its neighbour outside it
  (共产党圆满: 圆满, a jieba word);
- the rest of the match is part of a correct name written there (中国共产党圆了…梦: 中国共产党 is a name, 圆 is not
  part of it).
Curated pairs are reported as listed. Page titles, visible text and attachment text are scanned; scripts, styles,
comments and attributes are not (a visitor does not read them). Observed: each page or attachment whose text was read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import ahocorasick_rs

from dgeval.errors import CheckError
from dgeval.i18n import gettext as _, gettext_noop
from dgeval.monitor.checks import _misspellings
from dgeval.monitor.checks._sentences import quoted
from dgeval.monitor.checks._text import context, page_content, readable, where
from dgeval.monitor.checks.config import CheckConfig
from dgeval.monitor.model import CheckItem, Finding, Observed, Page, Site

NAME = "wrong_word"
TITLE = gettext_noop("严重错误（错敏字）")

_TAG_RE = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Entry:
    """A string the automaton finds: a wrong string with its correction and a note; `correct` is None for a `!`
    exception and for a correct name (`name` True). A generated misspelling has `changed`, the offset of the
    substituted character."""

    wrong: str
    correct: str | None
    note: str
    source: str  # file:line, for error messages and evidence
    changed: int | None = None
    name: bool = False


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


class Dictionary:
    """A compiled dictionary: two automata, one over the wrong strings and one over the correct ones (names and
    exceptions), each string in one of them with its entry. Together they find what one automaton over every string
    would; apart, the wrong strings alone tell a page that holds none (nearly every page) without listing the
    dozens of names every government page writes.

    The automata search UTF-8 bytes: ahocorasick-rs converts a str to UTF-8 and maps offsets back at every call
    (21 µs for a 20,000-character page before any search), and a byte string of UTF-8 holds a string's bytes
    exactly where the string occurs. `find` turns byte offsets into character offsets."""

    __slots__ = ("_wrong", "_wrong_entries", "_correct", "_correct_entries")

    def __init__(self, entries: Iterable[Entry | _misspellings.Misspelling]) -> None:
        wrong = [entry for entry in entries if entry.correct is not None]
        correct = [entry for entry in entries if entry.correct is None]
        self._wrong = ahocorasick_rs.BytesAhoCorasick([_utf8(entry.wrong) for entry in wrong])
        self._wrong_entries = tuple(wrong)
        self._correct = ahocorasick_rs.BytesAhoCorasick([_utf8(entry.wrong) for entry in correct])
        self._correct_entries = tuple(correct)

    def holds_wrong(self, text: str) -> bool:
        """Whether any wrong string occurs in text (a search that need not list overlapping matches)."""
        return bool(self._wrong.find_matches_as_indexes(_utf8(text)))

    def find(self, text: str) -> Iterator[tuple[Entry, int, int]]:
        """(entry, start, end) of every occurrence of every string, overlapping ones included."""
        data = _utf8(text)
        for searcher, entries in ((self._wrong, self._wrong_entries), (self._correct, self._correct_entries)):
            for index, start, _ in searcher.find_matches_as_indexes(data, overlapping=True):
                entry = _entry(entries[index])
                first = len(data[:start].decode("utf-8", "surrogatepass"))
                yield entry, first, first + len(entry.wrong)


def _entry(item: Entry | _misspellings.Misspelling) -> Entry:
    """The entry of a string the automaton found. Generated misspellings are kept as they were read and made entries
    only when found: making all 150,000 took a quarter of the checks worker's start (1.04 → 0.78 s), for the few
    a site holds."""
    if isinstance(item, Entry):
        return item
    return Entry(item.wrong, item.correct, item.kind, "generated", item.position)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate matches no entry either way


@lru_cache(maxsize=4)
def automaton(paths: tuple[Path, ...], names: tuple[Path, ...] = ()) -> Dictionary:
    """The compiled dictionary of a file set: curated pairs and exceptions, official names, and the misspellings
    generated from the names (cached: built once per scan, not per page)."""
    correct = tuple(dict.fromkeys(name for path in names for name in _misspellings.read_names(path)))
    by_string: dict[str, Entry | _misspellings.Misspelling] = dict(_misspellings.misspellings(correct))
    for name in correct:
        by_string[name] = Entry(name, None, "", "name", name=True)
    for path in paths:  # curated pairs last: they replace a generated entry of the same string
        entries = parse_dictionary(path)
        if not entries:
            raise CheckError(f"no wrong-word entries in {path}")
        for entry in entries:
            by_string[entry.wrong] = entry
    return Dictionary(by_string.values())


def matches(machine: Dictionary, text: str) -> Iterator[tuple[Entry, int, int]]:
    """(entry, start, end) of each wrong string in text that lies in no declared exception and, for a generated
    misspelling, that the text does not read correctly (see the module docstring)."""
    hits: list[tuple[Entry, int, int]] = []
    allowed: list[tuple[int, int]] = []
    names: list[tuple[int, int]] = []
    for entry, start, end in machine.find(text):
        if entry.name:
            names.append((start, end))
        elif entry.correct is None:
            allowed.append((start, end))
        else:
            hits.append((entry, start, end))
    kept: list[tuple[Entry, int, int]] = []
    # One error, one finding: of overlapping matches the curated one wins, then the longest (十九届四中全汇 over
    # 党的十九届四中全汇, 中华人民共合国宪法 over 中华人民共合国).
    for entry, start, end in sorted(hits, key=lambda hit: (hit[0].changed is not None, hit[1] - hit[2], hit[1])):
        if any(a <= start and end <= b for a, b in allowed) or any(s < end and start < e for _, s, e in kept):
            continue
        if entry.changed is not None and _reads_correctly(text, start, end, entry.changed, names):
            continue
        kept.append((entry, start, end))
    yield from sorted(kept, key=lambda hit: hit[1])


def _reads_correctly(text: str, start: int, end: int, changed: int, names: list[tuple[int, int]]) -> bool:
    """Whether a generated misspelling at text[start:end], changed at offset `changed`, reads as correct text: its
    changed edge character makes a common word with the neighbour outside, or the rest is part of a correct name
    that reaches beyond the match."""
    if changed == end - start - 1:  # changed last character: 圆 + 满
        rest = (start, end - 1)
        if end < len(text) and _misspellings.is_common_word(text[end - 1 : end + 1]):
            return True
        return any(a < start and rest[1] <= b and a < rest[1] for a, b in names)
    if changed == 0:  # changed first character: neighbour + 圆
        rest = (start + 1, end)
        if start > 0 and _misspellings.is_common_word(text[start - 1 : start + 1]):
            return True
        return any(rest[0] >= a and b > end and b > rest[0] for a, b in names)
    return False


def _may_match(machine: Dictionary, page: Page) -> bool:
    """A cheap pass over the page with tags removed: most pages hold no entry, and then need no parsing."""
    text = page.text
    if page.is_html and not page.is_attachment:
        text = _TAG_RE.sub("", text)
        if "&" in text:
            text = html.unescape(text)
    return machine.holds_wrong(text)  # names alone are correct text


def _automaton(config: CheckConfig) -> Dictionary:
    return automaton(tuple(config.wrong_words_files), tuple(config.official_names_files))


def prepare(config: CheckConfig) -> None:
    """Build the automaton (about a second for the shipped names' 150,000 misspellings) before any page."""
    _automaton(config)


def run(site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    _automaton(config)  # a broken dictionary fails the check even on a site without pages
    for page in site.pages:
        yield from run_page(page, site, config)


def run_page(page: Page, site: Site, config: CheckConfig) -> Iterator[CheckItem]:
    """One finding per distinct wrong string on this page or attachment."""
    machine = _automaton(config)
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
    wrong, correct = value or "", str(evidence.get("correct") or "")
    facts = {"wrong": quoted(wrong), "correct": quoted(correct)}
    changed = [(w, c) for w, c in zip(wrong, correct) if w != c] if len(wrong) == len(correct) else []
    if len(changed) != 1:
        return _("错别字：%(wrong)s应为%(correct)s（规则：网站不得出现严重错别字）") % facts
    kind = {_misspellings.HOMOPHONE: _("同音字"), _misspellings.LOOK_ALIKE: _("形近字")}.get(
        str(evidence.get("note")), "")
    facts.update(written=quoted(changed[0][0]), right=quoted(changed[0][1]), kind=kind)
    return _("错别字：%(wrong)s应为%(correct)s，%(right)s误写为%(kind)s%(written)s（规则：网站不得出现严重错别字）") % facts
