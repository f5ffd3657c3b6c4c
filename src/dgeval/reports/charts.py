"""ECharts options of the report charts, as plain dicts that the HTML embeds as JSON.

Every number in an option is a published figure or a count of them (see `analysis`), rounded for display only
where the scoring engine rounds (2 decimals in reports); tests compare these data with `dgeval.scoring` results.
Animations are off so that a printed page (PDF) shows the final chart.
"""

from __future__ import annotations

from typing import Any

from dgeval.i18n import gettext as _
from dgeval.reports import analysis
from dgeval.reports.model import NationalReport, PeerGroupResult, TargetReport
from dgeval.reports.reference import map_names

Option = dict[str, Any]
BRAND = "#8b1c1c"
PEER = "#9fb3c8"


def shown(value: float) -> float:
    """A score as reports print it: two decimals, like the ranking tables."""
    return round(value, 2) + 0.0


def _base(title: str) -> Option:
    return {
        "animation": False,
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "textStyle": {"fontFamily": "Noto Sans CJK SC, sans-serif"},
        "grid": {"left": 24, "right": 24, "top": 56, "bottom": 32, "containLabel": True},
        "tooltip": {"trigger": "axis"},
    }


def distribution_chart(group: PeerGroupResult) -> Option:
    """How many targets of the group scored in each band."""
    option = _base(_("%(group)s得分分布") % {"group": group.title})
    option["xAxis"] = {"type": "category", "data": list(analysis.band_labels()), "name": _("总分"), "nameLocation": "middle", "nameGap": 28}
    option["yAxis"] = {"type": "value", "minInterval": 1, "name": _("数量")}
    option["series"] = [{"type": "bar", "name": _("数量"), "color": BRAND, "label": {"show": True, "position": "top"},
                         "data": list(analysis.distribution([row.total for row in group.rows]))}]
    return option


def level1_chart(group: PeerGroupResult) -> Option:
    """Average points of each level-1 indicator next to its maximum."""
    option = _base(_("%(group)s一级指标平均得分") % {"group": group.title})
    option["legend"] = {"bottom": 0}
    option["grid"]["bottom"] = 40
    option["xAxis"] = {"type": "category", "data": list(group.level1_names), "axisLabel": {"interval": 0}}
    option["yAxis"] = {"type": "value", "name": _("分")}
    option["series"] = [
        {"type": "bar", "name": _("平均得分"), "color": BRAND,
         "data": [shown(v) for v in analysis.level1_averages(group)]},
        {"type": "bar", "name": _("满分"), "color": PEER, "data": [shown(v) for v in group.level1_max]},
    ]
    return option


def map_chart(report: NationalReport) -> Option | None:
    """The provinces coloured by their total in `report.map_group`; None when the report has no such group."""
    group = next((g for g in report.groups if g.key == report.map_group), None)
    if group is None or not group.rows:
        return None
    names = map_names()
    data = [{"name": names[row.province_code], "value": shown(row.total)}
            for row in group.rows if row.province_code in names]
    totals = [row.total for row in group.rows]
    return {
        "animation": False,
        "title": {"text": _("%(group)s总分（示意图）") % {"group": group.title}, "left": "center",
                  "subtext": _("示意图，非标准地图"), "textStyle": {"fontSize": 14}},
        "textStyle": {"fontFamily": "Noto Sans CJK SC, sans-serif"},
        "tooltip": {"trigger": "item"},
        "visualMap": {"type": "continuous", "min": shown(min(totals)), "max": shown(max(totals)), "left": 8,
                      "bottom": 8, "calculable": False, "text": [_("高"), _("低")],
                      "inRange": {"color": ["#fbe9e7", "#e57373", BRAND]}},
        "series": [{"type": "map", "map": "china", "name": group.title, "roam": False,
                    "label": {"show": True, "fontSize": 8}, "data": data}],
    }


def target_level1_chart(report: TargetReport) -> Option:
    """The target's level-1 points next to its peers' average and the maximum."""
    option = _base(_("一级指标得分与同组平均"))
    option["legend"] = {"bottom": 0}
    option["grid"]["bottom"] = 40
    option["xAxis"] = {"type": "category", "data": [line.name for line in report.level1], "axisLabel": {"interval": 0}}
    option["yAxis"] = {"type": "value", "name": _("分")}
    option["series"] = [
        {"type": "bar", "name": report.target_name, "color": BRAND, "data": [shown(l.points) for l in report.level1]},
        {"type": "bar", "name": _("同组平均"), "color": PEER, "data": [shown(l.peer_average) for l in report.level1]},
        {"type": "bar", "name": _("满分"), "color": "#d9e2ec", "data": [shown(l.maximum) for l in report.level1]},
    ]
    return option


def target_position_chart(report: TargetReport) -> Option:
    """The peer group's distribution with the band of the target's own total marked."""
    option = _base(_("在%(group)s中的位置") % {"group": report.group_title})
    counts = analysis.distribution(report.peer_totals)
    own = analysis.band_of(report.total)
    option["xAxis"] = {"type": "category", "data": list(analysis.band_labels()), "name": _("总分"), "nameLocation": "middle", "nameGap": 28}
    option["yAxis"] = {"type": "value", "minInterval": 1, "name": _("数量")}
    option["series"] = [{
        "type": "bar", "name": _("数量"), "label": {"show": True, "position": "top"},
        "data": [{"value": n, "itemStyle": {"color": BRAND if i == own else PEER}} for i, n in enumerate(counts)],
    }]
    return option
