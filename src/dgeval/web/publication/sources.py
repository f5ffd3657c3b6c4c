"""What publication reads from the live evaluation: scores, the source of every leaf's points, the findings behind
the automatic points (the monitor's on websites, the new-media checks' on accounts). The one place that knows the
scores, monitoring and newmedia models; a change of their provenance fields is adapted here and nowhere else in this
app.

A published finding is keyed by the monitor finding's id (an int: its archived page may be opened once published) or
"newmedia-<id>" for a new-media finding, which has no archived page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

from dgeval.newmedia.checks import check_title as new_media_check_title
from dgeval.scoring import TargetScore
from dgeval.web.monitoring.labels import check_title, severity_label
from dgeval.web.monitoring.models import FindingRecord
from dgeval.web.newmedia.models import AccountFinding
from dgeval.web.scores.models import ScorePart, Slot, SourceKind
from dgeval.web.scores.services import scores_compute

#: The platform's source kinds → the report's names (dgeval.reports.model.SOURCES).
REPORT_SOURCE = {SourceKind.FINDING: "monitor", SourceKind.MANUAL: "manual", SourceKind.FOI: "foi",
                 SourceKind.IMPORT: "import", SourceKind.NEW_MEDIA: "new_media", SourceKind.BONUS: "bonus"}
SNIPPET_CHARS = 200
NEW_MEDIA_PREFIX = "newmedia-"
#: A published finding's key: a monitor finding's id, or "newmedia-<id>".
FindingKey = int | str


def finding_order(key: FindingKey) -> tuple[int, int]:
    """Monitor findings first, each kind by id."""
    return (1, int(key.removeprefix(NEW_MEDIA_PREFIX))) if isinstance(key, str) else (0, key)


@dataclass(frozen=True, slots=True)
class LeafSource:
    source: str
    finding_ids: tuple[FindingKey, ...]


def scores_live(*, campaign: Any, framework: str, column: str) -> list[TargetScore]:
    """The engine's scores of every target with points in FRAMEWORK/COLUMN now."""
    return scores_compute(campaign=campaign, framework=framework, column=column)


def leaf_sources(*, campaign: Any, framework: str, column: str) -> dict[tuple[str, str], LeafSource]:
    """(target code, leaf code) → where most of the leaf's points could come from (the part with the largest
    maximum), and the findings the automatic part counted."""
    finding_type = ContentType.objects.get_for_model(FindingRecord)
    account_finding_type = ContentType.objects.get_for_model(AccountFinding)
    parts = (ScorePart.objects.filter(leaf__campaign=campaign, leaf__framework=framework, leaf__column=column,
                                      max_points__gt=0)
             .select_related("leaf__target").prefetch_related("evidence").order_by("pk"))
    main: dict[tuple[str, str], ScorePart] = {}
    findings: dict[tuple[str, str], tuple[FindingKey, ...]] = {}
    for part in parts:
        key = (part.leaf.target.code, part.leaf.code)
        if key not in main or part.max_points > main[key].max_points:
            main[key] = part
        if part.slot == Slot.MONITOR:
            findings[key] = tuple(
                e.object_id if e.content_type_id == finding_type.pk else f"{NEW_MEDIA_PREFIX}{e.object_id}"
                for e in part.evidence.all() if e.content_type_id in (finding_type.pk, account_finding_type.pk))
    return {key: LeafSource(REPORT_SOURCE.get(part.source_kind, "import"), findings.get(key, ()))
            for key, part in main.items()}


def findings_snapshot(ids: Iterable[FindingKey]) -> dict[FindingKey, dict[str, Any]]:
    """The findings with these keys as plain data: check, Chinese title and sentence, page, snippet, leaves; whether
    an archived page stands behind it (`archive`: monitor findings)."""
    ids = set(ids)
    out: dict[FindingKey, dict[str, Any]] = {}
    for record in FindingRecord.objects.filter(pk__in={pk for pk in ids if isinstance(pk, int)}).order_by("pk"):
        title = check_title(record.check_name)
        snippet = record.value[:SNIPPET_CHARS]
        out[record.pk] = {
            "id": record.pk, "check": record.check_name, "title": title, "sentence": record.sentence(),
            "url": record.url, "page": record.page, "snippet": snippet,
            "severity": severity_label(record.severity), "leaves": list(record.leaves), "archive": True,
        }
    new_media = {int(key.removeprefix(NEW_MEDIA_PREFIX)) for key in ids if isinstance(key, str)}
    for finding in AccountFinding.objects.filter(pk__in=new_media).select_related("account__channel").order_by("pk"):
        key = f"{NEW_MEDIA_PREFIX}{finding.pk}"
        account = finding.account
        out[key] = {
            "id": key, "check": finding.check_name, "title": new_media_check_title(finding.check_name),
            "sentence": finding.summary, "url": account.url if account else "",
            "page": str(account) if account else finding.get_platform_display(), "snippet": "",
            "severity": severity_label(finding.severity), "leaves": [], "archive": False,
        }
    return out
