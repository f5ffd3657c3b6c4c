"""HTML reports: Jinja2 templates in `templates/`, ECharts and the provinces map inlined from `static/`.

A report is one self-contained file: it opens from disk or a mail attachment without a network, and it is what
Chromium prints to PDF. Every user-facing string goes through gettext (`_` in the templates).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dgeval.i18n import gettext as _
from dgeval.reports import analysis, charts
from dgeval.reports.model import NationalReport, TargetReport
from dgeval.reports.reference import STATIC


def source_labels() -> dict[str, str]:
    return {"monitor": _("系统监测"), "manual": _("人工采集"), "foi": _("依申请公开"), "import": _("导入"),
            "bonus": _("加分项")}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dgeval.reports", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["_"] = _
    return env


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (STATIC / name).read_text("utf-8")


def _render(template: str, context: dict[str, Any]) -> str:
    context.setdefault("china_map", "")
    context["echarts_js"] = _asset("echarts/echarts.min.js") if context.get("charts") else ""
    return _environment().get_template(template).render(**context)


def national_context(report: NationalReport) -> dict[str, Any]:
    """The figures the national template shows, per peer group; tests read the chart options from here too."""
    groups = [{
        "group": group,
        "summary": analysis.summary([row.total for row in group.rows]),
        "distribution": charts.distribution_chart(group),
        "level1": charts.level1_chart(group),
        "regions": analysis.region_averages(group),
        "level1_averages": analysis.level1_averages(group),
    } for group in report.groups]
    return {"report": report, "groups": groups, "map_option": charts.map_chart(report), "demo": report.demo}


def render_national(report: NationalReport) -> str:
    context = national_context(report)
    context["charts"] = True
    if context["map_option"] is not None:
        context["china_map"] = _asset("map/china.json")
    return _render("national.html", context)


def render_target(report: TargetReport) -> str:
    return _render("target.html", {
        "report": report, "demo": report.demo, "charts": True, "source_labels": source_labels(),
        "level1_option": charts.target_level1_chart(report), "position_option": charts.target_position_chart(report),
    })
