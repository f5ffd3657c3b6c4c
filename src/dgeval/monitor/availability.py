"""故障率: the share of availability probes that failed, and what it is worth under the finding rules.

The national rule (data/inspection_rules.toml, [availability]) probes a homepage at least 20 times a day, each one
attempt with a 15 s timeout; a probe that got no answer below 400 in time is a failure, and a site whose failures
reach 5 % of its probes over the period is 不合格 (`verdict.judge`). For the performance points the same rate is read
through the finding rules (rule `availability`): each whole percent of 故障率 counts as one finding, so the rule's
`per_finding` says how much of its share one percent costs. Pure: records in, figures out.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from dgeval.i18n import gettext_noop

#: The source's name in the finding rules and in a part's detail.
NAME = "availability"
TITLE = gettext_noop("故障率")


@dataclass(frozen=True, slots=True)
class Availability:
    """Probes and failures over a window, and the probes of each day (date → count)."""

    probes: int
    failures: int
    per_day: Mapping[str, int]

    @property
    def rate(self) -> float | None:
        """故障率 as a fraction; None without probes."""
        return self.failures / self.probes if self.probes else None

    @property
    def counted(self) -> int:
        """Whole percents of 故障率: the findings the rule `availability` deducts for."""
        rate = self.rate
        return 0 if rate is None else math.floor(round(rate * 100, 6))

    def full_days(self, min_per_day: int) -> int:
        """Days with at least MIN_PER_DAY probes (the national rule's days that count)."""
        return sum(1 for count in self.per_day.values() if count >= min_per_day)


def summarize(records: Iterable[Mapping[str, Any]]) -> Availability:
    """Availability records (`time` ISO 8601 in local time, `ok`) → the window's figures."""
    per_day: Counter[str] = Counter()
    failures = 0
    for record in records:
        per_day[str(record.get("time", ""))[:10]] += 1
        failures += not record.get("ok")
    return Availability(probes=sum(per_day.values()), failures=failures, per_day=dict(sorted(per_day.items())))
