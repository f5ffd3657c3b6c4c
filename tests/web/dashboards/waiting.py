"""Work waiting for each role, made with the ORM: shared by the dashboard's unit and browser tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dgeval.web.collection.models import WorkItem, WorkItemStatus
from dgeval.web.foi.models import FoiChannel, FoiRequest, FoiStatus
from dgeval.web.monitoring.models import Appeal, FindingRecord, FindingStatus, RunStatus, ScanRun
from dgeval.web.registration.services import registration_submit


@dataclass
class Waiting:
    """What was made, so tests can compare the counts with the lists."""

    findings: dict[str, int]
    appeals_open: int


def make_waiting(*, campaign: Any, county: Any, other: Any, webmaster: Any, evaluator: Any, admin: Any,
                 registration_data: dict, pdf: bytes) -> Waiting:
    """Findings on the county (3 confirmed, 1 pending, 1 rectified) and on another target (2 confirmed, 1 pending),
    one open appeal on the county, a failed and a running scan, the evaluator's items (2 to do, 1 in progress, 1 to
    reconcile), two FOI requests (one awaiting an answer, one overdue) and one pending registration."""
    statuses = {county: [FindingStatus.CONFIRMED] * 3 + [FindingStatus.PENDING, FindingStatus.RECTIFIED],
                other: [FindingStatus.CONFIRMED] * 2 + [FindingStatus.PENDING]}
    # Rectification deadlines of the confirmed ones: the county's first is past (2020-10-16 is "today" in the tests).
    deadlines = {county: [date(2020, 10, 14), date(2020, 10, 28), date(2020, 10, 23)],
                 other: [date(2020, 10, 12), date(2020, 10, 19)]}
    made = []
    for target, states in statuses.items():
        for n, status in enumerate(states):
            deadline = deadlines[target][n] if status == FindingStatus.CONFIRMED else None
            made.append(FindingRecord.objects.create(
                campaign=campaign, target=target, check_name="broken_link", url=f"{target.website_url}a{n}",
                fingerprint=f"{target.code}-{n}", status=status, deadline=deadline,
                sent_at=timezone.now() if deadline else None))
    Appeal.objects.create(finding=made[0], created_by=webmaster, reason="该链接可正常访问")
    ScanRun.objects.create(campaign=campaign, status=RunStatus.FAILED, error="网络不可达")
    ScanRun.objects.create(campaign=campaign, status=RunStatus.RUNNING)
    for code, status, reconciler in (
        ("info.statutory_disclosure", WorkItemStatus.TODO, None),
        ("info.search_download", WorkItemStatus.TODO, None),
        ("info.on_request_disclosure", WorkItemStatus.IN_PROGRESS, None),
        ("info.three_battles", WorkItemStatus.NEEDS_RECONCILE, evaluator),
        ("info.streamlining_reform", WorkItemStatus.DONE, None),
    ):
        WorkItem.objects.create(campaign=campaign, target=county, framework="local_site", column="county", code=code,
                                assignee=admin if reconciler else evaluator, reconciler=reconciler, status=status)
    FoiRequest.objects.create(campaign=campaign, target=county, channel=FoiChannel.EMAIL, content="申请公开预算",
                              sent_on=date(2020, 10, 9), sent_by=evaluator, received_on=date(2020, 10, 12),
                              due_on=date(2020, 11, 9), status=FoiStatus.ACKNOWLEDGED)
    FoiRequest.objects.create(campaign=campaign, target=other, channel=FoiChannel.EMAIL, content="申请公开决算",
                              sent_on=date(2020, 9, 1), sent_by=evaluator, received_on=date(2020, 9, 2),
                              due_on=date(2020, 9, 30), status=FoiStatus.ACKNOWLEDGED)
    registration_submit(campaign=campaign, data=registration_data, stamped_form_type="pdf", on=date(2020, 10, 1),
                        stamped_form=SimpleUploadedFile("f.pdf", pdf, content_type="application/pdf"))
    return Waiting(findings={"confirmed": 3, "pending": 1, "rectified": 1}, appeals_open=1)
