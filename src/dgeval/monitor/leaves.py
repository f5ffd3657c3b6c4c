"""What one scan says about the leaves of a framework column: state, share and points of each rule-covered leaf.

`dgeval scan --framework F --column C` prints these (docs/checks.md, "Leaf states"). The finding rules
(`dgeval.framework.rules`, the one map from checks to leaves) decide each leaf's state and fraction from what the
checks observed and found; this module picks the year of the data and turns fractions into points. Pure: no I/O
beyond reading the framework data once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from dgeval.errors import FrameworkError
from dgeval.framework import available, load_framework
from dgeval.framework.models import Framework
from dgeval.framework.rules import CheckPart, FindingRules, LeafState, load_finding_rules, rules_file
from dgeval.scoring import points_from_fraction

#: Points, shares and maximums are printed with this many decimals.
DECIMALS = 3


def rules_years() -> list[int]:
    """Years that have finding rules, newest first."""
    years = sorted({year for year, _, _ in available()}, reverse=True)
    found = []
    for year in years:
        try:
            rules_file(year)
        except FrameworkError:
            continue
        found.append(year)
    return found


def finding_rules(year: int | None = None) -> FindingRules:
    """The finding rules of YEAR, by default of the newest year that has them."""
    if year is None:
        years = rules_years()
        if not years:
            raise FrameworkError("no finding rules in any year of the framework data")
        year = years[0]
    return load_finding_rules(year)


def framework_year(name: str, as_of: dt.date) -> int:
    """The year of framework NAME a scan judges by: AS_OF's year when it has the framework and rules, else the
    newest such year. FrameworkError when no year has both."""
    with_rules = rules_years()
    years = [year for year, framework, _ in available() if framework == name and year in with_rules]
    if not years:
        load_framework(name)  # names the known frameworks when NAME is not one
        raise FrameworkError(f"no finding rules for framework {name!r} in any year")
    return as_of.year if as_of.year in years else max(years)


@dataclass(frozen=True, slots=True)
class LeafPoints:
    """One rule-covered leaf as a scan sees it. `max_points` is the part of the weight the monitor spoke for
    (share × weight); `points` what it gave (None when nothing was observed: the leaf goes to manual collection).
    `parts` says what each check on the leaf observed and took (for people; not in the JSON)."""

    framework: str
    column: str
    code: str
    name: str  # the leaf's Chinese path, e.g. 互动交流 › 咨询投诉 › 留言公开
    state: LeafState
    share: float
    max_points: float
    points: float | None
    parts: tuple[CheckPart, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "column": self.column,
            "code": self.code,
            "state": self.state,
            "share": self.share,
            "max_points": self.max_points,
            "points": self.points,
        }


def leaf_points(
    framework: Framework,
    column: str,
    rules: FindingRules,
    observed: Mapping[str, int],
    counts: Mapping[str, int],
) -> list[LeafPoints]:
    """Every rule-covered leaf of FRAMEWORK/COLUMN in the framework's order, from OBSERVED (check → things observed)
    and COUNTS (check → counted findings)."""
    out = []
    for code, outcome in rules.leaf_outcomes(framework, column, observed, counts).items():
        indicator = framework.indicator(code)
        weight = indicator.weight(column) or 0.0
        points = None
        if outcome.fraction is not None:
            points = round(points_from_fraction(framework, column, code, outcome.fraction), DECIMALS)
        out.append(LeafPoints(
            framework=framework.name, column=column, code=code, name=" › ".join(indicator.path),
            state=outcome.state, share=round(outcome.share, DECIMALS),
            max_points=round(outcome.share * weight, DECIMALS), points=points, parts=outcome.parts,
        ))
    return out
