"""Open data: every published ranking as CSV, XLSX and JSON with one schema (docs/open-data.md)."""

from __future__ import annotations

import io
import json
from typing import Any

from dgeval.reports.reference import region_of
from dgeval.reports.xlsx import Sheet, csv_text, write_workbook
from dgeval.web.publication.groups import PeerGroup
from dgeval.web.publication.models import Publication, PublishedResult

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
#: Fixed columns, then one column per level-1 indicator (its Chinese name) in the framework's order.
COLUMNS = ("rank", "target_code", "target_name", "target_kind", "province_code", "region", "total", "base", "bonus")


def table(rows: list[PublishedResult]) -> tuple[list[str], list[list[Any]]]:
    level1 = list(rows[0].level1) if rows else []
    body = [[r.rank, r.target_code, r.target_name, r.target_kind, r.province_code, region_of(r.province_code),
             round(r.total, 4), round(r.base, 4), round(r.bonus, 4), *[round(r.level1[n], 4) for n in level1]]
            for r in rows]
    return [*COLUMNS, *level1], body


def as_csv(rows: list[PublishedResult]) -> bytes:
    header, body = table(rows)
    return csv_text(header, body).encode("utf-8")


def as_xlsx(rows: list[PublishedResult]) -> bytes:
    header, body = table(rows)
    out = io.BytesIO()
    write_workbook(out, [Sheet("data", header, body, (6, 14, 30, 10, 12, 10, 9, 9, 8, *[12] * (len(header) - 9)))])
    return out.getvalue()


def as_json(publication: Publication, group: PeerGroup, rows: list[PublishedResult]) -> bytes:
    header, body = table(rows)
    payload = {
        "campaign": publication.campaign.year, "campaign_name": publication.campaign.name,
        "version": publication.version, "published_on": publication.published_on.isoformat(),
        "framework": group.framework, "column": group.column, "group": group.key, "group_title": group.title,
        "licence": LICENCE, "demo": publication.demo, "columns": header,
        "rows": [dict(zip(header, values)) for values in body],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
