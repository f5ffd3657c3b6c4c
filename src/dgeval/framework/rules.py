"""Finding rules: the one map from monitor checks to framework leaves, and how findings become points.

Data in `data/<year>/rules/finding_rules.toml` (documented in docs/frameworks.md, "Finding rules"), so the team can
change a deduction without a release and a new year is a new file. Everything that needs to know which leaves a check
bears on (the scan's JSON, the platform's points, the manual-collection scope, the docs) reads it here; check modules
do not carry their own list.

Points only from evidence: a rule names what the monitor must have *observed* before it may award anything
(`observes`, `min_observed`) and the `share` of each leaf's weight the check speaks for. The rest of the leaf, and the
share of every check that observed nothing, is for manual collection — never full marks by default. This module is
pure: counts of observations and of counted findings per check go in, a state and a fraction of the leaf's weight
come out (`dgeval.scoring.points_from_fraction` turns it into points).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Collection, Literal, Mapping

from dgeval.errors import FrameworkError
from dgeval.framework.load import DATA_DIR, _display, available, load_file
from dgeval.framework.models import Framework

RULES_FILE = "finding_rules.toml"
_TOP_KEYS = {"year", "rule"}
_RULE_KEYS = {"check", "frameworks", "leaves", "columns", "share", "observes", "min_observed", "per_finding", "max"}
_REQUIRED = ("check", "frameworks", "leaves", "share", "observes", "per_finding", "max")
#: Shares of one leaf are compared with this slack: 0.1 + 0.2 + 0.7 must not fail as 1.0000000000000002 > 1.
_EPSILON = 1e-9

LeafState = Literal["deducted", "clean", "not_observed"]
#: Every automatic state, in the order people read them.
LEAF_STATES: tuple[LeafState, ...] = ("deducted", "clean", "not_observed")


@dataclass(frozen=True, slots=True)
class FindingRule:
    """One check's bearing on some leaves of some frameworks.

    The check speaks for `share` of each listed leaf's weight, but only once it has observed at least
    `min_observed` things (`observes` says what, in the words a reviewer reads). Each counted finding then takes
    `per_finding` of that share, at most `max` of it. `columns` limits the rule to those columns of its frameworks
    (() for every column): a point the plan does not assess in a column is that column's manual collection's.
    """

    check: str
    frameworks: tuple[str, ...]
    leaves: tuple[str, ...]
    share: float
    observes: str
    per_finding: float
    max: float
    min_observed: int = 1
    columns: tuple[str, ...] = ()

    def bears_on(self, framework: str, code: str, column: str | None = None) -> bool:
        """True if the rule speaks for leaf CODE of FRAMEWORK (in COLUMN, when given)."""
        in_column = column is None or not self.columns or column in self.columns
        return framework in self.frameworks and code in self.leaves and in_column

    def deduction(self, count: int) -> float:
        """Fraction of this check's share lost to COUNT counted findings."""
        return min(self.max, self.per_finding * max(count, 0))


@dataclass(frozen=True, slots=True)
class CheckPart:
    """What one check contributes to one leaf: observed or not, and the fraction of its share it lost."""

    check: str
    share: float
    observed: int
    findings: int
    state: LeafState
    deduction: float | None  # fraction of the share lost; None when not observed

    @property
    def fraction(self) -> float | None:
        """This check's points as a fraction of the leaf's weight (None when it observed too little)."""
        if self.deduction is None:
            return None
        return round(self.share * (1.0 - self.deduction), 6)


@dataclass(frozen=True, slots=True)
class LeafOutcome:
    """A leaf's automatic state and points, with each check's part kept for the score detail page.

    state: `deducted` (some observing check counted findings), `clean` (observed, nothing wrong) or `not_observed`
    (no check observed enough; the leaf goes to manual collection). `share` is the part of the weight the monitor
    speaks for this time: the shares of the checks that observed enough, or, when none did, the shares it would
    have spoken for. `fraction` is the monitor's points as a fraction of the weight (None when not observed), so
    the points are at most `share` × weight.
    """

    code: str
    state: LeafState
    share: float
    fraction: float | None
    parts: tuple[CheckPart, ...]

    @property
    def deductions(self) -> Mapping[str, float]:
        """Check → fraction of the leaf's weight it took, for the checks that took something."""
        return MappingProxyType({
            p.check: round(p.share * p.deduction, 6) for p in self.parts if p.deduction
        })


