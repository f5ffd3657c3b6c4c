"""Peer-group rankings from the scoring engine's results.

A framework column may hold targets that are not compared with each other (数字政府: provinces and key cities share
the `government` column); a peer group takes its members' `TargetScore`s and ranks them among themselves with the
engine's competition ranking, so ties share a rank exactly as in `dgeval.scoring`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dgeval.framework.models import Framework
from dgeval.reports.model import PeerGroupResult, RankingRow
from dgeval.scoring import TargetScore, competition_ranks


def peer_group(
    *,
    key: str,
    title: str,
    framework: Framework,
    column: str,
    scores: Sequence[TargetScore],
    names: Mapping[str, str],
    province_codes: Mapping[str, str],
) -> PeerGroupResult:
    """The ranking of SCORES (the group's members) with level-1 subtotals in the framework's order."""
    level1 = tuple(n for n in framework.level1_names() if framework.level1_max(column).get(n))
    maxima = framework.level1_max(column)
    ranks = competition_ranks([s.total for s in scores])
    ordered = sorted(zip(ranks, scores), key=lambda pair: (pair[0], names.get(pair[1].target, pair[1].target)))
    rows = tuple(RankingRow(
        code=s.target, name=names.get(s.target, s.target), rank=rank, total=s.total, base=s.base, bonus=s.bonus,
        level1=tuple(s.level1.get(n, 0.0) for n in level1), province_code=province_codes.get(s.target, ""),
        leaves=dict(s.leaves),
    ) for rank, s in ordered)
    leaf_names = tuple((leaf.code, "/".join(leaf.path)) for leaf in framework.leaves_for(column))
    return PeerGroupResult(key=key, title=title, evaluation=framework.title, level1_names=level1,
                           level1_max=tuple(maxima[n] for n in level1), rows=rows, leaf_names=leaf_names)
