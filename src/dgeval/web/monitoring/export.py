"""The availability overview as a spreadsheet (XLSX or CSV, through dgeval.reports.xlsx): per monitored target its
probes, failures, 故障率 and inspection verdict with the veto rules that decided it."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from dgeval.reports.xlsx import Sheet, csv_text, write_workbook
from dgeval.web.monitoring.selectors import TargetAvailability


def availability_table(rows: list[TargetAvailability]) -> tuple[list[str], list[list[Any]]]:
    header = [_("编码"), _("评估对象"), _("网址"), _("监测起始"), _("监测截止"), _("探测次数"), _("失败次数"),
              _("故障率（%）"), _("检查结论"), _("否决项"), _("各否决项说明")]
    body = []
    for row in rows:
        window, verdict = row.window, row.verdict
        rate = window.summary.rate if window is not None else None
        body.append([
            row.target.code, row.target.name, row.target.website_url,
            window.start.isoformat() if window else "", window.end.isoformat() if window else "",
            window.summary.probes if window else 0, window.summary.failures if window else 0,
            round(rate * 100, 2) if rate is not None else None, verdict.label if row.monitored else _("尚未监测"),
            "、".join(o.name for o in verdict.deciding) if row.monitored else "",
            "；".join(f"{o.name}：{o.detail}" for o in verdict.outcomes) if row.monitored else "",
        ])
    return header, body


def as_xlsx(rows: list[TargetAvailability]) -> bytes:
    header, body = availability_table(rows)
    out = io.BytesIO()
    write_workbook(out, [Sheet(_("故障率与检查结论"), header, body, (10, 28, 32, 12, 12, 10, 10, 12, 10, 16, 80),
                               wrap=(11,))])
    return out.getvalue()


def as_csv(rows: list[TargetAvailability]) -> bytes:
    header, body = availability_table(rows)
    return csv_text(header, body).encode("utf-8")
