"""Every number in a chart equals the scoring engine's."""

from __future__ import annotations

import json
import re

from dgeval.reports import analysis, charts
from dgeval.reports.html import national_context, render_national, render_target
from dgeval.reports.reference import map_names
from dgeval.scoring import competition_ranks


def _engine_totals(published, codes):
    return {s.target: s.total for s in published["scores"] if s.target in codes}


def test_peer_groups_rank_apart_with_the_engines_ties(published):
    provinces = published["report"].groups[0]
    totals = _engine_totals(published, published["provinces"])
    codes = [row.code for row in provinces.rows]
    assert {row.code: row.total for row in provinces.rows} == totals
    assert [row.rank for row in provinces.rows] == sorted(competition_ranks([totals[c] for c in codes]))
    tied = [row for row in provinces.rows if row.code in published["provinces"][:2]]
    assert tied[0].rank == tied[1].rank  # identical points share a rank
    assert min(row.rank for row in published["report"].groups[1].rows) == 1  # key cities ranked on their own


def test_map_values_are_the_engines_province_totals(published):
    option = charts.map_chart(published["report"])
    names = map_names()
    totals = _engine_totals(published, published["provinces"])
    expected = {names[c]: round(t, 2) for c, t in totals.items() if c in names}
    assert {d["name"]: d["value"] for d in option["series"][0]["data"]} == expected
    assert "660000" not in names and len(expected) == len(totals) - 1  # 兵团 has no polygon: listed in the table


def test_distribution_counts_the_engines_totals(published):
    for group in published["report"].groups:
        option = charts.distribution_chart(group)
        totals = [s.total for s in published["scores"] if s.target in {r.code for r in group.rows}]
        data = option["series"][0]["data"]
        assert sum(data) == len(totals)
        for i, count in enumerate(data):
            assert count == sum(1 for t in totals if analysis.band_of(t) == i)


def test_level1_averages_are_the_engines_subtotals(published):
    group = published["report"].groups[0]
    option = charts.level1_chart(group)
    scores = [s for s in published["scores"] if s.target in published["provinces"]]
    for i, name in enumerate(group.level1_names):
        expected = sum(s.level1[name] for s in scores) / len(scores)
        assert option["series"][0]["data"][i] == round(expected, 2)
        assert option["series"][1]["data"][i] == published["framework"].level1_max("government")[name]


def test_html_embeds_exactly_the_chart_options(published):
    html = render_national(published["report"])
    embedded = {m.group(1): json.loads(m.group(2)) for m in
                re.finditer(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', html, re.S)}
    context = national_context(published["report"])
    assert embedded["map"] == context["map_option"]
    assert embedded["dist-dg_province"] == context["groups"][0]["distribution"]
    assert 'src="http' not in html and "href=\"http" not in html  # nothing loaded from the network


def test_target_charts_show_the_targets_subtotals(target_report):
    option = charts.target_level1_chart(target_report)
    assert option["series"][0]["data"] == [round(line.points, 2) for line in target_report.level1]
    position = charts.target_position_chart(target_report)
    assert sum(d["value"] for d in position["series"][0]["data"]) == target_report.peers
    own = analysis.band_of(target_report.total)
    assert position["series"][0]["data"][own]["itemStyle"]["color"] == charts.BRAND
    assert target_report.target_name in render_target(target_report)
