"""Typed, immutable indicator frameworks (指标体系). Built by `load.py` from the data files in `data/<year>/`."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Indicator:
    """A leaf indicator: what evaluators and the monitor score.

    `weights` maps every column to its points, or None where the plan prints "—" (not applicable).
    Bonus leaves (优秀创新案例 categories) have `bonus=True` and no per-column weight: the group is capped instead.
    """

    code: str
    path: tuple[str, ...]
    criteria: str
    weights: Mapping[str, float | None]
    bonus: bool = False

    @property
    def level1(self) -> str:
        return self.path[0]

    @property
    def level2(self) -> str:
        """The level-2 name; for a leaf that is itself level 2 this is its own name."""
        return self.path[1] if len(self.path) > 1 else self.path[0]

    @property
    def name(self) -> str:
        return self.path[-1]

    def weight(self, column: str) -> float | None:
        return self.weights[column]

    def applies_to(self, column: str) -> bool:
        return self.bonus or self.weights.get(column) is not None


@dataclass(frozen=True, slots=True)
class Subtotal:
    """A level subtotal printed by the plan (e.g. 服务支撑度（21）), checked against its leaves."""

    path: tuple[str, ...]
    weights: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    year: int
    title: str
    columns: tuple[str, ...]
    column_labels: Mapping[str, str]
    bonus_cap: float
    indicators: tuple[Indicator, ...]
    subtotals: tuple[Subtotal, ...] = ()
    source: str = ""
    _by_code: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({i.code: i for i in self.indicators}))

    @property
    def base_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.bonus)

    @property
    def bonus_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.bonus)

    def indicator(self, code: str) -> Indicator:
        return self._by_code[code]

    def has(self, code: str) -> bool:
        return code in self._by_code

    def leaves_for(self, column: str) -> tuple[Indicator, ...]:
        """Leaves that apply in a column, bonus categories included, in the plan's order."""
        return tuple(i for i in self.indicators if i.applies_to(column))

    def level1_names(self) -> tuple[str, ...]:
        """Level-1 names of the base indicators, in the plan's order."""
        return tuple(dict.fromkeys(i.level1 for i in self.base_indicators))

    def level1_max(self, column: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for ind in self.base_indicators:
            w = ind.weights.get(column)
            out[ind.level1] = out.get(ind.level1, 0.0) + (w or 0.0)
        return out
