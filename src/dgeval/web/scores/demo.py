"""Demo 打分表导入: the person part of every leaf no one has scored by hand gets the demo evaluators' sheet's points.

As the team does when it imports its spreadsheet (source "import", the file named as its source): the sheet scores
the part of each leaf the monitor did not observe, so the monitor's parts, manual collection and 依申请公开 keep their
points and the ranking reflects all of them.
"""

from __future__ import annotations

from dgeval.web.common.demo import DemoContext
from dgeval.web.common.frameworks import framework_for
from dgeval.web.scores.models import SourceKind
from dgeval.web.scores.selectors import manual_part_maxima, person_parts
from dgeval.web.scores.services import score_part_set

#: Share of each part's maximum the sheet gives each portal (by site key).
DEMO_QUALITY = {"qinghe": 0.86, "xiling": 0.82, "dongshan": 0.8, "linchuan": 0.78, "nanhu": 0.76}
SHEET = "评估员打分表（演示）.xlsx"


def seed(ctx: DemoContext) -> str:
    written = 0
    admin = ctx.user("admin")
    for target in ctx.counties:
        key = ctx.site_of(target).spec.key
        for framework, column in target.evaluations(ctx.campaign):
            fw = framework_for(campaign=ctx.campaign, framework=framework)
            leaves = [(target.pk, framework, column, leaf.code) for leaf in fw.leaves_for(column) if not leaf.bonus]
            maxima = manual_part_maxima(campaign=ctx.campaign, keys=leaves)
            scored = person_parts(campaign=ctx.campaign, keys=leaves)
            for n, leaf in enumerate(leaves):
                if leaf in scored or maxima[leaf] <= 0:
                    continue
                # Deterministic spread around the site's level: the same demo every run.
                fraction = min(1.0, max(0.0, DEMO_QUALITY.get(key, 0.8) + ((n * 7 + len(key)) % 5 - 2) * 0.05))
                points = min(maxima[leaf], round(maxima[leaf] * fraction * 2) / 2)  # half points, as evaluators give
                score_part_set(campaign=ctx.campaign, target=target, framework=framework, column=column,
                               code=leaf[3], source_kind=SourceKind.IMPORT, points=points, max_points=maxima[leaf],
                               source_label=SHEET, actor=admin, reason="演示：评估员打分表导入")
                written += 1
    return f"{written} 项"
