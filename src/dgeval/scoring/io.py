"""Reading leaf points from the evaluators' files (CSV or XLSX) with the file and line of every value.

The header row names `target, code, points` (or their Chinese labels 参评单位, 指标代码, 得分, as in the blank template);
other columns such as `evidence` and `note` are kept. Every error names the file, the line and the field.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from dgeval.errors import InputError, RowError
from dgeval.framework.models import Framework
from dgeval.i18n import gettext as _
from dgeval.spreadsheets import read_workbook
from dgeval.scoring.leaf import check_points

#: Accepted header labels per field; the template writes the Chinese ones.
HEADER_ALIASES: Mapping[str, tuple[str, ...]] = {
    "target": ("target", "参评单位"),
    "code": ("code", "指标代码"),
    "points": ("points", "得分"),
}


@dataclass(frozen=True, slots=True)
class PointRow:
    line: int
    target: str
    code: str
    points: float | None  # None: a blank template row, not scored yet (the leaf stays missing)
    extra: Mapping[str, str] = field(default_factory=dict)


def _raw_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row, header included, from a CSV (UTF-8 or GB18030) or XLSX file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        # Read in a limited worker process: the sheet may come from an upload (dgeval.spreadsheets).
        (rows,) = read_workbook(path.read_bytes(), str(path), first_only=True).values()
        for number, row in enumerate(rows, 1):
            yield number, ["" if v is None else _cell_text(v) for v in row]
        return
    if suffix not in (".csv", ".txt"):
        raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; expected .csv or .xlsx")
    reader = csv.reader(io.StringIO(read_spreadsheet_text(path), newline=""))
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def read_spreadsheet_text(path: Path) -> str:
    """A CSV/TXT file's text: UTF-16 with a byte-order mark (Excel's "Unicode text"), UTF-8 (with or without BOM),
    else GB18030 — Excel in China saves CSV as GBK. Anything else is an InputError naming the file and the byte."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            problem = exc
    raise InputError(_("%(path)s：第 %(byte)d 字节起无法按 %(encodings)s 解码；请另存为“CSV UTF-8”或 .xlsx") % {
        "path": path, "byte": problem.start + 1, "encodings": "、".join(encodings)})


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else str(value)
    return str(value).strip()


def read_point_rows(path: Path | str) -> list[PointRow]:
    """Parse a points file; InputError names the file, the line and the field of the first bad value."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    rows = _raw_rows(path)
    header_line, header = next(((n, c) for n, c in rows if any(x.strip() for x in c)), (1, []))
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    for key, aliases in HEADER_ALIASES.items():
        for i, name in enumerate(names):
            if name.lower() in aliases:
                index[key] = i
                break
        else:
            raise InputError(
                f"{path}, line {header_line}: missing header {key!r} (expected columns: target, code, points)"
            )
    known = set(index.values())
    out: list[PointRow] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        cell = lambda k: cells[index[k]].strip() if index[k] < len(cells) else ""  # noqa: E731
        target, code, raw_points = cell("target"), cell("code"), cell("points")
        if not target:
            raise RowError(f"{path}, line {line}: field 'target' is empty", line=line, field="target")
        if not code:
            raise RowError(f"{path}, line {line}: field 'code' is empty", line=line, field="code")
        points: float | None = None
        if raw_points != "":
            try:
                points = float(raw_points)
            except ValueError:
                raise RowError(f"{path}, line {line}: field 'points' = {raw_points!r}: not a number", line=line,
                               field="points", value=raw_points) from None
            if not math.isfinite(points):
                raise RowError(f"{path}, line {line}: field 'points' = {raw_points!r}: not a finite number",
                               line=line, field="points", value=raw_points)
        extra = {names[i]: cells[i] for i in range(min(len(names), len(cells))) if i not in known and names[i]}
        out.append(PointRow(line=line, target=target, code=code, points=points, extra=extra))
    return out


def points_by_target(
    rows: list[PointRow], framework: Framework, column: str, source: Path | str
) -> dict[str, dict[str, float]]:
    """Validate rows against the framework column and group them; InputError names file, line and field."""
    grouped: dict[str, dict[str, float]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.target, row.code)
        if key in seen:
            raise InputError(
                f"{source}, line {row.line}: field 'code' = {row.code!r}: duplicate (target, code) "
                f"for {row.target!r}, first on line {seen[key]}"
            )
        seen[key] = row.line
        scored = grouped.setdefault(row.target, {})
        try:
            check_points(framework, column, row.code, 0.0 if row.points is None else row.points)
        except InputError as exc:
            raise InputError(f"{source}, line {row.line}: {exc}") from None
        if row.points is not None:
            scored[row.code] = row.points
    return grouped
