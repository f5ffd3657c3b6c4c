"""The inspection verdict: 单项否决 rules from data/inspection_rules.toml applied to findings and probe records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dgeval.errors import CheckError
from dgeval.monitor.model import Finding
from dgeval.monitor.verdict import FAIL, PASS, judge, load_rules


def stale(column_class: str, n: int) -> list[Finding]:
    return [Finding("stale_column", f"http://x/c{column_class}{i}/", evidence={"column_class": column_class,
                                                                             "days_since_update": 400})
            for i in range(n)]


def blank(n: int) -> list[Finding]:
    return [Finding("blank_column", f"http://x/b{i}/") for i in range(n)]


def records(days: int, per_day: int, failures_per_day: int) -> list[dict[str, Any]]:
    out = []
    for day in range(days):
        for i in range(per_day):
            out.append({"time": f"2020-10-{day + 1:02d}T{i % 24:02d}:00:00+00:00", "ok": i >= failures_per_day})
    return out


@pytest.mark.parametrize("findings, rule", [
    (stale("dynamic", 3) + stale("notice", 2), "columns"),
    (stale("long", 10), "columns"),
    (blank(5), "columns"),
    ([Finding("homepage_not_updated", "http://x/", evidence={"days_since_update": 20})], "homepage"),
    ([Finding("overdue_message", "http://x/m/1", evidence={"days_unanswered": 91})], "interaction"),
])
def test_each_veto_rule_fails_the_site(findings: list[Finding], rule: str) -> None:
    verdict = judge(findings)
    assert verdict.label == FAIL
    assert [o.rule for o in verdict.deciding] == [rule]


@pytest.mark.parametrize("findings", [
    [],
    stale("dynamic", 2) + stale("notice", 2) + stale("long", 9) + blank(4),
    [Finding("overdue_message", "http://x/m/1", evidence={"days_unanswered": 90})],
    [Finding("broken_link", "http://x/a")] * 50,
])
def test_below_thresholds_passes(findings: list[Finding]) -> None:
    verdict = judge(findings)
    assert verdict.label == PASS and verdict.deciding == ()


def test_availability_needs_a_full_week_of_probes() -> None:
    short = judge([], probe_records=records(days=3, per_day=20, failures_per_day=10))
    availability = next(o for o in short.outcomes if o.rule == "availability")
    assert availability.vetoed is None and short.label == PASS
    failing = judge([], probe_records=records(days=7, per_day=20, failures_per_day=1))  # exactly 5 %
    assert [o.rule for o in failing.deciding] == ["availability"]
    fine = judge([], probe_records=records(days=7, per_day=40, failures_per_day=1))  # 2.5 %
    assert fine.label == PASS


def test_thresholds_come_from_the_rules_file(tmp_path: Path) -> None:
    rules = load_rules()
    rules["columns"]["veto_blank"] = 2
    assert judge(blank(2), rules=rules).label == FAIL
    assert judge(blank(2)).label == PASS


def test_incomplete_rules_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[availability]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(CheckError, match=r"\[availability\] period_days is missing"):
        load_rules(path)
