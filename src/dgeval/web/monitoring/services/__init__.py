"""Monitoring services, by job: runs (`runs`), findings from a scan (`findings`), people's decisions on findings
(`review`) and findings → leaf points (`points`). Every name a view, the CLI or the demo calls is importable here."""

from dgeval.web.monitoring.services.findings import finding_fingerprint, findings_store
from dgeval.web.monitoring.services.points import COUNTED_STATUSES, finding_points_apply, latest_scan
from dgeval.web.monitoring.services.review import (
    APPEAL_DECIDERS,
    APPEAL_REOPENERS,
    APPEALABLE,
    REVIEW_OUTCOMES,
    REVIEWABLE,
    appeal_create,
    appeal_decide,
    appeal_reopen,
    final_ruling,
    finding_rectify,
    finding_review,
    target_recheck_request,
)
from dgeval.web.monitoring.services.runs import (
    EXTERNAL_CHOICES,
    run_dir,
    scan_options,
    scan_run_create,
    scan_run_execute,
)

__all__ = [
    "APPEALABLE",
    "APPEAL_DECIDERS",
    "APPEAL_REOPENERS",
    "COUNTED_STATUSES",
    "EXTERNAL_CHOICES",
    "REVIEWABLE",
    "REVIEW_OUTCOMES",
    "appeal_create",
    "appeal_decide",
    "appeal_reopen",
    "final_ruling",
    "finding_fingerprint",
    "finding_points_apply",
    "finding_rectify",
    "finding_review",
    "findings_store",
    "latest_scan",
    "run_dir",
    "scan_options",
    "scan_run_create",
    "scan_run_execute",
    "target_recheck_request",
]
