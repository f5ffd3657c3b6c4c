"""Finding rules: how confirmed monitor findings turn into leaf points (data in `data/<year>/rules/finding_rules.toml`).

The rules are framework data, not code, so the team can change a deduction without a release. This module is pure: it
reads the file and turns counts of confirmed findings per check into a fraction 0–1 of each leaf's weight, which
`dgeval.scoring.points_from_fraction` turns into points. The web platform counts the findings; nothing here knows
Django or the monitor.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from dgeval.errors import FrameworkError
from dgeval.framework.load import DATA_DIR, _display, available, load_file
from dgeval.framework.models import Framework

RULES_FILE = "finding_rules.toml"
_TOP_KEYS = {"year", "rule"}
_RULE_KEYS = {"check", "leaves", "per_finding", "max"}


@dataclass(frozen=True, slots=True)
class FindingRule:
    """One check's effect: each confirmed finding deducts `per_finding` of every listed leaf's weight, up to `max`."""

    check: str
    leaves: tuple[str, ...]
    per_finding: float
    max: float

    def deduction(self, count: int) -> float:
        return min(self.max, self.per_finding * max(count, 0))


@dataclass(frozen=True, slots=True)
class LeafOutcome:
    """A leaf's fraction of its weight after deductions, with each check's share kept for the score detail page."""

    code: str
    fraction: float
    deductions: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class FindingRules:
    year: int
    rules: tuple[FindingRule, ...]
    source: str = ""

    def rule(self, check: str) -> FindingRule | None:
        return next((r for r in self.rules if r.check == check), None)

    def leaves_for(self, framework: Framework, column: str) -> tuple[str, ...]:
        """Leaves of FRAMEWORK that apply in COLUMN and that some rule bears on, in the framework's order."""
        covered = {code for r in self.rules for code in r.leaves}
        return tuple(i.code for i in framework.base_indicators if i.code in covered and i.applies_to(column))

    def checks_for(self, code: str) -> tuple[str, ...]:
        return tuple(r.check for r in self.rules if code in r.leaves)

    def leaf_outcomes(
        self, framework: Framework, column: str, counts: Mapping[str, int]
    ) -> dict[str, LeafOutcome]:
        """Fractions for every rule-covered leaf of FRAMEWORK/COLUMN from COUNTS of confirmed findings per check.

        A leaf with no confirmed findings gets 1.0: the monitor looked and found nothing wrong. Deductions of several
        checks on one leaf add up; the leaf floors at 0.
        """
        out: dict[str, LeafOutcome] = {}
        for code in self.leaves_for(framework, column):
            deductions: dict[str, float] = {}
            for rule in self.rules:
                if code in rule.leaves and counts.get(rule.check, 0) > 0:
                    deductions[rule.check] = round(rule.deduction(counts[rule.check]), 6)
            fraction = max(0.0, round(1.0 - sum(deductions.values()), 6))
            out[code] = LeafOutcome(code=code, fraction=fraction, deductions=MappingProxyType(deductions))
        return out


def rules_file(year: int, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / str(year) / "rules" / RULES_FILE
    if not path.is_file():
        raise FrameworkError(f"no finding rules for year {year}: expected {_display(path)}")
    return path


def load_finding_rules(year: int, data_dir: Path = DATA_DIR) -> FindingRules:
    """The finding rules of YEAR, checked against that year's frameworks (every leaf code must exist in one)."""
    path = rules_file(year, data_dir)
    return _load_cached(path.resolve(), path.stat().st_mtime_ns, data_dir.resolve())


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, data_dir: Path) -> FindingRules:
    where = _display(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{where}: not valid TOML: {exc}") from exc
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s) at top level: {', '.join(sorted(unknown))}")
    year = raw.get("year")
    if not isinstance(year, int) or str(year) != path.parent.parent.name:
        raise FrameworkError(f"{where}: year = {year!r}; expected {path.parent.parent.name} (the folder's year)")
    known_codes = _leaf_codes(year, data_dir)
    rules: list[FindingRule] = []
    for n, entry in enumerate(raw.get("rule", []), start=1):
        rules.append(_rule(entry, f"{where}, rule {n}", known_codes))
    seen: set[str] = set()
    for rule in rules:
        if rule.check in seen:
            raise FrameworkError(f"{where}: check {rule.check!r} has more than one rule; expected one")
        seen.add(rule.check)
    return FindingRules(year=year, rules=tuple(rules), source=where)


def _leaf_codes(year: int, data_dir: Path) -> frozenset[str]:
    codes: set[str] = set()
    for y, _name, fpath in available(data_dir):
        if y == year:
            codes.update(i.code for i in load_file(fpath).base_indicators)
    return frozenset(codes)


def _rule(entry: Any, where: str, known_codes: frozenset[str]) -> FindingRule:
    if not isinstance(entry, dict):
        raise FrameworkError(f"{where}: expected a table")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    check = entry.get("check")
    if not isinstance(check, str) or not check:
        raise FrameworkError(f"{where}: check = {check!r}; expected a check name")
    where = f"{where} ({check})"
    leaves = entry.get("leaves")
    if not isinstance(leaves, list) or not leaves or not all(isinstance(c, str) for c in leaves):
        raise FrameworkError(f"{where}: leaves = {leaves!r}; expected a non-empty list of leaf codes")
    for code in leaves:
        if code not in known_codes:
            raise FrameworkError(f"{where}: leaves: {code!r} is not a leaf of any framework of this year")
    numbers: dict[str, float] = {}
    for key in ("per_finding", "max"):
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise FrameworkError(f"{where}: {key} = {value!r}; expected a fraction of the leaf weight in (0, 1]")
        numbers[key] = float(value)
    return FindingRule(check=check, leaves=tuple(leaves), per_finding=numbers["per_finding"], max=numbers["max"])
