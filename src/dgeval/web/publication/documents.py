"""Report inputs (`dgeval.reports.model`) from a published snapshot, and the report files the platform serves.

The CLI (`dgeval report`) and the download links use the same builders, so both give the same documents. Files are
made on first request and kept per publication version under DATA_DIR/reports/; a republication is a new version,
so a cached file never shows stale results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import fmean
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dgeval.reports.model import (
    CaseLine, CommonFinding, FindingLine, LeafLine, Level1Line, NationalReport, PeerGroupResult, RankingRow,
    TargetReport, Trend,
)
from dgeval.reports.reference import remedy
from dgeval.reports.render import Progress, write_national, write_target
from dgeval.scoring import leaf_max
from dgeval.web.publication import selectors, services
from dgeval.web.publication.models import Publication, PublishedResult
from dgeval.web.scores.groups import group_get, peer_groups
from dgeval.web.scores.services import framework_for

METHOD = (
    "评估采用系统监测、人工采集、依申请公开、专家打分和网民评选相结合的方式：系统监测对网站可用性、链接有效性、"
    "栏目更新、安全与隐私保护等进行自动检测并保存页面存档；人工采集由评估人员按指标体系逐项核查并留存证据。",
    "各项指标得分由评分引擎按指标体系权重汇总为总分，优秀创新案例加分封顶 10 分；同分者名次相同，"
    "后续名次顺延（竞争排名）。省级政府与重点城市、地级市与重点城市分组排名。",
)


def _archive_url(publication: Publication, finding_id: int) -> str:
    from django.urls import reverse

    return reverse("publication:archive", args=[publication.campaign.year, finding_id])


def national_report(publication: Publication) -> NationalReport:
    return national_report_of(campaign=publication.campaign, rows=publication.results.order_by("rank", "target_code"),
                              summary=publication.summary, published_on=publication.published_on.isoformat(),
                              demo=publication.demo)


def draft_rows(campaign: Any) -> tuple[list[PublishedResult], dict[str, Any]]:
    """The campaign's results as they stand (not published): unsaved rows and summary, for a draft report."""
    rows = services.snapshot_build(campaign=campaign)
    return [PublishedResult(**row) for row in rows], services.summary_of(rows, campaign=campaign)


def national_report_of(*, campaign: Any, rows: Iterable[PublishedResult], summary: dict[str, Any],
                       published_on: str, demo: bool) -> NationalReport:
    groups = []
    map_group = ""
    rows_by_group: dict[str, list[PublishedResult]] = {}
    for row in rows:
        rows_by_group.setdefault(row.group, []).append(row)
    for group in peer_groups():
        rows = rows_by_group.get(group.key)
        if not rows:
            continue
        fw = framework_for(campaign=campaign, framework=group.framework)
        maxima = fw.level1_max(group.column)
        level1 = tuple(rows[0].level1)
        groups.append(PeerGroupResult(
            key=group.key, title=group.title, evaluation=fw.title, level1_names=level1,
            level1_max=tuple(maxima.get(n, 0.0) for n in level1),
            rows=tuple(RankingRow(r.target_code, r.target_name, r.rank, r.total, r.base, r.bonus,
                                  tuple(r.level1[n] for n in level1), r.province_code,
                                  {leaf["code"]: leaf["points"] for leaf in r.leaves if leaf["points"] is not None})
                       for r in rows),
            leaf_names=tuple((leaf.code, "/".join(leaf.path)) for leaf in fw.leaves_for(group.column)),
        ))
        if group.map and not map_group:
            map_group = group.key
    titles = {g.key: f"{g.title}（{framework_for(campaign=campaign, framework=g.framework).title}）"
              for g in peer_groups() if g.key in summary.get("scope", {})}
    return NationalReport(
        campaign=campaign.name, year=campaign.year,
        scope=tuple((titles[key], n) for key, n in summary.get("scope", {}).items() if key in titles),
        method=tuple(_(p) for p in METHOD), groups=tuple(groups), map_group=map_group,
        common_findings=tuple(CommonFinding(f["check"], f["title"], f["targets"], f["findings"], remedy(f["check"]))
                              for f in summary.get("common_findings", [])),
        cases=tuple(CaseLine(c["title"], c["target"], c["category"]) for c in summary.get("cases", [])),
        published_on=published_on, demo=demo,
    )


