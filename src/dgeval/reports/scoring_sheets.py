"""Excel files for evaluators: the blank scoring template and the results workbook (`dgeval score`).

Both go through the spreadsheet helper (`xlsx`): written whole or not at all, text cells never run as formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from dgeval.framework.models import Framework, Indicator
from dgeval.reports.xlsx import Sheet, add_sheet, append_row, new_workbook, save_workbook, style_header
from dgeval.scoring.io import PointRow
from dgeval.scoring.leaf import leaf_max
from dgeval.scoring.totals import TargetScore

TEMPLATE_HEADER = ("参评单位", "指标代码", "得分", "指标", "评估要点", "满分", "证据", "备注")


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One row of the evaluators' sheet: a target × leaf, with its maximum and (when re-exported) the points so far."""

    target: str
    leaf: Indicator
    maximum: float
    points: float | None = None
    extra: tuple[object, ...] = ()  # values for the caller's extra columns
    evidence: str | None = None  # 证据 and 备注 as scored so far, so a re-exported sheet keeps the evaluator's work
    note: str | None = None


def template_workbook(
    rows: Iterable[TemplateRow], extra_header: Sequence[str] = (), extra_widths: Sequence[float] = ()
) -> Workbook:
    """The sheet evaluators fill in: the template header (plus EXTRA_HEADER), criteria text, points limited to 0..max.

    `read_point_rows` reads it back, filled or not; the web platform writes an evaluator's own items with it.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "人工采集"
    append_row(sheet, (*TEMPLATE_HEADER, *extra_header))
    style_header(sheet, (22, 34, 8, 40, 70, 8, 30, 30, *extra_widths))
    validations: dict[float, DataValidation] = {}
    line = 1
    for row in rows:
        line += 1
        append_row(sheet, [row.target, row.leaf.code, row.points, "/".join(row.leaf.path), row.leaf.criteria,
                           row.maximum, row.evidence, row.note, *row.extra])
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
    save_workbook(template_workbook(rows), path)


def write_results(
    path: Path | str, framework: Framework, column: str, results: Sequence[TargetScore], rows: Sequence[PointRow]
) -> None:
    """Ranking sheet, leaf points per target, and the input rows with their extra columns (evidence, notes)."""
    level1 = [n for n in framework.level1_names() if any(n in r.level1 for r in results)] if results else []
    leaves = [leaf for leaf in framework.leaves_for(column)]

    extra_names = list(dict.fromkeys(k for row in rows for k in row.extra))
    book = new_workbook()
    add_sheet(book, Sheet(
        "排名", ["排名", "参评单位", "总分", "基础分", "加分", *level1, "缺项数"],
        ([r.rank, r.target, round(r.total, 4), round(r.base, 4), round(r.bonus, 4),
          *[round(r.level1.get(n, 0.0), 4) for n in level1], len(r.missing)] for r in results),
        [8, 28, 10, 10, 8, *[12] * len(level1), 8]))
    add_sheet(book, Sheet(
        "指标得分", ["参评单位", *["/".join(leaf.path) + f"（{leaf.code}）" for leaf in leaves]],
        ([r.target, *[r.leaves.get(leaf.code) for leaf in leaves]] for r in results), [28, *[16] * len(leaves)]))
    add_sheet(book, Sheet(
        "明细", ["行号", "参评单位", "指标代码", "得分", *extra_names],
        ([row.line, row.target, row.code, row.points, *[row.extra.get(k, "") for k in extra_names]] for row in rows),
        [8, 28, 34, 8, *[30] * len(extra_names)]))
    save_workbook(book, path)
