"""Demo 打分表导入: the leaves no other source scored get the demo evaluator sheet's points (source "import").

As the team does when it imports its spreadsheet; leaves scored by the monitor, manual collection or 依申请公开 keep
their points, so the ranking reflects both the sheet and what the monitor found.
"""

from __future__ import annotations

from dgeval.scoring import points_from_fraction
from dgeval.web.demo.context import DemoContext
from dgeval.web.scores.models import LeafScore
from dgeval.web.scores.services import framework_for, leaf_score_set

#: Share of each leaf's weight the sheet gives each portal (by site key).
DEMO_QUALITY = {"qinghe": 0.86, "xiling": 0.82, "dongshan": 0.8, "linchuan": 0.78, "nanhu": 0.76}


def seed(ctx: DemoContext) -> str:
    written = 0
    admin = ctx.user("admin")
    for target in ctx.counties:
        key = ctx.site_of(target).spec.key
        for framework, column in target.evaluations():
            fw = framework_for(campaign=ctx.campaign, framework=framework)
            done = set(LeafScore.objects.filter(campaign=ctx.campaign, target=target, framework=framework,
                                                column=column).values_list("code", flat=True))
            for n, leaf in enumerate(fw.leaves_for(column)):
                if leaf.bonus or leaf.code in done:
                    continue
                # Deterministic spread around the site's level: the same demo every run.
                fraction = min(1.0, max(0.0, DEMO_QUALITY.get(key, 0.8) + ((n * 7 + len(key)) % 5 - 2) * 0.05))
                points = round(points_from_fraction(fw, column, leaf.code, fraction) * 2) / 2  # half points
                leaf_score_set(campaign=ctx.campaign, target=target, framework=framework, column=column,
                               code=leaf.code, points=points, source_kind="import", source_id="demo-sheet.xlsx",
                               actor=admin, reason="演示：评估员打分表导入")
                written += 1
    return f"{written} 项"
