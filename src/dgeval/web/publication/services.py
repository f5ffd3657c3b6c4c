"""Publishing a campaign's results: freeze a snapshot (audited); republish with a change note, keeping the old one."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.reports.groups import peer_group
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.common.clock import today
from dgeval.web.cases.selectors import cases_selected
from dgeval.web.publication import sources
from dgeval.web.publication.models import Publication, PublishedResult
from dgeval.web.scores.groups import PeerGroup, peer_groups
from dgeval.web.scores.services import framework_for
from dgeval.web.targets.models import Target


def _province_code(target: Target) -> str:
    chain = [target, *target.ancestors()]
    code = chain[-1].division_code or chain[-1].code
    return code if code.isdigit() else ""


def group_results(*, campaign: Any, group: PeerGroup, targets: dict[str, Target]) -> list[dict[str, Any]]:
    """The group's members ranked among themselves, each with leaves, sources and findings, as plain data."""
    fw = framework_for(campaign=campaign, framework=group.framework)
    scores = [s for s in sources.scores_live(campaign=campaign, framework=group.framework, column=group.column)
              if s.target in targets and targets[s.target].kind in group.kinds]
    if not scores:
        return []
    names = {code: t.name for code, t in targets.items()}
    provinces = {code: _province_code(t) for code, t in targets.items()}
    ranking = peer_group(key=group.key, title=group.title, framework=fw, column=group.column, scores=scores,
                         names=names, province_codes=provinces)
    origin = sources.leaf_sources(campaign=campaign, framework=group.framework, column=group.column)
    finding_ids = {pk for src in origin.values() for pk in src.finding_ids}
    findings = sources.findings_snapshot(finding_ids)
    out = []
    for row in ranking.rows:
        leaves = []
        for leaf in fw.leaves_for(group.column):
            src = origin.get((row.code, leaf.code))
            points = row.leaves.get(leaf.code)
            source = "bonus" if leaf.bonus and points is not None else (src.source if src else "")
            leaves.append({"code": leaf.code, "points": points, "source": source,
                           "findings": [pk for pk in (src.finding_ids if src else ()) if pk in findings]})
        ids = sorted({pk for leaf in leaves for pk in leaf["findings"]}, key=sources.finding_order)
        out.append({
            "target": targets[row.code], "target_code": row.code, "target_name": row.name,
            "target_kind": targets[row.code].kind, "province_code": row.province_code, "group": group.key,
            "framework": group.framework, "column": group.column, "rank": row.rank, "total": row.total,
            "base": row.base, "bonus": row.bonus, "level1": dict(zip(ranking.level1_names, row.level1)),
            "leaves": leaves, "findings": [findings[pk] for pk in ids],
        })
    return out


def snapshot_build(*, campaign: Any) -> list[dict[str, Any]]:
    """Every peer group's results now, as `PublishedResult` field values."""
    targets = {t.code: t for t in Target.objects.select_related("parent__parent")}
    return [row for group in peer_groups() for row in group_results(campaign=campaign, group=group, targets=targets)]


def summary_of(rows: list[dict[str, Any]], *, campaign: Any) -> dict[str, Any]:
    """Campaign-wide figures of the national report: scope counts, the most common findings, the selected cases."""
    scope = Counter(row["group"] for row in rows)
    by_check: dict[str, dict[str, Any]] = {}
    for row in rows:
        for finding in row["findings"]:
            entry = by_check.setdefault(finding["check"], {"check": finding["check"], "title": finding["title"],
                                                           "targets": set(), "findings": set()})
            entry["targets"].add(row["target_code"])
            entry["findings"].add(finding["id"])
    common = sorted(({**e, "targets": len(e["targets"]), "findings": len(e["findings"])} for e in by_check.values()),
                    key=lambda e: (-e["targets"], -e["findings"], e["check"]))
    return {"scope": dict(scope), "common_findings": common, "cases": cases_summary(campaign=campaign)}


def cases_summary(*, campaign: Any) -> list[dict[str, str]]:
    """The campaign's selected 优秀创新案例 (decided after the public vote), in the form's category order: each case
    with the targets it scores for and its category, as the national report lists them."""
    return [{"title": case.name, "target": "、".join(t.name for t in case.targets.all()),
             "category": str(case.get_category_display())} for case in cases_selected(campaign=campaign)]


def _changes(before: Publication | None, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per target and group whose total or rank moved (or which appeared or left): before → after."""
    if before is None:
        return []
    old = {(r.group, r.target_code): r for r in before.results.all()}
    new = {(r["group"], r["target_code"]): r for r in rows}
    out = []
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key), new.get(key)
        if o and n and round(o.total, 4) == round(n["total"], 4) and o.rank == n["rank"]:
            continue
        out.append({"group": key[0], "target_code": key[1],
                    "target_name": n["target_name"] if n else o.target_name,  # type: ignore[union-attr]
                    "total_before": o.total if o else None, "total_after": n["total"] if n else None,
                    "rank_before": o.rank if o else None, "rank_after": n["rank"] if n else None})
    return out


@transaction.atomic
def results_publish(*, campaign: Any, actor: Any, note: str = "", on: date | None = None,
                    demo: bool = False) -> Publication:
    """Freeze the campaign's results into a new publication version (admin only; audited).

    The first publication needs no note; a republication must say why, and records per target what changed.
    """
    require_role(actor, Role.ADMIN)
    previous = Publication.objects.filter(campaign=campaign).order_by("-version").first()
    note = note.strip()
    if previous is not None and not note:
        raise WorkflowError(_("重新发布须填写变更说明（改了什么、为什么）"))
    rows = snapshot_build(campaign=campaign)
    if not rows:
        raise WorkflowError(_("“%(campaign)s”还没有可发布的得分") % {"campaign": campaign.name})
    publication = Publication.objects.create(
        campaign=campaign, version=(previous.version + 1) if previous else 1, published_on=on or today(),
        published_by=actor, note=note, changes=_changes(previous, rows), summary=summary_of(rows, campaign=campaign), demo=demo,
    )
    PublishedResult.objects.bulk_create(PublishedResult(publication=publication, **row) for row in rows)
    audit_record(
        actor=actor, action="results.republish" if previous else "results.publish", obj=publication,
        before={"version": previous.version} if previous else None,
        after={"version": publication.version, "results": len(rows), "changed": len(publication.changes)},
        reason=note,
    )
    return publication
