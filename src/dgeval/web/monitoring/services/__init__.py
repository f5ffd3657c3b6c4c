"""Monitoring services, by job: runs (`runs`), findings from a scan (`findings`), people's decisions on findings
(`review`), 通报 → 整改 → 复核 with deadlines and reminders (`rectification`), findings → leaf points (`points`) and scheduled availability probes (`probes`). Every name a view, the
CLI or the demo calls is importable here."""

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
from dgeval.web.monitoring.services.probes import (
    probe_execute,
    probe_record_store,
    probe_records_store,
    schedule_due,
    schedule_for,
    schedule_update,
)
from dgeval.web.monitoring.services.rectification import (
    finding_recheck_queue,
    findings_send,
    findings_sendable,
    recheck_results_store,
    rectification_policy_for,
    rectification_reminders_send,
)
from dgeval.web.monitoring.services.sheets import (
    FindingsSheetError,
    finding_deadline_set,
    findings_export_xlsx,
    findings_import_xlsx,
)
from dgeval.web.monitoring.services.runs import (
    EXTERNAL_CHOICES,
    run_dir,
    run_settle,
    run_target_execute,
    runs_recover,
    scan_options,
    scan_run_cancel,
    scan_run_create,
    scan_run_execute,
)

__all__ = [
    "APPEALABLE",
    "APPEAL_DECIDERS",
    "APPEAL_REOPENERS",
    "COUNTED_STATUSES",
    "EXTERNAL_CHOICES",
    "FindingsSheetError",
    "REVIEWABLE",
    "REVIEW_OUTCOMES",
    "appeal_create",
    "appeal_decide",
    "appeal_reopen",
    "final_ruling",
    "finding_recheck_queue",
    "findings_export_xlsx",
    "findings_import_xlsx",
    "findings_send",
    "findings_sendable",
    "recheck_results_store",
    "rectification_policy_for",
    "rectification_reminders_send",
    "finding_deadline_set",
    "finding_fingerprint",
    "finding_points_apply",
    "finding_rectify",
    "finding_review",
    "findings_store",
    "latest_scan",
    "probe_execute",
    "probe_record_store",
    "probe_records_store",
    "run_dir",
    "run_settle",
    "run_target_execute",
    "runs_recover",
    "scan_options",
    "scan_run_cancel",
    "scan_run_create",
    "scan_run_execute",
    "schedule_due",
    "schedule_for",
    "schedule_update",
    "target_recheck_request",
]