def _finding_line(publication: Publication | None, finding: dict[str, Any]) -> FindingLine:
    return FindingLine(
        check=finding["check"], title=finding["title"], sentence=finding["sentence"], url=finding["url"],
        page=finding["page"], snippet=finding["snippet"], severity=finding["severity"], remedy=remedy(finding["check"]),
        archive_url=_archive_url(publication, finding["id"])
        if publication is not None and finding.get("archive", True) else "",
    )


def target_report(*, campaign: Any, result: dict[str, Any] | PublishedResult, peers: Iterable[Any],
                  publication: Publication | None, link_archives: bool = True) -> TargetReport:
    """The diagnostic of one result among PEERS (its group's results, published or previewed)."""
    get = (lambda k: result[k]) if isinstance(result, dict) else (lambda k: getattr(result, k))
    peer_rows = [(p["total"], p["level1"]) if isinstance(p, dict) else (p.total, p.level1) for p in peers]
    fw = framework_for(campaign=campaign, framework=get("framework"))
    column = get("column")
    maxima = fw.level1_max(column)
    findings = {f["id"]: f for f in get("findings")}
    linked = publication if link_archives else None
    leaves = tuple(LeafLine(
        code=leaf["code"], path=fw.indicator(leaf["code"]).path,
        maximum=float(leaf_max(fw, fw.indicator(leaf["code"]), column) or 0.0), points=leaf["points"],
        source=leaf["source"], findings=tuple(_finding_line(linked, findings[pk]) for pk in leaf["findings"]
                                              if pk in findings),
        bonus=fw.indicator(leaf["code"]).bonus,
    ) for leaf in get("leaves"))
    level1 = tuple(Level1Line(name, points, maxima.get(name, 0.0), fmean(p[1].get(name, 0.0) for p in peer_rows))
                   for name, points in get("level1").items())
    trend = None
    if publication is not None and isinstance(result, PublishedResult):
        previous = selectors.previous_result(publication=publication, result=result)
        if previous is not None:
            earlier, row = previous
            trend = Trend(earlier.campaign.year, row.total, row.rank, earlier.results.filter(group=row.group).count())
    group = group_get(get("group"))
    return TargetReport(
        campaign=campaign.name, year=campaign.year, evaluation=fw.title,
        group_title=group.title if group else get("group"), target_code=get("target_code"),
        target_name=get("target_name"), rank=get("rank"), peers=len(peer_rows), total=get("total"),
        base=get("base"), bonus=get("bonus"), level1=level1, leaves=leaves,
        peer_totals=tuple(p[0] for p in peer_rows), trend=trend,
        published_on=publication.published_on.isoformat() if publication else "",
        demo=bool(publication and publication.demo),
    )


def published_target_report(publication: Publication, result: PublishedResult, *, link_archives: bool = True) -> TargetReport:
    peers = publication.results.filter(group=result.group)
    return target_report(campaign=publication.campaign, result=result, peers=peers, publication=publication,
                         link_archives=link_archives)


def reports_dir(publication: Publication) -> Path:
    return Path(settings.DATA_DIR) / "reports" / str(publication.campaign.year) / f"v{publication.version}"


def _cached(folder: Path, name: str, fmt: str, write: Callable[[Path], Any]) -> Path:
    path = folder / f"{name}.{fmt}"
    if not path.is_file():
        write(folder)
    return path


def national_file(publication: Publication, fmt: str, progress: Progress | None = None) -> Path:
    folder = reports_dir(publication)
    return _cached(folder, "national", fmt, lambda out: write_national(
        national_report(publication), out, **({"progress": progress} if progress else {})))


def target_file(publication: Publication, result: PublishedResult, fmt: str) -> Path:
    folder = reports_dir(publication) / "targets" / result.framework / result.column
    return _cached(folder, result.target_code, fmt,
                   lambda out: write_target(published_target_report(publication, result, link_archives=False), out))
