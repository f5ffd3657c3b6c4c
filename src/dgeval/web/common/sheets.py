"""Lists the team works from, as one-sheet workbooks and back: what the exports and imports of the apps share.

An export is one sheet written with the report helpers (formula-like text neutralised), dates formatted as dates.
An import is read in the sandbox (`dgeval.spreadsheets`); its header must name the columns the import edits, and a
bad cell is reported with the sheet, the row and the column, in Chinese (`CellError`), all of them at once
(`SheetError`), so that nothing is applied from a file with a mistake in it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dgeval.errors import InputError
from dgeval.reports.xlsx import Sheet, add_sheet, new_workbook
from dgeval.spreadsheets import read_workbook


@dataclass(frozen=True)
class CellError:
    """One bad cell of an imported sheet."""

    sheet: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("工作表「%(sheet)s」第 %(line)s 行，「%(column)s」列：%(message)s") % {
            "sheet": self.sheet, "line": self.line, "column": self.column, "message": self.message}


class SheetError(ValidationError):
    """Every bad cell of the sheet; nothing was applied."""

    def __init__(self, errors: list[CellError]):
        self.cell_errors = errors
        super().__init__([str(e) for e in errors])


@dataclass(frozen=True)
class SheetRows:
    """An imported sheet's rows below its header, and where each named column is."""

    rows: list[tuple[Any, ...]]
    at: dict[str, int]

    def cell(self, row: tuple[Any, ...], name: str) -> Any:
        """ROW's value in column NAME; None where the row is short or the sheet has no such column."""
        index = self.at.get(name)
        return row[index] if index is not None and index < len(row) else None


def sheet_bytes(sheet: Sheet, *, date_columns: tuple[str, ...] = ()) -> bytes:
    """SHEET as an XLSX workbook, the columns named in DATE_COLUMNS formatted as dates."""
    book = new_workbook()
    written = add_sheet(book, sheet)
    for name in date_columns:
        column = sheet.header.index(name) + 1
        for (cell,) in written.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_rows_read(*, data: bytes, source: str, sheet: str, required: tuple[str, ...]) -> SheetRows:
    """The rows of SHEET in the uploaded workbook DATA; ValidationError on the file when it cannot be read, has no
    such sheet or lacks a REQUIRED column."""
    try:
        sheets = read_workbook(data, source, sheets=[sheet])
    except InputError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if sheet not in sheets:
        raise ValidationError({"file": _("%(source)s：没有名为「%(sheet)s」的工作表（请使用平台导出的文件）") % {
            "source": source, "sheet": sheet}})
    rows = sheets[sheet]
    header = tuple(cell_text(v) for v in (rows[0] if rows else ()))
    missing = [name for name in required if name not in header]
    if missing:
        raise ValidationError({"file": _("工作表「%(sheet)s」第 1 行缺少列：%(columns)s") % {
            "sheet": sheet, "columns": "、".join(missing)}})
    return SheetRows([tuple(row) for row in rows[1:]], {name: header.index(name) for name in header if name})


def cell_text(value: Any) -> str:
    """A cell as trimmed text ("" for an empty cell)."""
    return "" if value is None else str(value).strip()


def cell_date(value: Any) -> dt.date | None:
    """A cell as a date: a date or datetime cell, or text YYYY-MM-DD; None when empty; ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())
