"""The target registry (参评单位): who is evaluated, at which level, and where their portal is.

The data lives in `data/*.csv`; `load.py` documents where the lists come from and what it checks. `divisions.py`
places every 地级市 and county-level division under its province (GB/T 2260), so a county that registers maps to
its city and province and peer groups can be formed.
"""

from dgeval.targets.divisions import Division, Divisions, load_divisions
from dgeval.targets.load import load_key_cities, load_ministries, load_provinces, load_targets
from dgeval.targets.models import LEVELS, Target

__all__ = ["LEVELS", "Division", "Divisions", "Target", "load_divisions", "load_key_cities", "load_ministries", "load_provinces", "load_targets"]
