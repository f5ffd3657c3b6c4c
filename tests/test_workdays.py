"""Working-day arithmetic over the 2020 holidays; every expected date worked out by hand from the State Council notices.

2020: Spring Festival 01-24..02-02 off (extended from 01-30 because of COVID-19; the make-up Saturday 02-01 was
cancelled), make-up Sunday 01-19. Labour Day 05-01..05-05 off, make-up Sunday 04-26 and Saturday 05-09.
National Day + Mid-Autumn 10-01..10-08 off, make-up Sunday 09-27 and Saturday 10-10.
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgeval.workdays import add_working_days, is_working_day, working_days_between

D = date


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Spring Festival 2020 (extended)
        (D(2020, 1, 17), 1, D(2020, 1, 19)),  # Fri → make-up Sunday
        (D(2020, 1, 17), 2, D(2020, 1, 20)),
        (D(2020, 1, 22), 2, D(2020, 2, 3)),  # 01-23 is day 1, then the holiday; 02-03 is day 2
        (D(2020, 1, 23), 1, D(2020, 2, 3)),  # Saturday 02-01 is no longer a working day
        (D(2020, 1, 31), 1, D(2020, 2, 3)),  # receipt during the holiday
        (D(2020, 1, 23), 20, D(2020, 2, 28)),
        # Labour Day 2020
        (D(2020, 4, 24), 1, D(2020, 4, 26)),  # Fri → make-up Sunday
        (D(2020, 4, 30), 1, D(2020, 5, 6)),
        (D(2020, 4, 30), 4, D(2020, 5, 9)),  # make-up Saturday counted
        (D(2020, 4, 30), 5, D(2020, 5, 11)),
        (D(2020, 4, 20), 20, D(2020, 5, 19)),
        # National Day + Mid-Autumn 2020
        (D(2020, 9, 25), 1, D(2020, 9, 27)),  # Fri → make-up Sunday
        (D(2020, 9, 30), 1, D(2020, 10, 9)),
        (D(2020, 9, 30), 2, D(2020, 10, 10)),  # make-up Saturday counted
        (D(2020, 9, 30), 3, D(2020, 10, 12)),
        (D(2020, 9, 30), 20, D(2020, 11, 4)),
        # ordinary weeks
        (D(2020, 10, 15), 20, D(2020, 11, 12)),
        (D(2020, 11, 13), 1, D(2020, 11, 16)),
        (D(2020, 11, 13), 0, D(2020, 11, 13)),
    ],
)
def test_add_working_days_2020(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2020, 9, 30), D(2020, 11, 4), 20),
        (D(2020, 9, 30), D(2020, 10, 8), 0),
        (D(2020, 9, 30), D(2020, 10, 10), 2),
        (D(2020, 4, 30), D(2020, 5, 9), 4),
        (D(2020, 1, 23), D(2020, 2, 2), 0),
        (D(2020, 1, 17), D(2020, 1, 20), 2),
        (D(2020, 11, 4), D(2020, 11, 4), 0),
        (D(2020, 11, 4), D(2020, 9, 30), -20),
    ],
)
def test_working_days_between_2020(a: date, b: date, expected: int) -> None:
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2020, 1, 19), True),  # make-up Sunday
        (D(2020, 2, 1), False),  # cancelled make-up Saturday
        (D(2020, 2, 3), True),
        (D(2020, 5, 9), True),
        (D(2020, 10, 8), False),
        (D(2020, 10, 10), True),
        (D(2020, 10, 11), False),
    ],
)
def test_is_working_day_2020(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_negative_n_refused() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        add_working_days(D(2020, 9, 30), -1)


def test_year_without_calendar_data_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="chinese-calendar"):
        add_working_days(D(2099, 1, 1), 1)


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2024, 12, 31)),
    n=st.integers(min_value=0, max_value=60),
)
def test_between_inverts_add(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    assert n == 0 or is_working_day(due)
