"""The findings review list as a workbook and back: the team reviews in Excel, the platform applies what changed.

One sheet, 监测问题, one row per finding: what was found (read only), its review — 状态 and 审核意见 — and its
整改期限, which may be edited, and what its rectification and recheck said (read only). An import is read in the
sandbox (`dgeval.spreadsheets`), checked row by row (errors name the sheet, the row and the column, in Chinese, and
then nothing is applied), and applied through the same services as the pages (`finding_review`,
`finding_deadline_set`), audited. A row equal to what is stored is skipped: an unchanged file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.reports.xlsx import Sheet
from dgeval.web.accounts.roles import TEAM_ROLES, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common.forms import error_text
from dgeval.web.common.sheets import CellError, SheetError, cell_date, cell_text, sheet_bytes, sheet_rows_read
from dgeval.web.monitoring.labels import check_label
from dgeval.web.monitoring.models import FindingRecord, FindingStatus
from dgeval.web.monitoring.services.review import REVIEW_OUTCOMES, finding_review

SHEET = "监测问题"
HEADER = ("编号", "评估对象代码", "评估对象", "检查项", "发现", "网址", "所在页面", "严重程度", "状态", "审核意见",
          "整改期限", "整改说明", "复核结果")


def findings_export_xlsx(*, findings: Iterable[FindingRecord]) -> bytes:
    rows = [(f.pk, f.target.code, f.target.name, check_label(f.check_name), f.sentence(), f.url, f.page,
             f.get_severity_display(), f.get_status_display(), f.review_reason, f.deadline, f.rectified_note,
             f.recheck_note) for f in findings]
    return sheet_bytes(Sheet(SHEET, HEADER, rows, widths=(8, 12, 20, 18, 50, 40, 40, 8, 10, 30, 12, 30, 30),
                             wrap=(5, 10, 12, 13)), date_columns=("整改期限",))


class FindingsSheetError(SheetError):
    """Every bad cell of the findings sheet; nothing was applied."""


@dataclass(frozen=True)
class _Change:
    finding: FindingRecord
    status: str | None  # a new review outcome, or None
    reason: str
    deadline: dt.date | None | bool  # False: unchanged


def findings_import_xlsx(*, campaign: Any, data: bytes, source: str, actor: Any) -> int:
    """Apply the edited reviews and deadlines of a findings sheet; all rows or none. Returns the findings changed."""
    require_role(actor, *TEAM_ROLES)
    sheet = sheet_rows_read(data=data, source=source, sheet=SHEET, required=("编号", "状态", "审核意见", "整改期限"))
    labels = {str(FindingStatus(s).label): s for s in FindingStatus.values}
    errors: list[CellError] = []
    changes: list[_Change] = []
    seen: dict[int, int] = {}
    for line, row in enumerate(sheet.rows, start=2):
        cell = lambda name: sheet.cell(row, name)  # noqa: E731
        if not any(cell_text(v) for v in row):
            continue
        try:
            pk = int(cell_text(cell("编号")))
        except ValueError:
            errors.append(CellError(SHEET, line, "编号", _("应为问题编号（收到 %(value)s）") % {
                "value": cell_text(cell("编号"))}))
            continue
        finding = FindingRecord.objects.filter(pk=pk, campaign=campaign).select_related("target").first()
        if finding is None:
            errors.append(CellError(SHEET, line, "编号", _("本次评估没有编号为 %(pk)s 的问题") % {"pk": pk}))
            continue
        if pk in seen:
            errors.append(CellError(SHEET, line, "编号", _("与第 %(line)s 行重复") % {"line": seen[pk]}))
            continue
        seen[pk] = line
        status = labels.get(cell_text(cell("状态")))
        if status is None:
            errors.append(CellError(SHEET, line, "状态", _("“%(value)s”不是问题状态（可填：%(choices)s）") % {
                "value": cell_text(cell("状态")), "choices": "、".join(labels)}))
            continue
        reason = cell_text(cell("审核意见"))
        try:
            deadline = cell_date(cell("整改期限"))
        except ValueError:
            errors.append(CellError(SHEET, line, "整改期限", _("应为日期，如 2020-12-04（收到 %(value)s）") % {
                "value": cell_text(cell("整改期限"))}))
            continue
        reviewed = status != finding.status or reason != finding.review_reason.strip()
        if reviewed and status not in REVIEW_OUTCOMES:
            errors.append(CellError(SHEET, line, "状态", _("只能审核为 确认、误报 或 存疑（收到 %(value)s）") % {
                "value": cell_text(cell("状态"))}))
            continue
        if reviewed and status != FindingStatus.CONFIRMED and not reason:
            errors.append(CellError(SHEET, line, "审核意见", _("判定为误报或存疑时必须填写理由")))
            continue
        moved = deadline != finding.deadline
        if moved and (deadline is None or finding.sent_at is None):
            errors.append(CellError(SHEET, line, "整改期限", _("只能修改已通报问题的整改期限，且不能清空")))
            continue
        if reviewed or moved:
            changes.append(_Change(finding, status if reviewed else None, reason, deadline if moved else False))
    if errors:
        raise FindingsSheetError(errors)
    with transaction.atomic():
        for change in changes:
            try:
                if change.status is not None:
                    finding_review(finding=change.finding, status=change.status, actor=actor, reason=change.reason)
                if change.deadline is not False and change.deadline is not None:
                    finding_deadline_set(finding=change.finding, deadline=change.deadline, actor=actor,
                                         reason=_("由导入的表格 %(source)s 修改") % {"source": source})
            except (ValidationError, WorkflowError) as exc:
                line = seen[change.finding.pk]
                raise FindingsSheetError([CellError(SHEET, line, "状态", error_text(exc))]) from exc
    return len(changes)


def finding_deadline_set(*, finding: FindingRecord, deadline: dt.date, actor: Any, reason: str) -> FindingRecord:
    """Move a sent finding's 整改期限 (the team; audited as `finding.deadline`). A new deadline is a new chance to
    be reminded and found overdue."""
    require_role(actor, *TEAM_ROLES)
    with transaction.atomic():
        finding = FindingRecord.objects.select_for_update().get(pk=finding.pk)
        if finding.sent_at is None:
            raise WorkflowError(_("问题 #%(id)s 尚未通报，没有整改期限") % {"id": finding.pk})
        before = finding.snapshot()
        finding.deadline, finding.reminded_on, finding.overdue_on = deadline, None, None
        finding.save(update_fields=["deadline", "reminded_on", "overdue_on"])
        audit_record(actor=actor, action="finding.deadline", obj=finding, before=before, after=finding.snapshot(),
                     reason=reason)
    return finding
