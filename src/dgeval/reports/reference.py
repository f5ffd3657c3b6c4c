"""Reference data the reports read: remediation texts per check, economic regions, the map's province names.

The data live in `data/*.toml` and `static/map/china.json`; see the comments in those files for their sources.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from dgeval.i18n import gettext as _

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
STATIC = HERE / "static"


@lru_cache(maxsize=1)
def _remedies() -> tuple[str, Mapping[str, str]]:
    data = tomllib.loads((DATA / "remedies.toml").read_text("utf-8"))
    return data["default"], MappingProxyType(dict(data["check"]))


def remedy(check: str) -> str:
    """How to fix a finding of CHECK, in the reader's language; the generic text for a check without its own."""
    default, by_check = _remedies()
    return _(by_check.get(check, default))


def remedy_checks() -> frozenset[str]:
    """The checks that have their own remediation text."""
    return frozenset(_remedies()[1])


@lru_cache(maxsize=1)
def _regions() -> tuple[tuple[str, str, frozenset[str]], ...]:
    data = tomllib.loads((DATA / "regions.toml").read_text("utf-8"))["region"]
    return tuple((key, spec["label"], frozenset(spec["provinces"])) for key, spec in data.items())


def region_of(province_code: str) -> str:
    """The region label (东部地区 …) of a GB/T 2260 province code; "" when it has none (ministries, HK/MO/TW)."""
    prefix = province_code[:2]
    for _key, label, provinces in _regions():
        if prefix in provinces:
            return _(label)
    return ""


def region_labels() -> tuple[str, ...]:
    return tuple(_(label) for _key, label, _p in _regions())


@lru_cache(maxsize=1)
def map_names() -> Mapping[str, str]:
    """GB/T 2260 code → the feature name in the vendored provinces map (the name ECharts matches data on)."""
    geo = json.loads((STATIC / "map" / "china.json").read_text("utf-8"))
    return MappingProxyType({str(f["id"]): f["properties"]["name"] for f in geo["features"] if "id" in f})
