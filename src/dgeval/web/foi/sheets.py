"""依申请公开 requests as a workbook and back: evaluators keep the register in Excel, the platform applies what changed.

One sheet, 依申请公开, one row per request. Editable: 收到日期 and 收到确认说明 (→ `foi_request_acknowledge`, which sets
the 答复期限), 答复日期 and 答复内容 (→ `foi_request_answer`), 得分 and 评分说明 (→ `foi_request_score`); the rest is
for reading. An upload is read in the sandbox (`dgeval.spreadsheets`); every row is applied through the same audited
services as the pages, each in its savepoint, and when any cell is wrong every error is listed — sheet, row, column,
in Chinese — and nothing is kept. A row equal to what is stored is skipped: an unchanged file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import InputError, WorkflowError
from dgeval.reports.xlsx import Sheet, add_sheet, new_workbook
from dgeval.spreadsheets import read_workbook
from dgeval.web.common.forms import error_text
from dgeval.web.foi.models import FoiRequest, FoiStatus
from dgeval.web.foi.services import foi_request_acknowledge, foi_request_answer, foi_request_score

SHEET = "依申请公开"
HEADER = ("编号", "评估对象代码", "评估对象", "申请渠道", "申请内容", "发送日期", "收到日期", "收到确认说明", "答复期限",
          "答复日期", "答复内容", "状态", "得分", "评分说明")
DATE_COLUMNS = ("发送日期", "收到日期", "答复期限", "答复日期")


def foi_requests_export_xlsx(*, requests: Iterable[FoiRequest], as_of: dt.date) -> bytes:
    rows = [(r.pk, r.target.code, r.target.name, r.get_channel_display(), r.content, r.sent_on, r.received_on,
             r.acknowledgement_note, r.due_on, r.answered_on, r.answer_text, str(FoiStatus(r.display_status(as_of)).label),
             r.points, r.score_note) for r in requests]
    book = new_workbook()
    sheet = add_sheet(book, Sheet(SHEET, HEADER, rows, widths=(8, 12, 20, 10, 40, 12, 12, 24, 12, 12, 40, 10, 8, 30),
                                  wrap=(5, 8, 11, 14)))
    for name in DATE_COLUMNS:
        column = HEADER.index(name) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class CellError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("工作表「%(sheet)s」第 %(line)s 行，「%(column)s」列：%(message)s") % {
            "sheet": SHEET, "line": self.line, "column": self.column, "message": self.message}


class FoiSheetError(ValidationError):
    """Every bad cell of the sheet; nothing was kept."""

    def __init__(self, errors: list[CellError]):
        self.cell_errors = errors
        super().__init__([str(e) for e in errors])


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


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
    try:
        sheets = read_workbook(data, source, sheets=[SHEET])
    except InputError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if SHEET not in sheets:
        raise ValidationError({"file": _("%(source)s：没有名为「%(sheet)s」的工作表（请使用平台导出的文件）") % {
            "source": source, "sheet": SHEET}})
    rows = sheets[SHEET]
    header = tuple(_text(v) for v in (rows[0] if rows else ()))
    missing = [name for name in ("编号", "收到日期", "答复日期", "答复内容", "得分", "评分说明") if name not in header]
    if missing:
        raise ValidationError({"file": _("工作表「%(sheet)s」第 1 行缺少列：%(columns)s") % {
            "sheet": SHEET, "columns": "、".join(missing)}})
    at = {name: header.index(name) for name in header if name}
    errors: list[CellError] = []
    changed = 0
    seen: dict[int, int] = {}
    with transaction.atomic():
        for line, row in enumerate(rows[1:], start=2):
            if not any(_text(v) for v in row):
                continue
            try:
                with transaction.atomic():
                    changed += _apply_row(campaign, actor, line, row, at, seen)
            except _RowRefused as refused:
                errors.append(refused.error)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise FoiSheetError(errors)
    return changed


def _apply_row(campaign: Any, actor: Any, line: int, row: tuple[Any, ...], at: dict[str, int],
               seen: dict[int, int]) -> int:
    def cell(name: str) -> Any:
        return row[at[name]] if name in at and at[name] < len(row) else None

    def parsed(name: str, parse: Any, example: str) -> Any:
        try:
            return parse(cell(name))
        except ValueError:
            raise _RowRefused(CellError(line, name, _("应为%(example)s（收到 %(value)s）") % {
                "example": example, "value": _text(cell(name))})) from None

    try:
        pk = int(_text(cell("编号")))
    except ValueError:
        raise _RowRefused(CellError(line, "编号", _("应为申请编号（收到 %(value)s）") % {
            "value": _text(cell("编号"))})) from None
    request = FoiRequest.objects.filter(pk=pk, campaign=campaign).first()
    if request is None:
        raise _RowRefused(CellError(line, "编号", _("本次评估没有编号为 %(pk)s 的申请") % {"pk": pk}))
    if pk in seen:
        raise _RowRefused(CellError(line, "编号", _("与第 %(line)s 行重复") % {"line": seen[pk]}))
    seen[pk] = line
    received = parsed("收到日期", _date, _("日期，如 2020-10-12"))
    ack_note = _text(cell("收到确认说明")) if "收到确认说明" in at else request.acknowledgement_note
    answered = parsed("答复日期", _date, _("日期，如 2020-11-02"))
    answer = _text(cell("答复内容"))
    points = parsed("得分", _number, _("数字"))
    score_note = _text(cell("评分说明"))
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
        raise _RowRefused(CellError(line, column, error_text(exc))) from exc
    return 1 if steps else 0
