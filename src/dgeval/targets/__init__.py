"""The target registry (参评单位): who is evaluated, at which level, and where their portal is.

The data lives in `data/*.csv`; `load.py` documents where the lists come from and what it checks.
"""

from dgeval.targets.load import load_key_cities, load_ministries, load_provinces, load_targets
from dgeval.targets.models import LEVELS, Target

__all__ = ["LEVELS", "Target", "load_key_cities", "load_ministries", "load_provinces", "load_targets"]
