"""Reading a workbook (XLSX) that comes from outside, without letting it hurt the reader.

An 820 KB XLSX can declare a sheet that inflates to gigabytes; openpyxl would build it in the memory of whoever reads
it, a web server's worker included. So a workbook is read here only in a `dgeval.sandbox` worker process, under
memory, CPU and wall-time limits, and through `sandbox.open_archive`: the archive is refused by its members' declared
sizes and compression ratios before anything is inflated, and the bytes actually inflated are counted while reading.
Only plain cell values (text, numbers, dates, booleans) come back to the caller.

Used by every import that parses a workbook: targets, collection score sheets (through `dgeval.scoring.io`) and
new-media exports.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from dgeval.errors import InputError
from dgeval.i18n import gettext as _
from dgeval.sandbox import Limits, Refused, Sandbox, SandboxError, open_archive

#: An evaluator's workbook is a few MB at most; these leave it room many times over and stop a bomb early.
WORKBOOK_LIMITS = Limits(memory_bytes=384 << 20, cpu_seconds=30, wall_seconds=60.0, archive_bytes=64 << 20,
                         archive_ratio=100.0, archive_members=2_000)
#: Columns read per row: a forged <dimension> could otherwise pad every row to 16,384 cells.
MAX_COLUMNS = 200

Rows = list[tuple[Any, ...]]


def read_workbook(data: bytes, source: str, *, sheets: Sequence[str] | None = None, first_only: bool = False,
                  limits: Limits = WORKBOOK_LIMITS) -> dict[str, Rows]:
    """Sheet name → rows of values (a formula's cached value), for SHEETS (those present), the first sheet only, or
    all. Read in a sandbox worker; a refused or unreadable workbook is an InputError naming SOURCE and why."""
    with Sandbox(limits=limits, preload=("openpyxl",)) as sandbox:
        try:
            return sandbox.call(workbook_values, data, tuple(sheets or ()), first_only, limits)
        except Refused as exc:
            raise InputError(_("%(source)s：拒绝读取该工作簿：%(reason)s") % {"source": source, "reason": exc}) from exc
        except SandboxError as exc:
            raise InputError(_("%(source)s：无法读取 Excel 工作簿（需要 .xlsx 格式）：%(error)s") % {
                "source": source, "error": exc}) from exc


def workbook_values(data: bytes, sheets: tuple[str, ...], first_only: bool, limits: Limits) -> dict[str, Rows]:
    """The worker's side of `read_workbook`: openpyxl, read-only, over a checked and counted archive."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.archive.close()
    reader.archive = open_archive(data, limits)  # every part openpyxl reads is counted against the limits
    reader.read()
    book = reader.wb
    try:
        names = book.sheetnames[:1] if first_only else [n for n in book.sheetnames if not sheets or n in sheets]
        return {name: [tuple(row) for row in book[name].iter_rows(max_col=MAX_COLUMNS, values_only=True)]
                for name in names}
    finally:
        book.close()
