"""The inspection verdict: 合格 or 不合格 under the national 单项否决 rules.

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
from dgeval.i18n import gettext as _
from dgeval.monitor.availability import summarize
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
    summary = summarize(records)
    return summary.failures, summary.probes


def _availability(rules: Mapping[str, Any], records: list[Mapping[str, Any]] | None) -> RuleOutcome:
    rule = rules["availability"]
    if not records:
        return RuleOutcome("availability", rule["name"], None, _("没有可用性探测记录（需连续探测一周）"))
    summary = summarize(records)
    full_days = summary.full_days(rule["min_probes_per_day"])
    share = summary.rate or 0.0
    detail = _("探测 {probes} 次，失败 {failures} 次（故障率 {share}）；探测不少于 {per_day} 次的天数 {days} 天").format(
        probes=summary.probes, failures=summary.failures, share=f"{share:.1%}", per_day=rule["min_probes_per_day"],
        days=full_days)
    if full_days < rule["period_days"]:
        return RuleOutcome("availability", rule["name"], None,
                           detail + _("；规则要求 {days} 天，暂不判定").format(days=rule["period_days"]))
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
        return RuleOutcome("homepage", rule["name"], True, _("首页 {days} 天未更新").format(
            days=days if days is not None else f"≥ {rule['veto_days']}"))
    return RuleOutcome("homepage", rule["name"], False, _("首页在监测期内有更新"))


def _columns(rules: Mapping[str, Any], findings: list[Finding]) -> RuleOutcome:
    rule = rules["columns"]
    stale = [f for f in findings if f.check == "stale_column"]
    counted = sum(1 for f in stale if f.evidence.get("column_class") in rule["counted_classes"])
    long_stale = sum(1 for f in stale if f.evidence.get("column_class") in rule["long_classes"])
    blank = sum(1 for f in findings if f.check == "blank_column")
    reasons = []
    if counted >= rule["veto_stale"]:
        reasons.append(_("动态、通知公告类栏目 {n} 个未按期更新（≥ {limit}）").format(n=counted, limit=rule["veto_stale"]))
    if long_stale >= rule["veto_long_stale"]:
        reasons.append(_("长期未更新栏目 {n} 个（≥ {limit}）").format(n=long_stale, limit=rule["veto_long_stale"]))
    if blank >= rule["veto_blank"]:
        reasons.append(_("空白栏目 {n} 个（≥ {limit}）").format(n=blank, limit=rule["veto_blank"]))
    detail = "；".join(reasons) or _("未按期更新栏目 {stale} 个，长期未更新栏目 {long} 个，空白栏目 {blank} 个").format(
        stale=counted, long=long_stale, blank=blank)
    return RuleOutcome("columns", rule["name"], bool(reasons), detail)


def _interaction(rules: Mapping[str, Any], findings: list[Finding]) -> RuleOutcome:
    rule = rules["interaction"]
    limit = rule["veto_unanswered_days"]
    worst = max((int(f.evidence.get("days_unanswered", 0)) for f in findings if f.check == "overdue_message"),
                default=0)
    if worst > limit:
        return RuleOutcome("interaction", rule["name"], True,
                           _("有留言 {days} 天未答复（超过 {limit} 天）").format(days=worst, limit=limit))
    return RuleOutcome("interaction", rule["name"], False,
                       _("留言最长 {days} 天未答复").format(days=worst) if worst else _("没有超期未答复的留言"))


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
