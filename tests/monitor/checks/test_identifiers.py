"""`digit_windows`, the shared pass of the privacy checks, finds exactly what a scan of the whole page finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dgeval.monitor.checks import bank_card_leak, phone_leak
from dgeval.monitor.checks._identifiers import digit_windows, normalize
from dgeval.monitor.checks.id_number_leak import id_numbers

AS_OF = dt.date(2020, 10, 12)
# Digits (ASCII, full-width, Arabic-Indic), separators, mask and check characters, letters and Han text.
ALPHABET = "0123456789０１２３４５６７８９٣ -－Xx*＊a号中"
NUMBERS = ["110101199003074514", "110101 19900307 4514", "6222021234567890128", "6222 0212 3456 7890 128",
           "13812345678", "138-1234-5678", "１３８１２３４５６７８"]
texts = st.lists(st.one_of(st.text(ALPHABET, max_size=30), st.sampled_from(NUMBERS)), max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_windows_find_what_the_whole_page_holds(text: str) -> None:
    whole = normalize(text)
    windows = digit_windows(text)
    assert [n for n, _, _ in id_numbers(whole, AS_OF)] == [
        n for window, pos in windows for n, _, _ in id_numbers(window, AS_OF, pos)]
    assert [n for n, _, _ in bank_card_leak._cards(whole, AS_OF)] == [
        n for window, pos in windows for n, _, _ in bank_card_leak._cards(window, AS_OF, pos)]
    assert {m.group(0) for m in phone_leak._CANDIDATE_RE.finditer(whole)} == {
        m.group(0) for window, pos in windows for m in phone_leak._CANDIDATE_RE.finditer(window, pos)}


def test_a_page_without_long_digit_runs_has_no_window() -> None:
    assert digit_windows("电话：0571-870123，2020-10-12 发布") == ()  # 10 digits at most in a run
    assert digit_windows("身份证号：110101199003074514") == (("身份证号：110101199003074514", 5),)
