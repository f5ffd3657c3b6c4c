"""Excel files for evaluators: the blank scoring template and the results workbook.

Both are written to a temporary file beside the target and moved into place, so a failure never leaves a
half-written workbook where the user expects a result.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dgeval.framework.models import Framework, Indicator
from dgeval.scoring.io import PointRow
from dgeval.scoring.leaf import leaf_max
from dgeval.scoring.totals import TargetScore

TEMPLATE_HEADER = ("参评单位", "指标代码", "得分", "指标", "评估要点", "满分", "证据", "备注")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="B22222")


def atomic_save(path: Path | str, write: Callable[[Path], None]) -> None:
    """Run `write(tmp)` then move tmp onto `path`; on any error the tmp file is removed and `path` untouched."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _header(sheet: Worksheet, names: Sequence[str], widths: Sequence[float]) -> None:
    sheet.append(list(names))
    for i, width in enumerate(widths, 1):
        cell = sheet.cell(row=1, column=i)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One row of the evaluators' sheet: a target × leaf, with its maximum and (when re-exported) the points so far."""

    target: str
    leaf: Indicator
    maximum: float
    points: float | None = None
    extra: tuple[object, ...] = ()  # values for the caller's extra columns


def template_workbook(
    rows: Iterable[TemplateRow], extra_header: Sequence[str] = (), extra_widths: Sequence[float] = ()
) -> Workbook:
    """The sheet evaluators fill in: the template header (plus EXTRA_HEADER), criteria text, points limited to 0..max.

    `read_point_rows` reads it back, filled or not; the web platform writes an evaluator's own items with it.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "人工采集"
    _header(sheet, (*TEMPLATE_HEADER, *extra_header), (22, 34, 8, 40, 70, 8, 30, 30, *extra_widths))
    validations: dict[float, DataValidation] = {}
    line = 1
    for row in rows:
        line += 1
        sheet.append([row.target, row.leaf.code, row.points, "/".join(row.leaf.path), row.leaf.criteria,
                      row.maximum, None, None, *row.extra])
        sheet.cell(row=line, column=5).alignment = Alignment(wrap_text=True, vertical="top")
        if row.maximum not in validations:
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=f"{row.maximum:g}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="得分超出范围",
                error=f"得分应在 0 到 {row.maximum:g} 之间",
            )
            sheet.add_data_validation(dv)
            validations[row.maximum] = dv
        validations[row.maximum].add(f"C{line}")
    return book


def write_template(path: Path | str, framework: Framework, column: str, targets: Sequence[str]) -> None:
    """The blank sheet for TARGETS: one row per target × leaf that applies in COLUMN."""
    rows = []
    for target in targets:
        for leaf in framework.leaves_for(column):
            maximum = leaf_max(framework, leaf, column)
            assert maximum is not None  # leaves_for yields only applicable leaves
            rows.append(TemplateRow(target, leaf, maximum))
    atomic_save(path, lambda tmp: template_workbook(rows).save(tmp))


def write_results(
    path: Path | str, framework: Framework, column: str, results: Sequence[TargetScore], rows: Sequence[PointRow]
) -> None:
    """Ranking sheet, leaf points per target, and the input rows with their extra columns (evidence, notes)."""
    level1 = [n for n in framework.level1_names() if any(n in r.level1 for r in results)] if results else []
    leaves = [leaf for leaf in framework.leaves_for(column)]

    def write(tmp: Path) -> None:
        book = Workbook()
        ranking = book.active
        ranking.title = "排名"
        _header(
            ranking,
            ["排名", "参评单位", "总分", "基础分", "加分", *level1, "缺项数"],
            [8, 28, 10, 10, 8, *[12] * len(level1), 8],
        )
        for r in results:
            ranking.append(
                [r.rank, r.target, round(r.total, 4), round(r.base, 4), round(r.bonus, 4),
                 *[round(r.level1.get(n, 0.0), 4) for n in level1], len(r.missing)]
            )
        points = book.create_sheet("指标得分")
        _header(points, ["参评单位", *["/".join(leaf.path) + f"（{leaf.code}）" for leaf in leaves]],
                [28, *[16] * len(leaves)])
        for r in results:
            points.append([r.target, *[r.leaves.get(leaf.code) for leaf in leaves]])
        extra_names = list(dict.fromkeys(k for row in rows for k in row.extra))
        detail = book.create_sheet("明细")
        _header(detail, ["行号", "参评单位", "指标代码", "得分", *extra_names], [8, 28, 34, 8, *[30] * len(extra_names)])
        for row in rows:
            detail.append([row.line, row.target, row.code, row.points, *[row.extra.get(k, "") for k in extra_names]])
        book.save(tmp)

    atomic_save(path, write)
