"""The one way dgeval writes spreadsheets (XLSX and CSV): header style, column widths, whole-file writes, and
formula-injection neutralising for every text cell.

A text cell that starts with `= + - @`, a tab or a carriage return could run as a formula when the file is opened
(OWASP "CSV Injection"). In XLSX such a cell is stored as text with Excel's quote prefix (the apostrophe Excel adds
when a person types `'=`), so Excel shows and re-reads the exact text but never evaluates it. In CSV, which has no
types, the text gets a leading apostrophe, as OWASP recommends. Numbers stay numbers: only text is touched.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dgeval.reports.files import atomic_save

#: First characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B22222")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralise_csv(value: object) -> object:
    """VALUE for a CSV cell: formula-like text gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def append_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row; formula-like text cells are kept as quoted text (never formulas)."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def style_header(sheet: Worksheet, widths: Sequence[float] = (), *, row: int = 1) -> None:
    """Bold white-on-red header row, the given column widths, and the header frozen."""
    for cell in sheet[row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"A{row + 1}"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a title (at most 31 characters), a header row, widths and rows of plain values."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    #: 1-based columns whose text wraps (long criteria, comments).
    wrap: Sequence[int] = field(default_factory=tuple)


def new_workbook() -> Workbook:
    """A workbook without sheets (openpyxl starts with one empty sheet, which `add_sheet` would leave behind)."""
    book = Workbook()
    book.remove(book.active)
    return book


def add_sheet(book: Workbook, spec: Sheet) -> Worksheet:
    sheet = book.create_sheet()
    sheet.title = sheet_title(spec.title)
    append_row(sheet, spec.header)
    style_header(sheet, spec.widths)
    for values in spec.rows:
        append_row(sheet, values)
    for column in spec.wrap:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def sheet_title(title: str) -> str:
    """A valid worksheet title: at most 31 characters, none of Excel's forbidden ones."""
    for ch in "[]:*?/\\":
        title = title.replace(ch, "·")
    return title[:31]


def save_workbook(book: Workbook, out: str | Path | IO[bytes]) -> None:
    """Save to a path (atomically: a failed save leaves no half-written file) or to an open binary stream."""
    if isinstance(out, (str, Path)):
        atomic_save(out, lambda tmp: book.save(tmp))
    else:
        book.save(out)


def write_workbook(out: str | Path | IO[bytes], sheets: Iterable[Sheet]) -> None:
    book = new_workbook()
    for spec in sheets:
        add_sheet(book, spec)
    save_workbook(book, out)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV (UTF-8 with BOM so Excel in China opens it as UTF-8) with formula-like text neutralised."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_csv(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise_csv(v) for v in row])
    return buffer.getvalue()
