"""Validators for the personal identifiers the privacy checks look for (see docs/checks.md, 隐私保护).

Pure functions over strings: resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2 check character), bank card
numbers (Luhn), unified social credit codes (GB 32100-2015, so that organisations' codes are told apart from people's
ID numbers) and mainland mobile numbers. Shared by `id_number_leak`, `phone_leak` and `bank_card_leak`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# First two digits of a GB/T 2260 division code: the 31 provinces, Taiwan (71) and the two SARs (81, 82).
PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Full-width digits, letters and asterisks occur in pages typed with a Chinese IME; they read as the ASCII ones.
_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "x", "＊": "*", "－": "-"}
)

# A candidate is delimited by anything but a digit, a letter or a mask character, so that 19+ digit runs (order
# numbers, bank accounts) and masked forms (110101********1234, 110101199001011***) never yield an 18-digit match.
# Numbers written in 6-8-4 groups ("110101 19900307 4515") are read too; separators are one space or hyphen.
ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z*])(\d{6}([ -]?)\d{8}\2\d{3}[\dXx])(?![0-9A-Za-z*])", re.ASCII
)
MOBILE_RE = re.compile(r"(?<![0-9A-Za-z*])(1[3-9]\d([ -]?)\d{4}\2\d{4})(?![0-9A-Za-z*])", re.ASCII)
# Card numbers: 16-19 digits, plain or in groups of four separated by one space or hyphen.
CARD_RE = re.compile(
    r"(?<![0-9A-Za-z*])(\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![0-9A-Za-z*])", re.ASCII
)


def normalize(text: str) -> str:
    """Read full-width digits, X and asterisks as ASCII (length-preserving, so offsets stay valid)."""
    return text.translate(_FULLWIDTH)


def digits_only(candidate: str) -> str:
    """The candidate without its group separators, upper-cased (a trailing x check character reads as X)."""
    return candidate.replace(" ", "").replace("-", "").upper()


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def id_birth_date(number: str) -> dt.date | None:
    """The birth date encoded in digits 7-14, or None when it is not a real calendar date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def is_resident_id(number: str, as_of: dt.date) -> bool:
    """True for an 18-character resident ID number a real person could hold on `as_of`.

    All three must hold, so that random 18-digit strings (one in eleven passes the check character alone) are not
    taken for ID numbers: a province prefix that exists, a birth date between 1900-01-01 and `as_of`, and the check
    character.
    """
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    if number[:2] not in PROVINCE_CODES or number[2:6] == "0000":
        return False
    born = id_birth_date(number)
    if born is None or born.year < 1900 or born > as_of:
        return False
    return id_check_char(number[:17]) == number[17]


def is_credit_code(code: str) -> bool:
    """True for an 18-character unified social credit code with a valid GB 32100-2015 check character."""
    code = code.upper()
    if len(code) != 18 or any(c not in _CREDIT_ALPHABET for c in code):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10) check every bank card number passes."""
    if not number.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# Every number the privacy checks look for (ID 17+ digits, card 16+, mobile 11) is one run of digits joined by
# single separators (space, hyphen, full-width hyphen), so only runs of 11 digits or more need reading: ASCII and
# full-width digits (`normalize` makes the latter ASCII without changing any offset; the checks read no other digit).
# A class of the two is tested a character at a time at half the cost of Unicode \d. A run is tried from its first
# digit only (the look-behind) and never given back (the possessive count): markup is full of shorter runs.
_DIGIT = "[0-9\uff10-\uff19]"
_LONG_RUN_RE = re.compile(f"{_DIGIT}(?<!{_DIGIT}{_DIGIT})(?:[ \\-\uff0d]?{_DIGIT}){{10,}}+")
#: Characters kept before a run: the checks' look-behind (one character) and id_number_leak's label window (15).
WINDOW_BEFORE = 16


@lru_cache(maxsize=8)
def digit_windows(text: str) -> tuple[tuple[str, int], ...]:
    """(normalized window, offset of the run in it) for each run of 11+ digits in a page: one pass over the page,
    shared by id_number_leak, bank_card_leak and phone_leak (cached per text).

    A window holds the run, the `WINDOW_BEFORE` characters before it and the two after it (an ID number's final X,
    then what the checks' look-ahead reads), so a pattern searched from the offset matches exactly as it would in
    the whole normalized page.
    """
    windows = []
    for match in _LONG_RUN_RE.finditer(text):
        start = max(0, match.start() - WINDOW_BEFORE)
        windows.append((normalize(text[start : match.end() + 2]), match.start() - start))
    return tuple(windows)
