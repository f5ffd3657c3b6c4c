"""The Celery application of a scaled-out deployment: `dgeval worker` and `dgeval beat` run it (docs/scale.md).

Configured from the Django settings (`CELERY_*`, set when `DGEVAL_BROKER_URL` is): the broker is Redis, results are
not kept (the database holds every outcome), tasks are acknowledged when done, and beat reads its schedule from the
database (django-celery-beat), where admins edit it. The schedules' tick is one periodic task, created by `dgeval beat`
if it is missing.
"""

from __future__ import annotations

from celery import Celery

TICK_TASK = "dgeval.monitoring.tick"
TICK_NAME = "系统监测调度"
TICK_SECONDS = 60
QUEUES = ("scans", "probes")

app = Celery("dgeval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_routes = {
    "dgeval.monitoring.scan_part": {"queue": "scans"},
    "dgeval.monitoring.probe": {"queue": "probes"},
    TICK_TASK: {"queue": "probes"},
}
app.autodiscover_tasks(["dgeval.web.monitoring"])


def tick_task_ensure() -> bool:
    """Create the periodic task that ticks the schedules every minute, unless it exists (an admin may have changed
    its interval: that is kept). True if it was created."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask.objects.filter(task=TICK_TASK).exists():
        return False
    every, _ = IntervalSchedule.objects.get_or_create(every=TICK_SECONDS, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name=TICK_NAME, task=TICK_TASK, interval=every, queue="probes")
    return True
