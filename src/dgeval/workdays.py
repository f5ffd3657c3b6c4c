"""Working days on the mainland China official calendar (法定节假日 and 调休 make-up working days): dgeval's one counter.

Everything that counts working days uses this module — the 依申请公开 due date, how long a public message has waited
for its reply, the demo sites' reply dates — so a deadline means the same everywhere. Its policy:

- **The start day is not counted; the first working day after it is day 1.** As for every statutory period (民法典
  第二百零一条: 开始的当日不计入，自下一日开始计算): a request received on a Friday has its day 1 on the next working
  day, and `working_days_between(a, b)` counts the working days d with a < d <= b.
- **Holidays and make-up working days come from the State Council's yearly notices**, through the `chinese_calendar`
  package (the 2020 Spring Festival extension to 2 February included): a make-up Saturday counts, a holiday Monday
  does not.
- **A year with no notice is refused, never guessed** (ValueError): counting Mon–Fri would move a legal deadline by
  the length of a holiday; the fix is a newer chinese-calendar.

Pure: no Django, no clock.
"""

from datetime import date, timedelta

import chinese_calendar

__all__ = ["add_working_days", "is_working_day", "working_days_between"]

_ONE_DAY = timedelta(days=1)


def is_working_day(day: date) -> bool:
    """True on an official working day (make-up Saturdays/Sundays included, holidays excluded).

    Raises ValueError for a year the installed chinese_calendar has no notice for, rather than guessing Mon–Fri:
    a wrong due date on a disclosure request would be worse than a clear refusal.
    """
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise ValueError(
            f"no official holiday calendar for {day.isoformat()} ({exc}); upgrade the chinese-calendar package"
        ) from exc


def add_working_days(start: date, n: int) -> date:
    """The day that is the n-th working day after `start` (`start` itself not counted; n=0 gives `start`).

    Receipt on 2020-09-30 with n=1 gives 2020-10-09: the National Day / Mid-Autumn holiday 10-01..10-08 is skipped.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0 (got {n})")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days d with a < d <= b (negative, counted the same way, when b is before a).

    The inverse of add_working_days: working_days_between(s, add_working_days(s, n)) == n.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += _ONE_DAY
        if is_working_day(day):
            count += 1
    return count