@dataclass(frozen=True, slots=True)
class FindingRules:
    year: int
    rules: tuple[FindingRule, ...]
    source: str = ""

    def rule(self, check: str) -> FindingRule | None:
        return next((r for r in self.rules if r.check == check), None)

    @property
    def checks(self) -> tuple[str, ...]:
        return tuple(r.check for r in self.rules)

    def leaves_of_check(self, check: str, framework: str | None = None) -> tuple[str, ...]:
        """The leaf codes CHECK bears on (in FRAMEWORK only, when given); () for a check no rule names."""
        rule = self.rule(check)
        if rule is None or (framework is not None and framework not in rule.frameworks):
            return ()
        return rule.leaves

    def rules_for(self, framework: str, code: str, column: str | None = None) -> tuple[FindingRule, ...]:
        return tuple(r for r in self.rules if r.bears_on(framework, code, column))

    def checks_for(self, framework: str, code: str) -> tuple[str, ...]:
        return tuple(r.check for r in self.rules_for(framework, code))

    def only(self, checks: Collection[str]) -> FindingRules:
        """The rules of CHECKS alone: what one source of automatic points (the monitor, the new-media checks) speaks
        for, so that it never writes a part for a leaf another source's checks judge."""
        return FindingRules(year=self.year, rules=tuple(r for r in self.rules if r.check in checks),
                            source=self.source)

    def leaves_for(self, framework: Framework, column: str) -> tuple[str, ...]:
        """Leaves of FRAMEWORK that apply in COLUMN and that some rule bears on, in the framework's order."""
        return tuple(
            i.code for i in framework.base_indicators
            if i.applies_to(column) and self.rules_for(framework.name, i.code, column)
        )

    def machine_codes(self, framework: Framework) -> frozenset[str]:
        """Every leaf code of FRAMEWORK that some rule bears on (any column)."""
        return frozenset(i.code for i in framework.base_indicators if self.rules_for(framework.name, i.code))

    def monitor_share(self, framework: str, code: str, column: str | None = None) -> float:
        """The most of leaf CODE's weight (in COLUMN, when given) the checks can ever speak for; the rest is manual
        collection's."""
        return round(sum(r.share for r in self.rules_for(framework, code, column)), 6)

    def leaf_outcomes(
        self,
        framework: Framework,
        column: str,
        observed: Mapping[str, int],
        counts: Mapping[str, int],
    ) -> dict[str, LeafOutcome]:
        """State and fraction of every rule-covered leaf of FRAMEWORK/COLUMN.

        OBSERVED: check → how many things it observed in the scan (a check that did not run is absent, which is the
        same as observing nothing). COUNTS: check → counted findings (the platform counts confirmed ones; the CLI
        every problem it reports).
        """
        out: dict[str, LeafOutcome] = {}
        for code in self.leaves_for(framework, column):
            parts = tuple(_part(rule, observed, counts) for rule in self.rules_for(framework.name, code, column))
            seen = [p for p in parts if p.state != "not_observed"]
            if not seen:
                out[code] = LeafOutcome(code=code, state="not_observed", fraction=None, parts=parts,
                                        share=round(sum(p.share for p in parts), 6))
                continue
            state: LeafState = "deducted" if any(p.state == "deducted" for p in seen) else "clean"
            fraction = round(sum(p.fraction or 0.0 for p in seen), 6)
            out[code] = LeafOutcome(code=code, state=state, fraction=fraction, parts=parts,
                                    share=round(sum(p.share for p in seen), 6))
        return out


def _part(rule: FindingRule, observed: Mapping[str, int], counts: Mapping[str, int]) -> CheckPart:
    seen = int(observed.get(rule.check, 0))
    found = int(counts.get(rule.check, 0))
    if seen < rule.min_observed:
        return CheckPart(check=rule.check, share=rule.share, observed=seen, findings=found, state="not_observed",
                         deduction=None)
    deduction = round(rule.deduction(found), 6)
    return CheckPart(check=rule.check, share=rule.share, observed=seen, findings=found,
                     state="deducted" if found > 0 else "clean", deduction=deduction)


