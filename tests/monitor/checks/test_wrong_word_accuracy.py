"""wrong_word on generated misspellings and correct pages: precision and recall, printed and held to a floor.

Correct pages are every HTML fixture of the other checks (realistic government pages in GBK and UTF-8), the
wrong_word decoys and the indicator frameworks' text: none holds a misspelling. Misspelt pages are the same pages
with one official name they write changed by one character: a homophone or a look-alike drawn from the confusion
sets (seeded), so every planted error is something a writer could type. A finding on a correct page, or any finding
but the planted one, is a false positive. Recall on the curated pairs of data/wrong_words.txt (typos found by hand)
says how much of what people actually get wrong the generator alone finds. The figures are in docs/checks.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pytest

from dgeval.monitor.checks import _confusables, _misspellings, wrong_word
from dgeval.monitor.checks._text import visible_text
from dgeval.monitor.checks.config import CheckConfig
from tests.monitor.checks._site import FIXTURES, decode

SEED = 20201120
FRAMEWORKS = Path(wrong_word.__file__).resolve().parents[2] / "framework" / "data"
MIN_PRECISION = 0.98
MIN_RECALL = 0.9
MIN_CURATED_RECALL = 0.4


def correct_texts() -> list[tuple[str, str]]:
    """(source, text) of pages and documents without a misspelling."""
    texts = []
    for path in sorted(FIXTURES.rglob("*.html")):
        if path.parent.name == "wrong_word" and not path.name.startswith("decoy_"):
            continue
        texts.append((str(path.relative_to(FIXTURES)), visible_text(decode(path.read_bytes())[0])))
    for path in sorted(FRAMEWORKS.rglob("*.toml")):
        texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


def _names() -> tuple[str, ...]:
    return tuple(name for path in CheckConfig().official_names_files for name in _misspellings.read_names(path))


@dataclass
class Score:
    planted: int = 0
    found: int = 0
    false_positives: int = 0

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.false_positives) if self.found + self.false_positives else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0


def _misspell(text: str, rng: random.Random, names: tuple[str, ...]) -> tuple[str, str] | None:
    """The text with one name it writes misspelt by one character, and the wrong form; None when it writes none."""
    present = [name for name in names if len(name) >= _misspellings.MIN_NAME_CHARS and name in text]
    if not present:
        return None
    name = rng.choice(sorted(present))
    positions = [i for i, char in enumerate(name) if "\u4e00" <= char <= "\u9fff"]
    confusable = _confusables.homophones() if rng.random() < 0.5 else _confusables.look_alikes()
    choices = [(i, other) for i in positions for other in sorted(confusable.get(name[i], ()))]
    if not choices:
        return None
    position, other = rng.choice(choices)
    wrong = f"{name[:position]}{other}{name[position + 1:]}"
    return text.replace(name, wrong, 1), wrong


#: Sentences as government pages write them, around a name ({}): the neighbours a misspelling meets.
FRAMES = (
    "会议传达学习了{}有关精神，要求各单位认真抓好贯彻落实。", "根据《{}》的有关规定，现将有关事项通知如下。",
    "近日，{}召开专题会议，研究部署下一步工作。", "坚持以{}为指导，统筹推进各项工作。", "{}发布了最新通知",
    "各级各部门要深刻领会{}的重大意义", "在{}的坚强领导下，全县经济社会保持平稳健康发展。", "关于做好{}相关工作的通知",
)
FRAMED_TRIALS = 1000


def framed_trials(rng: random.Random) -> list[tuple[str, str]]:
    """(text, wrong form) of generated misspellings, drawn at random, each in a random sentence."""
    generated = _misspellings.misspellings(_names())
    wrong = rng.sample(sorted(generated), FRAMED_TRIALS)
    return [(rng.choice(FRAMES).format(form), form) for form in wrong]


def measure() -> tuple[Score, Score, int]:
    """Scores on correct pages and on misspelt ones (those pages with one name changed, and misspellings set in
    sentences), and how many correct texts were read."""
    machine = wrong_word.automaton(tuple(CheckConfig().wrong_words_files), tuple(CheckConfig().official_names_files))
    names, rng = _names(), random.Random(SEED)
    correct, misspelt = Score(), Score()
    texts = correct_texts()
    for _, text in texts:
        correct.false_positives += sum(1 for _ in wrong_word.matches(machine, text))
        planted = _misspell(text, rng, names)
        if planted is None:
            continue
        _count(misspelt, machine, *planted)
    for text, wrong in framed_trials(rng):
        _count(misspelt, machine, text, wrong)
    return correct, misspelt, len(texts)


def _count(score: Score, machine: object, text: str, wrong: str) -> None:
    """One planted misspelling: found when a finding covers it or lies in it; any other finding is a false one."""
    found = {text[start:end] for _, start, end in wrong_word.matches(machine, text)}  # type: ignore[arg-type]
    hit = any(wrong in value or value in wrong for value in found)
    score.planted += 1
    score.found += hit
    score.false_positives += len(found) - hit


def curated_recall() -> tuple[int, int]:
    """(found by the generator alone, curated pairs whose correction is a listed name of 4+ characters)."""
    generated = _misspellings.misspellings(_names())
    listed = set(_names())
    pairs = [e for path in CheckConfig().wrong_words_files for e in wrong_word.parse_dictionary(path)
             if e.correct in listed and len(e.correct) >= _misspellings.MIN_NAME_CHARS
             and len(e.wrong) == len(e.correct)]
    return sum(1 for e in pairs if e.wrong in generated), len(pairs)


@pytest.fixture(scope="module")
def figures() -> tuple[Score, Score, int]:
    correct, misspelt, texts = measure()
    found, pairs = curated_recall()
    print(f"\nwrong_word on {texts} correct texts: {correct.false_positives} false positives; "
          f"{misspelt.planted} misspelt: recall {misspelt.recall:.3f}, precision {misspelt.precision:.3f}; "
          f"curated one-character typos of listed names found by the generator: {found}/{pairs}")
    return correct, misspelt, texts


def test_correct_pages_give_no_finding(figures: tuple[Score, Score, int]) -> None:
    correct, _, texts = figures
    assert texts > 50 and correct.false_positives == 0


def test_misspelt_names_are_found(figures: tuple[Score, Score, int]) -> None:
    _, misspelt, _ = figures
    assert misspelt.planted > 30
    assert misspelt.recall >= MIN_RECALL and misspelt.precision >= MIN_PRECISION


def test_the_generator_finds_typos_people_made() -> None:
    found, pairs = curated_recall()
    assert pairs > 20 and found / pairs >= MIN_CURATED_RECALL
