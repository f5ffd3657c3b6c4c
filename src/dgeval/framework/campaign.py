"""Campaign facts of a year: which evaluations each kind of target takes part in, and which leaf 依申请公开 scores.

Data in `data/<year>/rules/campaign.toml` (documented in docs/frameworks.md, "Campaign facts"), so that a new year —
other frameworks, other columns, another leaf for the disclosure test — is a new file, not a code change. The platform
reads these facts here and nowhere else. Pure: no Django; the target kinds to check against are passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dgeval.errors import FrameworkError
from dgeval.framework.load import DATA_DIR, _display, available, load_file, read_year_file
from dgeval.framework.models import Framework

CAMPAIGN_FILE = "campaign.toml"
_TOP_KEYS = {"year", "evaluations", "foi"}
_FOI_KEYS = {"leaf", "answer_working_days"}

Evaluation = tuple[str, str]  # (framework, column)


@dataclass(frozen=True, slots=True)
class CampaignFacts:
    """The facts of one year's campaign that are data, not code.

    `evaluations`: target kind → the (framework, column) pairs it is scored in, first the main one. `rankings`: every
    pair once, grouped by framework (in the order the file first names them) and then in the framework's column order.
    `foi_leaf`: the leaf a 依申请公开 test request is scored into (None: the year has no such test);
    `foi_answer_working_days`: the working days a government has to answer it.
    """

    year: int
    evaluations: Mapping[str, tuple[Evaluation, ...]]
    rankings: tuple[Evaluation, ...]
    foi_leaf: str | None
    foi_answer_working_days: int
    source: str = ""

    def evaluations_of(self, kind: str) -> tuple[Evaluation, ...]:
        """The evaluations a target of KIND takes part in; () for a kind this year does not evaluate."""
        return self.evaluations.get(kind, ())

    def check_kinds(self, kinds: Collection[str]) -> None:
        """FrameworkError naming the file if it lists a target kind not among KINDS (a typo would drop targets)."""
        unknown = sorted(set(self.evaluations) - set(kinds))
        if unknown:
            raise FrameworkError(f"{self.source}: evaluations: unknown target kind {unknown[0]!r} "
                                 f"(known: {', '.join(sorted(kinds))})")


def campaign_file(year: int, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / str(year) / "rules" / CAMPAIGN_FILE
    if not path.is_file():
        raise FrameworkError(f"no campaign facts for year {year}: expected {_display(path)}")
    return path


def load_campaign_facts(year: int, data_dir: Path = DATA_DIR, kinds: Collection[str] | None = None) -> CampaignFacts:
    """The campaign facts of YEAR, checked against that year's frameworks (and against KINDS when given)."""
    path = campaign_file(year, data_dir)
    facts = _load_cached(path.resolve(), path.stat().st_mtime_ns, data_dir.resolve())
    if kinds is not None:
        facts.check_kinds(kinds)
    return facts


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int, data_dir: Path) -> CampaignFacts:
    raw, where = read_year_file(path, _TOP_KEYS)
    year = raw["year"]
    frameworks = {name: load_file(fpath) for y, name, fpath in available(data_dir) if y == year}
    evaluations = _evaluations(raw.get("evaluations"), where, frameworks)
    rankings = _rankings(evaluations, frameworks)
    foi_leaf, days = _foi(raw.get("foi", {}), where, frameworks, rankings)
    return CampaignFacts(year=year, evaluations=MappingProxyType(evaluations), rankings=rankings, foi_leaf=foi_leaf,
                         foi_answer_working_days=days, source=where)


def _evaluations(table: Any, where: str, frameworks: Mapping[str, Framework]) -> dict[str, tuple[Evaluation, ...]]:
    if not isinstance(table, dict) or not table:
        raise FrameworkError(f"{where}: evaluations: expected a table of target kind = [\"framework/column\", …]")
    out: dict[str, tuple[Evaluation, ...]] = {}
    for kind, entries in table.items():
        place = f"{where}: evaluations.{kind}"
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) for e in entries):
            raise FrameworkError(f"{place} = {entries!r}; expected a non-empty list of \"framework/column\"")
        pairs: list[Evaluation] = []
        for entry in entries:
            name, _, column = entry.partition("/")
            if name not in frameworks:
                raise FrameworkError(f"{place}: {entry!r}: {name!r} is not a framework of this year "
                                     f"(known: {', '.join(sorted(frameworks)) or 'none'})")
            if column not in frameworks[name].columns:
                raise FrameworkError(f"{place}: {entry!r}: framework {name!r} has no column {column!r} "
                                     f"(known: {', '.join(frameworks[name].columns)})")
            if (name, column) in pairs:
                raise FrameworkError(f"{place}: {entry!r} is listed twice")
            pairs.append((name, column))
        out[kind] = tuple(pairs)
    return out


def _rankings(evaluations: Mapping[str, tuple[Evaluation, ...]], frameworks: Mapping[str, Framework]) -> tuple[Evaluation, ...]:
    used = {pair for pairs in evaluations.values() for pair in pairs}
    names = list(dict.fromkeys(name for pairs in evaluations.values() for name, _ in pairs))
    return tuple((name, column) for name in names for column in frameworks[name].columns if (name, column) in used)


def _foi(table: Any, where: str, frameworks: Mapping[str, Framework], rankings: tuple[Evaluation, ...]) -> tuple[str | None, int]:
    if not isinstance(table, dict):
        raise FrameworkError(f"{where}: foi: expected a table")
    unknown = set(table) - _FOI_KEYS
    if unknown:
        raise FrameworkError(f"{where}: foi: unknown key(s): {', '.join(sorted(unknown))}")
    days = table.get("answer_working_days", 20)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise FrameworkError(f"{where}: foi.answer_working_days = {days!r}; expected a whole number ≥ 1")
    leaf = table.get("leaf")
    if leaf is None:
        return None, days
    if not isinstance(leaf, str) or not leaf:
        raise FrameworkError(f"{where}: foi.leaf = {leaf!r}; expected a leaf code")
    scored = [f"{name}/{column}" for name, column in rankings
              if frameworks[name].has(leaf) and not frameworks[name].indicator(leaf).bonus
              and frameworks[name].indicator(leaf).weight(column) is not None]
    if not scored:
        raise FrameworkError(f"{where}: foi.leaf = {leaf!r}: not a leaf that applies in any evaluation listed "
                             "under evaluations")
    return leaf, days
