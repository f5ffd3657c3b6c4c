"""What publication reads from the live evaluation: scores, the source of every leaf's points, the findings behind
the monitor's points. The one place that knows the scores and monitoring models; a change of their provenance
fields is adapted here and nowhere else in this app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

from dgeval.scoring import TargetScore
from dgeval.web.monitoring.labels import check_title, severity_label
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.scores.models import ScorePart, Slot, SourceKind
from dgeval.web.scores.services import scores_compute

#: The platform's source kinds → the report's names (dgeval.reports.model.SOURCES).
REPORT_SOURCE = {SourceKind.FINDING: "monitor", SourceKind.MANUAL: "manual", SourceKind.FOI: "foi",
                 SourceKind.IMPORT: "import", SourceKind.NEW_MEDIA: "manual", SourceKind.BONUS: "bonus"}
SNIPPET_CHARS = 200


@dataclass(frozen=True, slots=True)
class LeafSource:
    source: str
    finding_ids: tuple[int, ...]


def scores_live(*, campaign: Any, framework: str, column: str) -> list[TargetScore]:
    """The engine's scores of every target with points in FRAMEWORK/COLUMN now."""
    return scores_compute(campaign=campaign, framework=framework, column=column)


def leaf_sources(*, campaign: Any, framework: str, column: str) -> dict[tuple[str, str], LeafSource]:
    """(target code, leaf code) → where most of the leaf's points could come from (the part with the largest
    maximum), and the findings the monitor's part counted."""
    finding_type = ContentType.objects.get_for_model(FindingRecord)
    parts = (ScorePart.objects.filter(leaf__campaign=campaign, leaf__framework=framework, leaf__column=column,
                                      max_points__gt=0)
             .select_related("leaf__target").prefetch_related("evidence").order_by("pk"))
    main: dict[tuple[str, str], ScorePart] = {}
    findings: dict[tuple[str, str], tuple[int, ...]] = {}
    for part in parts:
        key = (part.leaf.target.code, part.leaf.code)
        if key not in main or part.max_points > main[key].max_points:
            main[key] = part
        if part.slot == Slot.MONITOR:
            findings[key] = tuple(e.object_id for e in part.evidence.all() if e.content_type_id == finding_type.pk)
    return {key: LeafSource(REPORT_SOURCE.get(part.source_kind, "import"), findings.get(key, ()))
            for key, part in main.items()}


def findings_snapshot(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The findings with these ids as plain data: check, Chinese title and sentence, page, snippet, leaves."""
    out = {}
    for record in FindingRecord.objects.filter(pk__in=set(ids)).order_by("pk"):
        title = check_title(record.check_name)
        snippet = record.value[:SNIPPET_CHARS]
        out[record.pk] = {
            "id": record.pk, "check": record.check_name, "title": title, "sentence": record.sentence(),
            "url": record.url, "page": record.page, "snippet": snippet,
            "severity": severity_label(record.severity), "leaves": list(record.leaves),
        }
    return out
