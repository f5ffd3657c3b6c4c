"""Column (栏目) classes and their update periods, read from data/column_classes.toml (see docs/checks.md)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dgeval.errors import CheckError

@dataclass(frozen=True, slots=True)
class ColumnClass:
    name: str
    label: str
    threshold_days: int
    keywords: tuple[str, ...]


@lru_cache(maxsize=8)
def load_column_classes(path: Path) -> tuple[tuple[ColumnClass, ...], tuple[str, ...]]:
    """The classes and exclude keywords of column_classes.toml; a malformed file fails with the place to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CheckError(f"{path}: cannot read column classes: {exc}") from exc
    classes = []
    for name, spec in (data.get("classes") or {}).items():
        days, keywords = spec.get("threshold_days"), spec.get("keywords")
        if not isinstance(days, int) or days <= 0:
            raise CheckError(f"{path}, [classes.{name}]: threshold_days = {days!r}; expected a positive integer")
        if not keywords or not all(isinstance(k, str) and k for k in keywords):
            raise CheckError(f"{path}, [classes.{name}]: keywords = {keywords!r}; expected non-empty strings")
        classes.append(ColumnClass(name, str(spec.get("label", name)), days, tuple(keywords)))
    if not classes:
        raise CheckError(f"{path}: no [classes.*] tables; expected at least one column class")
    exclude = tuple((data.get("exclude") or {}).get("keywords") or ())
    return tuple(classes), exclude


def classify(name: str, classes: tuple[ColumnClass, ...], exclude: tuple[str, ...]) -> ColumnClass | None:
    """The class whose longest keyword occurs in the column name; None for excluded or unknown names."""
    if any(word in name for word in exclude):
        return None
    best: tuple[int, ColumnClass] | None = None
    for column_class in classes:
        for keyword in column_class.keywords:
            if keyword in name and (best is None or len(keyword) > best[0]):
                best = (len(keyword), column_class)
    return best[1] if best else None
