"""Peer groups as data (`peer_groups.toml`): which targets a ranking compares."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dgeval.web.targets.models import TargetKind

GROUPS_FILE = Path(__file__).resolve().parent / "peer_groups.toml"
_FIELDS = {"framework", "column", "slug", "title", "kinds", "map"}


@dataclass(frozen=True, slots=True)
class PeerGroup:
    framework: str
    column: str
    slug: str
    title: str
    kinds: frozenset[str]
    map: bool = False

    @property
    def key(self) -> str:
        """"local_site/county": the group's path in URLs and open-data files."""
        return f"{self.framework}/{self.slug}"


@lru_cache(maxsize=1)
def peer_groups() -> tuple[PeerGroup, ...]:
    """Every configured group, in file order; a bad entry stops startup with the file, entry and field named."""
    data = tomllib.loads(GROUPS_FILE.read_text("utf-8"))
    out: list[PeerGroup] = []
    seen: set[str] = set()
    for n, entry in enumerate(data.get("group", []), 1):
        where = f"{GROUPS_FILE.name}, group {n}"
        unknown = set(entry) - _FIELDS
        if unknown:
            raise ImproperlyConfigured(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        bad = set(entry.get("kinds", [])) - set(TargetKind.values)
        if bad or not entry.get("kinds"):
            raise ImproperlyConfigured(f"{where}: field 'kinds' = {entry.get('kinds')!r}; expected target kinds "
                                       f"from {', '.join(TargetKind.values)}")
        group = PeerGroup(entry["framework"], entry["column"], entry["slug"], entry["title"],
                          frozenset(entry["kinds"]), bool(entry.get("map", False)))
        if group.key in seen:
            raise ImproperlyConfigured(f"{where}: field 'slug' = {group.slug!r}: duplicate of {group.key}")
        seen.add(group.key)
        out.append(group)
    return tuple(out)


def group_of(*, framework: str, column: str, kind: str) -> PeerGroup | None:
    """The group a target of KIND is ranked in for FRAMEWORK/COLUMN, or None."""
    return next((g for g in peer_groups() if g.framework == framework and g.column == column and kind in g.kinds),
                None)


def group_get(key: str) -> PeerGroup | None:
    return next((g for g in peer_groups() if g.key == key), None)
