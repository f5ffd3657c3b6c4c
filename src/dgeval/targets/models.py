"""Typed, immutable targets (参评单位). Built by `load.py` from `data/*.csv`; its docstring gives the sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# Registry levels, in the order the plan lists the evaluated bodies (GLOSSARY: province / key_city / ministry).
LEVELS: Final = ("province", "key_city", "ministry")

# The framework weight column each level is scored in. Key cities are scored in the `city` column of
# digital_gov and local_site (the plan gives 省会城市/计划单列市 no column of their own).
_COLUMN_BY_LEVEL: Final = {"province": "province", "key_city": "city", "ministry": "ministry"}

PROVINCE_KINDS: Final = ("province", "municipality", "autonomous_region", "corps")
KEY_CITY_KINDS: Final = ("provincial_capital", "separately_planned_city")

# The data file keeps the State Council's own category names; `kind` carries the English name used in code.
MINISTRY_KIND_BY_CATEGORY: Final = {
    "组成部门": "constituent_department",
    "直属特设机构": "special_agency",
    "直属机构": "affiliated_agency",
    "办事机构": "administrative_office",
    "直属事业单位": "affiliated_institution",
    "部委管理的国家局": "national_bureau",
}


@dataclass(frozen=True, slots=True)
class Target:
    """One evaluated government or State Council body.

    `code` is the GB/T 2260 division code for provinces and key cities (新疆生产建设兵团 uses its customary 660000)
    and an ASCII slug for ministries. `parent_code` is the province of a key city and None otherwise.
    `category` is the State Council category (e.g. 直属机构) for ministries and None otherwise.
    `has_website` is False only for the ministries the plan's footnote names (国家安全部, 国务院研究室,
    中央广播电视总台); their `website` is None. They stay in the registry so that the count of 61 websites is
    checked against the plan rather than assumed.
    """

    code: str
    name: str
    short_name: str
    level: str
    kind: str
    website: str | None
    parent_code: str | None = None
    category: str | None = None
    has_website: bool = True

    @property
    def column(self) -> str:
        """The framework weight column this target is scored in (`province`, `city` or `ministry`)."""
        return _COLUMN_BY_LEVEL[self.level]
