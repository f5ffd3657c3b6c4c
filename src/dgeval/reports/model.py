"""What a report is made of: frozen, plain data that the platform (or a script) fills in and the renderers read.

Nothing here knows Django or the database: `dgeval.web.publication` builds these objects from a published snapshot,
tests and benchmarks build them directly. Numbers are the scoring engine's (`dgeval.scoring.TargetScore`), copied,
never recomputed: a report and the platform show the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

#: Where a leaf's points came from, as reports name them (the platform maps its own source kinds onto these).
SOURCES = ("monitor", "manual", "foi", "import", "bonus")


@dataclass(frozen=True, slots=True)
class FindingLine:
    """One problem the monitor found behind a leaf's points, with where it is and how to fix it."""

    check: str
    title: str
    sentence: str
    url: str
    page: str = ""
    snippet: str = ""
    severity: str = ""
    remedy: str = ""
    #: A link to the archived response (WARC replay) on the platform; empty in a report read offline.
    archive_url: str = ""


@dataclass(frozen=True, slots=True)
class LeafLine:
    """One applicable leaf of the target's framework column: its points (None: not scored) and their source."""

    code: str
    path: tuple[str, ...]
    maximum: float
    points: float | None
    source: str = ""
    findings: tuple[FindingLine, ...] = ()
    bonus: bool = False

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def lost(self) -> float:
        """Points not earned; a bonus leaf loses nothing (a target may nominate no case)."""
        if self.bonus:
            return 0.0
        return max(self.maximum - (self.points or 0.0), 0.0)


@dataclass(frozen=True, slots=True)
class Level1Line:
    name: str
    points: float
    maximum: float
    peer_average: float


@dataclass(frozen=True, slots=True)
class Trend:
    """The same target in the previous published campaign (same peer group)."""

    year: int
    total: float
    rank: int
    peers: int


@dataclass(frozen=True, slots=True)
class TargetReport:
    """The per-target diagnostic: the scorecard as a document a county can print and act on."""

    campaign: str
    year: int
    evaluation: str
    group_title: str
    target_code: str
    target_name: str
    rank: int
    peers: int
    total: float
    base: float
    bonus: float
    level1: tuple[Level1Line, ...]
    leaves: tuple[LeafLine, ...]
    peer_totals: tuple[float, ...]
    region: str = ""
    trend: Trend | None = None
    published_on: str = ""
    #: Synthetic figures (the demo): every page says so.
    demo: bool = False

    @property
    def findings(self) -> tuple[FindingLine, ...]:
        return tuple(f for leaf in self.leaves for f in leaf.findings)


@dataclass(frozen=True, slots=True)
class RankingRow:
    code: str
    name: str
    rank: int
    total: float
    base: float
    bonus: float
    level1: tuple[float, ...]
    #: GB/T 2260 code of the target's province ("" for ministries): the map and the region averages use it.
    province_code: str = ""
    leaves: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeerGroupResult:
    """One ranking: targets compared with each other (e.g. 省级政府 in 数字政府服务能力评估)."""

    key: str
    title: str
    evaluation: str
    level1_names: tuple[str, ...]
    level1_max: tuple[float, ...]
    rows: tuple[RankingRow, ...]
    #: (code, "level1/…/leaf") of every applicable leaf, in the framework's order, for the leaf points sheet.
    leaf_names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CommonFinding:
    """A monitor check and how widespread its findings are across the published targets."""

    check: str
    title: str
    targets: int
    findings: int
    remedy: str = ""


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A selected innovation case (优秀创新案例)."""

    title: str
    target: str
    category: str


@dataclass(frozen=True, slots=True)
class NationalReport:
    campaign: str
    year: int
    #: (what, how many): e.g. ("省级政府", 33).
    scope: tuple[tuple[str, int], ...]
    method: tuple[str, ...]
    groups: tuple[PeerGroupResult, ...]
    #: The group whose totals colour the China map (provinces), or "" for no map.
    map_group: str = ""
    common_findings: tuple[CommonFinding, ...] = ()
    cases: tuple[CaseLine, ...] = ()
    published_on: str = ""
    demo: bool = False

    @property
    def targets(self) -> int:
        return sum(len(g.rows) for g in self.groups)
