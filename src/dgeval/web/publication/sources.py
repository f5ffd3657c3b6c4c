"""What publication reads from the live evaluation: scores, the source of every leaf's points, the findings behind
the monitor's points. The one place that knows the scores and monitoring models; a change of their provenance
fields is adapted here and nowhere else in this app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dgeval.scoring import TargetScore
from dgeval.web.monitoring.labels import check_title, severity_label
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.scores.models import LeafScore, SourceKind
from dgeval.web.scores.services import scores_compute

#: The platform's source kinds → the report's names (dgeval.reports.model.SOURCES).
REPORT_SOURCE = {SourceKind.FINDING: "monitor", SourceKind.MANUAL: "manual", SourceKind.FOI: "foi",
                 SourceKind.IMPORT: "import"}
SNIPPET_CHARS = 200


@dataclass(frozen=True, slots=True)
class LeafSource:
    source: str
    finding_ids: tuple[int, ...]


def scores_live(*, campaign: Any, framework: str, column: str) -> list[TargetScore]:
    """The engine's scores of every target with points in FRAMEWORK/COLUMN now."""
    return scores_compute(campaign=campaign, framework=framework, column=column)


def _finding_ids(source_id: str) -> tuple[int, ...]:
    for part in source_id.split(";"):
        kind, _, ids = part.partition(":")
        if kind == "findings":
            return tuple(int(pk) for pk in ids.split(",") if pk.isdigit())
    return ()


def leaf_sources(*, campaign: Any, framework: str, column: str) -> dict[tuple[str, str], LeafSource]:
    """(target code, leaf code) → where the points came from, and the findings counted for the monitor's."""
    rows = (LeafScore.objects.filter(campaign=campaign, framework=framework, column=column)
            .values_list("target__code", "code", "source_kind", "source_id"))
    out = {}
    for target_code, code, kind, source_id in rows:
        ids = _finding_ids(source_id) if kind == SourceKind.FINDING else ()
        out[(target_code, code)] = LeafSource(REPORT_SOURCE.get(kind, "import"), ids)
    return out


def findings_snapshot(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The findings with these ids as plain data: check, Chinese title and sentence, page, snippet, leaves."""
    out = {}
    for record in FindingRecord.objects.filter(pk__in=set(ids)).order_by("pk"):
        title = check_title(record.check_name)
        snippet = record.value[:SNIPPET_CHARS]
        out[record.pk] = {
            "id": record.pk, "check": record.check_name, "title": title,
            "sentence": f"{title}：{snippet}" if snippet else title,
            "url": record.url, "page": record.page, "snippet": snippet,
            "severity": severity_label(record.severity), "leaves": list(record.leaves),
        }
    return out
