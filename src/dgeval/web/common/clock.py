"""The platform's one clock: what "today" and "now" are for every page and every record a person or the monitor makes.

A campaign may be run, demonstrated or tested on a day other than the real one: `DGEVAL_TODAY` (YYYY-MM-DD) names it
(the demo sets it to a day of 2020). `today()` is that day, else the local date in Asia/Shanghai; `now()` is that day
with the real time of day, timezone-aware in the project's time zone (Asia/Shanghai), so a review stamped "now"
falls on the day the phases and deadlines are judged against.

Not everything reads this clock. Timing between processes uses real time, `django.utils.timezone.now()`: the leases
and heartbeats of monitoring work (`monitoring.services.runs`, `monitoring.runner`), whose staleness another worker
judges against its own real clock — a configured day would make every lease look years old or never expire —, the
schedules' ticks, probe slots and the runs they compare (`ScanRun.created_at`), which are timing of the same kind, and
the expiry of one-time vote codes, which is a security window of minutes on the real clock, not a date of the
campaign. Model fields that stamp a record when it is made take `default=clock.now` where a page shows them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

__all__ = ["now", "today"]


def today() -> dt.date:
    """The platform's "today": DGEVAL_TODAY, else the local date (Asia/Shanghai)."""
    configured: dt.date | None = getattr(settings, "DGEVAL_TODAY", None)
    if configured:
        return configured
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def now() -> dt.datetime:
    """The platform's "now": `today()` at the real local time of day, timezone-aware.

    Without DGEVAL_TODAY this is exactly the real time; with it, the date is the configured one.
    """
    zone = timezone.get_default_timezone()
    real = timezone.localtime(timezone.now(), zone)
    day = today()
    if day == real.date():
        return real
    return timezone.make_aware(dt.datetime.combine(day, real.time().replace(tzinfo=None)), zone)
