"""The platform side of the worker test, run as a separate process (the workers need committed data in a real
database): `python tests/web/monitoring/fleet_platform.py setup URL…` makes a campaign, one target per URL and a
scan run over them, enqueues it and prints the run's id (`--wait` also waits for it: the embedded runner lives in
this process); `… report RUN` prints the run's parts and findings as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from dgeval.web.common.setup import django_setup  # noqa: E402

#: Seconds between two runs of the schedules' tick in the test (an admin's edit of the periodic task).
TICK_EVERY = 2


def setup(urls: list[str], wait: bool) -> None:
    from dgeval.web.campaigns.services import campaign_create_2020
    from dgeval.web.monitoring.models import ScanRun
    from dgeval.web.monitoring.runner import run_enqueue
    from dgeval.web.monitoring.services import scan_options, scan_run_create
    from dgeval.web.targets.models import Target, TargetKind

    campaign = campaign_create_2020()
    # Loopback test sites: the monitor may fetch them (an admin's allow_private, set here directly).
    targets = [Target.objects.create(code=f"F{n:03d}", name=f"{n}号市人民政府", kind=TargetKind.CITY, website_url=url,
                                     allow_private=True, allow_private_reason="回环测试站点")
               for n, url in enumerate(urls)]
    run = scan_run_create(campaign=campaign, kind="scan", targets=targets, actor=None,
                          options=scan_options(external="skip", as_of=dt.date(2020, 10, 15), max_pages=200))
    from django.conf import settings

    if settings.DGEVAL_BROKER_URL:
        from django_celery_beat.models import IntervalSchedule, PeriodicTask

        from dgeval.web.workers import TICK_TASK, tick_task_ensure

        tick_task_ensure()
        every, _ = IntervalSchedule.objects.get_or_create(every=TICK_EVERY, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.filter(task=TICK_TASK).update(interval=every)
    run_enqueue(run)
    print(run.pk, flush=True)
    while wait and ScanRun.objects.get(pk=run.pk).is_active:
        time.sleep(0.2)


def report(run_id: int) -> None:
    from dgeval.web.monitoring.models import FindingRecord, RunTarget

    parts = [{"target": p.target.code, "status": p.status, "attempts": p.attempts, "pages": p.pages,
              "resumed": p.stats.get("resumed", False), "error": p.error}
             for p in RunTarget.objects.filter(run_id=run_id).select_related("target").order_by("target__code")]
    findings = sorted([r.target.code, r.check_name, r.url, r.page, r.value]
                      for r in FindingRecord.objects.filter(run_id=run_id).select_related("target"))
    print(json.dumps({"parts": parts, "findings": findings}, ensure_ascii=False))


if __name__ == "__main__":
    django_setup()
    command, *rest = sys.argv[1:]
    if command == "setup":
        setup([u for u in rest if u != "--wait"], "--wait" in rest)
    else:
        report(int(rest[0]))
