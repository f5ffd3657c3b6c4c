"""A small published evaluation built with the real framework and scoring engine: provinces and key cities in
数字政府 (one column, two peer groups), with a tie, a bonus and a target with findings."""

from __future__ import annotations

import random

import pytest

from dgeval.framework import load_framework
from dgeval.reports.groups import peer_group
from dgeval.reports.model import (
    CommonFinding, FindingLine, LeafLine, Level1Line, NationalReport, TargetReport, Trend,
)
from dgeval.scoring import leaf_max, score_targets
from dgeval.targets import load_targets


def synthetic_points(framework, column, codes, seed=7):
    rnd = random.Random(seed)
    points = {}
    for code in codes:
        level = rnd.uniform(0.45, 0.95)
        points[code] = {leaf.code: round(leaf_max(framework, leaf, column) * min(1.0, level * rnd.uniform(0.8, 1.2)), 1)
                        for leaf in framework.base_indicators if leaf.weights.get(column) is not None}
    return points


@pytest.fixture(scope="session")
def published():
    fw = load_framework("digital_gov", 2020)
    registry = {t.code: t for t in load_targets()}
    provinces = [t.code for t in registry.values() if t.level == "province"]
    cities = [t.code for t in registry.values() if t.level == "key_city"][:10]
    points = synthetic_points(fw, "government", provinces + cities)
    # A tie (same points as another province) and a bonus for one province.
    points[provinces[1]] = dict(points[provinces[0]])
    points[provinces[2]][fw.bonus_indicators[0].code] = 3.0
    scores = score_targets(fw, "government", points)
    names = {c: t.name for c, t in registry.items()}
    province_of = {c: (t.parent_code or c) for c, t in registry.items()}
    groups = (
        peer_group(key="dg_province", title="省级政府", framework=fw, column="government",
                   scores=[s for s in scores if s.target in provinces], names=names, province_codes=province_of),
        peer_group(key="dg_key_city", title="重点城市", framework=fw, column="government",
                   scores=[s for s in scores if s.target in cities], names=names, province_codes=province_of),
    )
    report = NationalReport(
        campaign="2019年数字政府服务能力评估（测试）", year=2019,
        scope=(("省级政府", len(provinces)), ("重点城市", len(cities))), method=("系统监测与人工采集相结合。",),
        groups=groups, map_group="dg_province",
        common_findings=(CommonFinding("broken_link", "不可用链接", 12, 40, "删除或更正失效链接"),),
        published_on="2019-12-15", demo=True,
    )
    return {"framework": fw, "scores": scores, "report": report, "provinces": provinces, "cities": cities,
            "names": names}


@pytest.fixture(scope="session")
def target_report(published):
    fw, group = published["framework"], published["report"].groups[0]
    row = group.rows[3]
    score = next(s for s in published["scores"] if s.target == row.code)
    leaves = []
    for leaf in fw.leaves_for("government"):
        findings = ()
        if leaf.code == fw.base_indicators[0].code:
            findings = (FindingLine("broken_link", "不可用链接", "首页有 1 个链接无法打开（HTTP 404）",
                                    "http://www.example.gov.cn/a.html", "http://www.example.gov.cn/",
                                    "<a href=\"/a.html\">通知公告</a>", "中", "删除或更正失效链接"),)
        leaves.append(LeafLine(leaf.code, leaf.path, leaf_max(fw, leaf, "government"), score.leaves.get(leaf.code),
                               "monitor" if findings else "manual", findings, bonus=leaf.bonus))
    level1 = tuple(Level1Line(n, row.level1[i], group.level1_max[i],
                              sum(r.level1[i] for r in group.rows) / len(group.rows))
                   for i, n in enumerate(group.level1_names))
    return TargetReport(
        campaign="2019年数字政府服务能力评估（测试）", year=2019, evaluation=fw.title, group_title=group.title,
        target_code=row.code, target_name=row.name, rank=row.rank, peers=len(group.rows), total=row.total,
        base=row.base, bonus=row.bonus, level1=level1, leaves=tuple(leaves),
        peer_totals=tuple(r.total for r in group.rows), trend=Trend(2018, row.total - 3.5, row.rank + 2, 33),
        published_on="2019-12-15", demo=True,
    )
