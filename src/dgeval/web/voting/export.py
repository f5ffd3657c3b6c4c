"""Vote totals as XLSX and CSV, written by `dgeval.reports.xlsx`, the platform's one spreadsheet writer.

Case names and units come from the public; a cell starting with = + - @ (or a tab or carriage return) would run as
a formula in a spreadsheet program. The writer keeps such text as quoted text in XLSX and prefixes it with an
apostrophe in CSV (OWASP's CSV injection advice).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from dgeval.reports.xlsx import Sheet, csv_text, write_workbook
from dgeval.web.voting.selectors import Total


def header() -> list[str]:
    return [_("名次"), _("案例编号"), _("案例名称"), _("案例类型"), _("推荐单位"), _("有效票"), _("作废票")]


def rows_of(totals: Iterable[Total]) -> list[list[object]]:
    return [[rank, t.case.pk, t.case.name, t.case.get_category_display(), t.case.nomination.unit_name, t.votes,
             t.voided] for rank, t in enumerate(totals, start=1)]


def totals_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    return csv_text(header(), rows).encode("utf-8")


def totals_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.BytesIO()
    write_workbook(out, [Sheet(_("网民评选得票"), header(), rows, widths=(8, 10, 40, 16, 30, 10, 10))])
    return out.getvalue()
