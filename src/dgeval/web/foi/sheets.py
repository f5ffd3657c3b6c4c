"""依申请公开 requests as a workbook and back: evaluators keep the register in Excel, the platform applies what changed.

One sheet, 依申请公开, one row per request. Editable: 收到日期 and 收到确认说明 (→ `foi_request_acknowledge`, which sets
the 答复期限), 答复日期 and 答复内容 (→ `foi_request_answer`), 得分 and 评分说明 (→ `foi_request_score`); the rest is
for reading. An upload is read in the sandbox (`dgeval.spreadsheets`); every row is applied through the same audited
services as the pages, each in its savepoint, and when any cell is wrong every error is listed — sheet, row, column,
in Chinese — and nothing is kept. A row equal to what is stored is skipped: an unchanged file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.reports.xlsx import Sheet
from dgeval.web.common.forms import error_text
from dgeval.web.common.sheets import (
    CellError,
    SheetError,
    SheetRows,
    cell_date,
    cell_text,
    sheet_bytes,
    sheet_rows_read,
)
from dgeval.web.foi.models import FoiRequest, FoiStatus
from dgeval.web.foi.services import foi_request_acknowledge, foi_request_answer, foi_request_score

SHEET = "依申请公开"
HEADER = ("编号", "评估对象代码", "评估对象", "申请渠道", "申请内容", "发送日期", "收到日期", "收到确认说明", "答复期限",
          "答复日期", "答复内容", "状态", "得分", "评分说明")
DATE_COLUMNS = ("发送日期", "收到日期", "答复期限", "答复日期")


def foi_requests_export_xlsx(*, requests: Iterable[FoiRequest], as_of: dt.date) -> bytes:
    rows = [(r.pk, r.target.code, r.target.name, r.get_channel_display(), r.content, r.sent_on, r.received_on,
             r.acknowledgement_note, r.due_on, r.answered_on, r.answer_text,
             str(FoiStatus(r.display_status(as_of)).label), r.points, r.score_note) for r in requests]
    return sheet_bytes(Sheet(SHEET, HEADER, rows, widths=(8, 12, 20, 10, 40, 12, 12, 24, 12, 12, 40, 10, 8, 30),
                             wrap=(5, 8, 11, 14)), date_columns=DATE_COLUMNS)


class FoiSheetError(SheetError):
    """Every bad cell of the register sheet; nothing was kept."""


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    return float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)


class _RowRefused(Exception):
    """One row failed: its savepoint is rolled back and its error listed."""

    def __init__(self, error: CellError):
        self.error = error


def foi_requests_import_xlsx(*, campaign: Any, data: bytes, source: str, actor: Any) -> int:
    """Apply the edited receipts, answers and scores of a register sheet; all rows or none. Returns the requests
    changed."""
    sheet = sheet_rows_read(data=data, source=source, sheet=SHEET,
                            required=("编号", "收到日期", "答复日期", "答复内容", "得分", "评分说明"))
    errors: list[CellError] = []
    changed = 0
    seen: dict[int, int] = {}
    with transaction.atomic():
        for line, row in enumerate(sheet.rows, start=2):
            if not any(cell_text(v) for v in row):
                continue
            try:
                with transaction.atomic():
                    changed += _apply_row(campaign, actor, line, row, sheet, seen)
            except _RowRefused as refused:
                errors.append(refused.error)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise FoiSheetError(errors)
    return changed


def _apply_row(campaign: Any, actor: Any, line: int, row: tuple[Any, ...], sheet: SheetRows,
               seen: dict[int, int]) -> int:
    def cell(name: str) -> Any:
        return sheet.cell(row, name)

    def parsed(name: str, parse: Any, example: str) -> Any:
        try:
            return parse(cell(name))
        except ValueError:
            raise _RowRefused(CellError(SHEET, line, name, _("应为%(example)s（收到 %(value)s）") % {
                "example": example, "value": cell_text(cell(name))})) from None

    try:
        pk = int(cell_text(cell("编号")))
    except ValueError:
        raise _RowRefused(CellError(SHEET, line, "编号", _("应为申请编号（收到 %(value)s）") % {
            "value": cell_text(cell("编号"))})) from None
    request = FoiRequest.objects.filter(pk=pk, campaign=campaign).first()
    if request is None:
        raise _RowRefused(CellError(SHEET, line, "编号", _("本次评估没有编号为 %(pk)s 的申请") % {"pk": pk}))
    if pk in seen:
        raise _RowRefused(CellError(SHEET, line, "编号", _("与第 %(line)s 行重复") % {"line": seen[pk]}))
    seen[pk] = line
    received = parsed("收到日期", cell_date, _("日期，如 2020-10-12"))
    ack_note = cell_text(cell("收到确认说明")) if "收到确认说明" in sheet.at else request.acknowledgement_note
    answered = parsed("答复日期", cell_date, _("日期，如 2020-11-02"))
    answer = cell_text(cell("答复内容"))
    points = parsed("得分", _number, _("数字"))
    score_note = cell_text(cell("评分说明"))
    steps = 0
    column = "收到日期"
    try:
        if received is not None and (received != request.received_on or ack_note != request.acknowledgement_note):
            request = foi_request_acknowledge(request=request, received_on=received, actor=actor, note=ack_note)
            steps += 1
        column = "答复日期"
        if answered is not None and (answered != request.answered_on or answer != request.answer_text):
            request = foi_request_answer(request=request, answered_on=answered, answer_text=answer, actor=actor)
            steps += 1
        column = "得分"
        if points is not None and (request.points is None or abs(points - request.points) > 1e-9
                                   or score_note != request.score_note):
            foi_request_score(request=request, points=points, actor=actor, note=score_note)
            steps += 1
    except (ValidationError, WorkflowError) as exc:
        raise _RowRefused(CellError(SHEET, line, column, error_text(exc))) from exc
    return 1 if steps else 0