def rules_file(year: int, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / str(year) / "rules" / RULES_FILE
    if not path.is_file():
        raise FrameworkError(f"no finding rules for year {year}: expected {_display(path)}")
    return path


def load_finding_rules(year: int, data_dir: Path = DATA_DIR) -> FindingRules:
    """The finding rules of YEAR, checked against that year's frameworks."""
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
    frameworks = _frameworks(year, data_dir)
    entries = raw.get("rule", [])
    if not isinstance(entries, list):
        raise FrameworkError(f"{where}: rule: expected [[rule]] tables")
    rules = tuple(_rule(entry, f"{where}, rule {n}", frameworks) for n, entry in enumerate(entries, start=1))
    seen: set[str] = set()
    for rule in rules:
        if rule.check in seen:
            raise FrameworkError(f"{where}: check {rule.check!r} has more than one rule; expected one")
        seen.add(rule.check)
    _check_shares(where, rules)
    return FindingRules(year=year, rules=rules, source=where)


def _frameworks(year: int, data_dir: Path) -> dict[str, Framework]:
    """Framework name → the framework, for every framework of YEAR."""
    return {name: load_file(fpath) for y, name, fpath in available(data_dir) if y == year}


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _rule(entry: Any, where: str, frameworks: Mapping[str, Framework]) -> FindingRule:
    if not isinstance(entry, dict):
        raise FrameworkError(f"{where}: expected a table")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    check = entry.get("check")
    if not isinstance(check, str) or not check:
        raise FrameworkError(f"{where}: check = {check!r}; expected a check name")
    where = f"{where} ({check})"
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise FrameworkError(f"{where}: missing {', '.join(missing)}")
    names, leaves = entry["frameworks"], entry["leaves"]
    if not _strings(names):
        raise FrameworkError(f"{where}: frameworks = {names!r}; expected a non-empty list of framework names")
    for name in names:
        if name not in frameworks:
            raise FrameworkError(f"{where}: frameworks: {name!r} is not a framework of this year "
                                 f"(known: {', '.join(sorted(frameworks))})")
    codes = {name: frozenset(i.code for i in frameworks[name].base_indicators) for name in names}
    if not _strings(leaves):
        raise FrameworkError(f"{where}: leaves = {leaves!r}; expected a non-empty list of leaf codes")
    for code in leaves:
        if not any(code in codes[name] for name in names):
            raise FrameworkError(f"{where}: leaves: {code!r} is not a leaf of {', '.join(names)}")
    for name in names:
        if not codes[name].intersection(leaves):
            raise FrameworkError(f"{where}: frameworks: {name!r} has none of the listed leaves")
    columns = entry.get("columns", [])
    if "columns" in entry and not _strings(columns):
        raise FrameworkError(f"{where}: columns = {columns!r}; expected a non-empty list of column names")
    known = list(dict.fromkeys(column for name in names for column in frameworks[name].columns))
    for column in columns:
        if column not in known:
            raise FrameworkError(f"{where}: columns: {column!r} is not a column of {', '.join(names)} "
                                 f"(known: {', '.join(known)})")
    observes = entry["observes"]
    if not isinstance(observes, str) or not observes.strip():
        raise FrameworkError(f"{where}: observes = {observes!r}; expected what the monitor must have observed")
    min_observed = entry.get("min_observed", 1)
    if isinstance(min_observed, bool) or not isinstance(min_observed, int) or min_observed < 1:
        raise FrameworkError(f"{where}: min_observed = {min_observed!r}; expected a whole number ≥ 1")
    numbers: dict[str, float] = {}
    for key in ("share", "per_finding", "max"):
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise FrameworkError(f"{where}: {key} = {value!r}; expected a fraction in (0, 1]")
        numbers[key] = float(value)
    return FindingRule(check=check, frameworks=tuple(names), leaves=tuple(leaves), share=numbers["share"],
                       observes=observes.strip(), per_finding=numbers["per_finding"], max=numbers["max"],
                       min_observed=min_observed, columns=tuple(columns))


def _check_shares(where: str, rules: tuple[FindingRule, ...]) -> None:
    """The checks on one leaf of one framework may speak for at most the whole of its weight."""
    totals: dict[tuple[str, str], float] = {}
    for rule in rules:
        for name in rule.frameworks:
            for code in rule.leaves:
                totals[name, code] = totals.get((name, code), 0.0) + rule.share
    for (name, code), total in sorted(totals.items()):
        if total > 1 + _EPSILON:
            checks = ", ".join(r.check for r in rules if r.bears_on(name, code))
            raise FrameworkError(f"{where}: {name} leaf {code}: shares of {checks} add up to {total:g}; "
                                 "expected at most 1 (the whole weight)")
