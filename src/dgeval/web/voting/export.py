"""Vote totals as XLSX and CSV, with every text cell neutralised against formula injection.

Case names and units come from the public; a cell starting with = + - @ (or a tab or carriage return) would run as
a formula in a spreadsheet program, so such text is prefixed with an apostrophe (OWASP's CSV injection advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dgeval.web.voting.selectors import Total

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """VALUE unchanged unless it is text that a spreadsheet would read as a formula; then prefixed with "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header() -> list[str]:
    return [_("名次"), _("案例编号"), _("案例名称"), _("案例类型"), _("推荐单位"), _("有效票"), _("作废票")]


def rows_of(totals: Iterable[Total]) -> list[list[object]]:
    return [[rank, t.case.pk, t.case.name, t.case.get_category_display(), t.case.nomination.unit_name, t.votes,
             t.voided] for rank, t in enumerate(totals, start=1)]


def totals_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def totals_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("网民评选得票")
    sheet.append(header())
    for row in rows:
        sheet.append([neutralise(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, even after neutralising
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
