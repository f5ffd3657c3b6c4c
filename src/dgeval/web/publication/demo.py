"""Demo 结果发布: a finished 2019 campaign whose results are published, so the demo shows the whole product.

演示数据, labelled as such on every page: the targets are the real registry (provinces, key cities, ministries), a
sample of 地级市 and the five demo counties; their points are synthetic and deterministic (the same every build).
The counties are scanned for real by the monitor, their findings reviewed, and the monitor's points computed from
them, so a scorecard leads to real findings and archived pages. Every other leaf gets points from a seeded random
level per target, written in one bulk import (one audit entry) to keep `dgeval demo` fast.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from dgeval.scoring import leaf_max
from dgeval.targets import load_divisions
from dgeval.web.campaigns.models import Campaign
from dgeval.web.campaigns.services import PHASES_2020, campaign_create
from dgeval.web.common.demo import DemoContext
from dgeval.web.common.frameworks import framework_for
from dgeval.web.monitoring.models import FindingRecord, FindingStatus
from dgeval.web.monitoring.services import finding_review, scan_options, scan_run_create, scan_run_execute
from dgeval.web.publication.services import results_publish
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import leaf_scores_import
from dgeval.web.targets.models import Target, TargetKind
from dgeval.web.targets.services import target_create

YEAR = 2019
NAME = "2019年数字政府服务能力评估暨第十八届政府网站绩效评估（演示）"
PUBLISHED_ON = date(2019, 12, 16)
SCAN_AS_OF = date(2019, 11, 20)
CITIES = 24
SEED = 2019
#: The monitor's findings the demo reviewer confirms (the others stay pending and give no deduction).
CONFIRMED = frozenset({"broken_link", "stale_column", "blank_column", "wrong_word", "id_number_leak", "phone_leak",
                       "orphan_interpretation", "overdue_message", "missing_icp", "missing_site_code",
                       "missing_psb_filing", "missing_gov_badge"})


def _campaign() -> Campaign:
    phases = {kind: (start - timedelta(days=366), end - timedelta(days=366)) for kind, (start, end) in
              PHASES_2020.items()}
    return campaign_create(year=YEAR, name=NAME, framework_year=2020, phases=phases)


def _cities(actor: Any) -> list[Target]:
    """A deterministic sample of 地级市 (not key cities) under their province targets."""
    divisions = load_divisions()
    provinces = {t.division_code: t for t in Target.objects.filter(kind=TargetKind.PROVINCE)}
    candidates = sorted((d for d in divisions.by_code.values() if d.level == "prefecture"
                         and d.code not in divisions.key_city_codes and d.parent_code in provinces
                         and d.name.endswith("市")), key=lambda d: d.code)
    picked = random.Random(SEED).sample(candidates, min(CITIES, len(candidates)))
    out = []
    for division in sorted(picked, key=lambda d: d.code):
        existing = Target.objects.filter(code=division.code).first()
        out.append(existing or target_create(
            code=division.code, name=f"{division.name}人民政府", short_name=division.name, kind=TargetKind.CITY,
            parent=provinces[division.parent_code], division_code=division.code, actor=actor, reason="演示数据"))
    return out


def _scan_counties(campaign: Campaign, counties: list[Target], actor: Any, reviewer: Any) -> int:
    run = scan_run_create(campaign=campaign, kind="scan", targets=counties, actor=actor,
                          options=scan_options(external="skip", as_of=SCAN_AS_OF, max_pages=300),
                          override_reason="演示：补建 2019 年度监测记录")
    scan_run_execute(run_id=run.pk)
    confirmed = 0
    for finding in FindingRecord.objects.filter(campaign=campaign, status=FindingStatus.PENDING).order_by("pk"):
        if finding.check_name in CONFIRMED:
            finding_review(finding=finding, status="confirmed", actor=reviewer, reason="演示：人工核实属实")
            confirmed += 1
    return confirmed


def _synthetic_points(campaign: Campaign, targets: list[Target], actor: Any) -> int:
    """Points for every applicable leaf not yet scored, around a per-target level, imported as one sheet."""
    rnd = random.Random(SEED)
    done = set(LeafScore.objects.filter(campaign=campaign).values_list("target_id", "framework", "column", "code"))
    rows = []
    for target in targets:
        level = rnd.uniform(0.5, 0.93)
        for framework, column in target.evaluations(campaign):
            fw = framework_for(campaign=campaign, framework=framework)
            for leaf in fw.leaves_for(column):
                if (target.pk, framework, column, leaf.code) in done:
                    continue
                if leaf.bonus:
                    if rnd.random() < 0.15:  # a few targets had a case selected
                        rows.append((target, framework, column, leaf.code, rnd.choice((2.0, 3.0, 5.0))))
                    continue
                maximum = float(leaf_max(fw, leaf, column) or 0.0)
                share = min(1.0, max(0.0, rnd.gauss(level, 0.15)))
                rows.append((target, framework, column, leaf.code, round(maximum * share * 2) / 2))
    return leaf_scores_import(campaign=campaign, rows=rows, source_label="demo-2019.xlsx", actor=actor,
                              reason="演示数据：2019 年打分表导入")


def seed(ctx: DemoContext) -> str:
    admin, evaluator = ctx.user("admin"), ctx.user("evaluator")
    campaign = Campaign.objects.filter(year=YEAR).first() or _campaign()
    cities = _cities(admin)
    confirmed = _scan_counties(campaign, list(ctx.counties), admin, evaluator)
    targets = list(Target.objects.filter(kind__in=[TargetKind.PROVINCE, TargetKind.CORPS, TargetKind.KEY_CITY,
                                                   TargetKind.MINISTRY], has_website=True)) + cities + list(ctx.counties)
    written = _synthetic_points(campaign, targets, admin)
    publication = results_publish(campaign=campaign, actor=admin, on=PUBLISHED_ON, demo=True)
    return (f"{campaign.name}：{publication.results.count()} 项结果已发布（确认问题 {confirmed} 个，"
            f"模拟得分 {written} 项）")
