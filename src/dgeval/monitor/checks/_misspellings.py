"""Misspellings of official names and fixed formulations, generated rather than listed (wrong_word; docs/checks.md).

The names are data (`data/official_names.txt`, extended by a campaign through `CheckConfig.official_names_files`):
one correct form per line. From each name of at least `MIN_NAME_CHARS` characters, every one-character substitution
by a homophone or a look-alike (`_confusables`) is a candidate misspelling. Candidates that could be correct text
are dropped before any page is read:
- a candidate that occurs inside a name (陕西省人民政府 is 山西省人民政府 with a homophone, and a name itself);
- a candidate that is itself a common word: a word of jieba's dictionary (349,046 words with their frequencies in
  a large corpus) with a frequency of at least `COMMON_WORD_FREQUENCY`.
At match time the check drops a candidate whose substituted character makes a common word with the character next
to it outside the match (共产党圆 in 共产党圆满: 圆满), and one the page also writes as part of a longer correct
name (see `wrong_word`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dgeval.errors import CheckError
from dgeval.monitor.checks import _confusables

#: Shorter names (国务院, 政协) differ by one character from too many correct words to generate misspellings from.
MIN_NAME_CHARS = 4
#: jieba counts run from 3 to 884,635 (的), median 3; a word seen 100 times (the top 10%) is common. Measured in
#: docs/checks.md: 5 costs more recall, 1,000 lets 共产党圆满 (圆满: 824) through.
COMMON_WORD_FREQUENCY = 100
HOMOPHONE = "同音字"
LOOK_ALIKE = "形近字"


@dataclass(frozen=True, slots=True)
class Misspelling:
    """A generated wrong form: the name it misspells, which character changed (offset into `wrong`) and how."""

    wrong: str
    correct: str
    position: int
    kind: str  # HOMOPHONE or LOOK_ALIKE


def read_names(path: Path) -> list[str]:
    """The names of one file; an unreadable file raises CheckError naming it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise CheckError(f"{path}: cannot read the official names ({exc.strerror})") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def common_words() -> dict[str, int]:
    """Word → frequency, from the dictionary jieba ships (read as data: jieba itself is not imported)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise CheckError("the jieba package is not installed; wrong_word needs its dictionary (pip install jieba)")
    words: dict[str, int] = {}
    with open(Path(spec.submodule_search_locations[0]) / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, frequency, *_ = line.split(" ")
            words[word] = int(frequency)
    return words


def is_common_word(text: str) -> bool:
    return common_words().get(text, 0) >= COMMON_WORD_FREQUENCY


def _is_hanzi(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@lru_cache(maxsize=4)
def misspellings(names: tuple[str, ...]) -> dict[str, Misspelling]:
    """Wrong form → its misspelling, for every name of `MIN_NAME_CHARS` or more (see the module docstring)."""
    homophones, look_alikes = _confusables.homophones(), _confusables.look_alikes()
    inside_names = {name[i:j] for name in names  # every part of a name long enough to be a candidate
                    for i in range(len(name)) for j in range(i + MIN_NAME_CHARS, len(name) + 1)}
    found: dict[str, Misspelling] = {}
    for name in names:
        if len(name) < MIN_NAME_CHARS:
            continue
        for position, char in enumerate(name):
            if not _is_hanzi(char):
                continue
            for kind, others in ((LOOK_ALIKE, look_alikes.get(char, ())), (HOMOPHONE, homophones.get(char, ()))):
                for other in others:
                    wrong = f"{name[:position]}{other}{name[position + 1:]}"
                    if wrong not in found and wrong not in inside_names and not is_common_word(wrong):
                        found[wrong] = Misspelling(wrong, name, position, kind)
    return found
