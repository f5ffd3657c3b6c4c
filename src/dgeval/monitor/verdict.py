"""The inspection verdict: 合格 or 不合格 under the national 单项否决 rules (issue 4 §4).

The rules and their thresholds live in `data/inspection_rules.toml`; this module only counts findings (and probe
records, for availability) against them. Rules a scan cannot judge — availability needs a week of probes, ≥ 20 a
day — are reported as not assessed, never as passed or failed on thin evidence.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from dgeval.errors import CheckError
from dgeval.monitor.model import Finding

RULES_FILE = Path(__file__).resolve().parent / "data" / "inspection_rules.toml"
PASS = "合格"
FAIL = "不合格"


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """One veto rule applied: `vetoed` True = it makes the site 不合格; None = not assessable from this input."""

    rule: str
    name: str
    vetoed: bool | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "vetoed": self.vetoed, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Verdict:
    outcomes: tuple[RuleOutcome, ...]
    deciding: tuple[RuleOutcome, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return not self.deciding

    @property
    def label(self) -> str:
        return PASS if self.passed else FAIL

    def to_json(self) -> dict[str, Any]:
        return {
            "result": self.label,
            "passed": self.passed,
            "deciding": [o.to_json() for o in self.deciding],
            "rules": [o.to_json() for o in self.outcomes],
        }


def load_rules(path: Path | str = RULES_FILE) -> dict[str, Any]:
    """Read and sanity-check the rules file; errors name the file, the field and what was expected."""
    path = Path(path)
    try:
        rules = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CheckError(f"{path}: cannot read inspection rules: {exc}") from exc
    required = {
        "availability": ("name", "period_days", "min_probes_per_day", "timeout_seconds", "veto_failure_share"),
        "homepage": ("name", "veto_days"),
        "columns": ("name", "counted_classes", "veto_stale", "long_classes", "veto_long_stale", "veto_blank"),
        "interaction": ("name", "veto_unanswered_days"),
    }
    for section, keys in required.items():
        for key in keys:
            if key not in rules.get(section, {}):
                raise CheckError(f"{path}: [{section}] {key} is missing; expected it as in the shipped file")
    return rules


def failure_rate(records: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(failures, probes) over availability records (`ok` False = failure)."""
    total = failures = 0
    for record in records:
        total += 1
        failures += not record.get("ok")
    return failures, total


def _availability(rules: Mapping[str, Any], records: list[Mapping[str, Any]] | None) -> RuleOutcome:
    rule = rules["availability"]
    if not records:
        return RuleOutcome("availability", rule["name"], None, "no probe records (run `dgeval probe` for a week)")
    per_day: dict[str, int] = {}
    for record in records:
        day = str(record.get("time", ""))[:10]
        per_day[day] = per_day.get(day, 0) + 1
    full_days = sum(1 for count in per_day.values() if count >= rule["min_probes_per_day"])
    failures, total = failure_rate(records)
    share = failures / total
    detail = f"{failures}/{total} probes failed ({share:.1%}); {full_days} day(s) with ≥ {rule['min_probes_per_day']} probes"
    if full_days < rule["period_days"]:
        return RuleOutcome("availability", rule["name"], None,
                           detail + f"; the rule needs {rule['period_days']} such days")
    return RuleOutcome("availability", rule["name"], share >= rule["veto_failure_share"], detail)


def _homepage(rules: Mapping[str, Any], findings: list[Finding]) -> RuleOutcome:
    rule = rules["homepage"]
    stale = [
        f for f in findings
        if f.check == "homepage_not_updated"
        and int(f.evidence.get("days_since_update", rule["veto_days"])) >= rule["veto_days"]
    ]
    if stale:
        days = stale[0].evidence.get("days_since_update")
        return RuleOutcome("homepage", rule["name"], True,
                           f"homepage not updated for {days if days is not None else '≥ ' + str(rule['veto_days'])} days")
    return RuleOutcome("homepage", rule["name"], False, "homepage updated within the period")


def _columns(rules: Mapping[str, Any], findings: list[Finding]) -> RuleOutcome:
    rule = rules["columns"]
    stale = [f for f in findings if f.check == "stale_column"]
    counted = sum(1 for f in stale if f.evidence.get("column_class") in rule["counted_classes"])
    long_stale = sum(1 for f in stale if f.evidence.get("column_class") in rule["long_classes"])
    blank = sum(1 for f in findings if f.check == "blank_column")
    reasons = []
    if counted >= rule["veto_stale"]:
        reasons.append(f"{counted} stale dynamic/notice columns (≥ {rule['veto_stale']})")
    if long_stale >= rule["veto_long_stale"]:
        reasons.append(f"{long_stale} long-stale columns (≥ {rule['veto_long_stale']})")
    if blank >= rule["veto_blank"]:
        reasons.append(f"{blank} blank columns (≥ {rule['veto_blank']})")
    detail = "; ".join(reasons) or f"{counted} stale, {long_stale} long-stale, {blank} blank columns"
    return RuleOutcome("columns", rule["name"], bool(reasons), detail)


def _interaction(rules: Mapping[str, Any], findings: list[Finding]) -> RuleOutcome:
    rule = rules["interaction"]
    limit = rule["veto_unanswered_days"]
    worst = max((int(f.evidence.get("days_unanswered", 0)) for f in findings if f.check == "overdue_message"),
                default=0)
    if worst > limit:
        return RuleOutcome("interaction", rule["name"], True, f"a message unanswered for {worst} days (> {limit})")
    return RuleOutcome("interaction", rule["name"], False,
                       f"longest unanswered message: {worst} days" if worst else "no message unanswered too long")


def judge(
    findings: Iterable[Finding],
    *,
    probe_records: list[Mapping[str, Any]] | None = None,
    rules: Mapping[str, Any] | None = None,
) -> Verdict:
    """Apply every veto rule; the site is 不合格 when any rule vetoes."""
    rules = rules or load_rules()
    findings = list(findings)
    outcomes = (
        _availability(rules, probe_records),
        _homepage(rules, findings),
        _columns(rules, findings),
        _interaction(rules, findings),
    )
    return Verdict(outcomes, tuple(o for o in outcomes if o.vetoed))
