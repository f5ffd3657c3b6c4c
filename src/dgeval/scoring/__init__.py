"""Scoring: leaf points → totals, bonus, rankings. Pure functions, no I/O (file formats live in `io.py`/`xlsx.py`)."""

from dgeval.scoring.leaf import check_points, leaf_max, points_from_fraction
from dgeval.scoring.ranking import competition_ranks
from dgeval.scoring.totals import TargetScore, score_target, score_targets

__all__ = [
    "TargetScore",
    "check_points",
    "competition_ranks",
    "leaf_max",
    "points_from_fraction",
    "score_target",
    "score_targets",
]
