"""Time budgets for the checks: a check that overruns is stopped, and the scan says which check and where.

`--max-time` bounds a whole scan, the checks included, and each page's checks have `page_check_seconds` of their
own. The checks worker (monitor/stream.py) runs check code in its main thread, so an interval timer (`SIGALRM`)
can stop pure-Python check code wherever it is: `OverBudget` is raised there. It derives from BaseException so
that a check's own `except Exception` cannot swallow it. C code (a parser) is not interrupted; the DOM caps
(monitor/dom_limits.py) keep such code short.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


class OverBudget(BaseException):
    """The time allowed to the running check code is over."""


def _raise(signum: int, frame: object) -> None:
    raise OverBudget


@dataclass(frozen=True, slots=True)
class CheckBudget:
    """`page_seconds` for the checks of one page; `deadline` (time.monotonic) for every check of the scan."""

    page_seconds: float
    deadline: float
    #: The process's SIGALRM handler raises OverBudget for good (`owning_the_alarm`): `limit` only sets the timer.
    owns_alarm: bool = False

    def owning_the_alarm(self) -> CheckBudget:
        """This budget in a process of its own (the checks worker), whose SIGALRM is the budget's from now on:
        installing and restoring the handler around every page cost more than the page's timer."""
        signal.signal(signal.SIGALRM, _raise)
        return dataclasses.replace(self, owns_alarm=True)

    def left(self) -> float:
        return self.deadline - time.monotonic()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Run the block for at most `seconds` (and never past the deadline); raise OverBudget when over.

        Only in the main thread (signals are delivered there); elsewhere the block runs unlimited."""
        seconds = min(seconds, self.left())
        if seconds <= 0:
            raise OverBudget
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = None if self.owns_alarm else signal.signal(signal.SIGALRM, _raise)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if previous is not None:
                signal.signal(signal.SIGALRM, previous)
