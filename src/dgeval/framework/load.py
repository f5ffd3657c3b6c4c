"""Load indicator frameworks from their TOML data files into typed, immutable objects.

Files live in `data/<year>/<name>.toml` (format: docs/frameworks.md). A new year is a new file: nothing here knows
2020. Every error names the file, the indicator's path, the field and what was expected.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dgeval.errors import FrameworkError
from dgeval.framework.models import Framework, Indicator, Subtotal
from dgeval.framework.validate import check_framework, parse_weight

DATA_DIR = Path(__file__).resolve().parent / "data"

_TOP_KEYS = {"name", "year", "title", "columns", "column_labels", "bonus_cap", "source", "subtotal", "indicator"}
_INDICATOR_KEYS = {"code", "path", "criteria", "weights", "bonus"}
_SUBTOTAL_KEYS = {"path", "weights"}


def available(data_dir: Path = DATA_DIR) -> list[tuple[int, str, Path]]:
    """(year, name, file) of every framework data file, newest year first, then by name."""
    found = []
    for path in data_dir.glob("*/*.toml"):
        if path.parent.name.isdigit():
            found.append((int(path.parent.name), path.stem, path))
    return sorted(found, key=lambda t: (-t[0], t[1]))


def framework_file(name: str, year: int | None = None, data_dir: Path = DATA_DIR) -> Path:
    candidates = [(y, p) for y, n, p in available(data_dir) if n == name and (year is None or y == year)]
    if not candidates:
        known = sorted({f"{n} ({y})" for y, n, _ in available(data_dir)})
        wanted = f"{name!r}" + (f" for year {year}" if year is not None else "")
        raise FrameworkError(f"unknown framework {wanted}; known: {', '.join(known) or 'none'}")
    return candidates[0][1]


def load_framework(name: str, year: int | None = None, data_dir: Path = DATA_DIR) -> Framework:
    """The framework NAME of YEAR (default: the newest year that has it)."""
    return load_file(framework_file(name, year, data_dir))


@lru_cache(maxsize=64)
def _load_cached(path: Path, mtime_ns: int) -> Framework:
    return _build(path)


def load_file(path: Path | str) -> Framework:
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read framework file ({exc.strerror})") from exc
    return _load_cached(path.resolve(), mtime)


def _display(path: Path) -> str:
    """Paths inside the package are shown relative to the data folder, as `data/2020/local_site.toml`."""
    try:
        return "data/" + path.relative_to(DATA_DIR).as_posix()
    except ValueError:
        return str(path)


def read_year_file(path: Path, top_keys: set[str]) -> tuple[dict[str, Any], str]:
    """A TOML file of a year's `rules/` folder, parsed: (its tables, its display name for error messages).

    FrameworkError, naming the file, for invalid TOML, a top-level key outside TOP_KEYS, or a `year` that is not
    the folder's year.
    """
    where = _display(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{where}: not valid TOML: {exc}") from exc
    unknown = set(raw) - top_keys
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s) at top level: {', '.join(sorted(unknown))}")
    year = raw.get("year")
    folder = path.parent.parent.name
    if isinstance(year, bool) or not isinstance(year, int) or str(year) != folder:
        raise FrameworkError(f"{where}: year = {year!r}; expected {folder} (the folder's year)")
    return raw, where


def _build(path: Path) -> Framework:
    where = _display(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{where}: not valid TOML: {exc}") from exc

    _no_unknown_keys(raw, _TOP_KEYS, where, "top level")
    for key in ("name", "year", "title", "columns"):
        if key not in raw:
            raise FrameworkError(f"{where}: top level: missing required field {key!r}")
    columns = raw["columns"]
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
        raise FrameworkError(f"{where}: field 'columns' = {columns!r}: expected a non-empty list of names")
    if len(set(columns)) != len(columns):
        raise FrameworkError(f"{where}: field 'columns' = {columns!r}: duplicate column")
    if not isinstance(raw["year"], int):
        raise FrameworkError(f"{where}: field 'year' = {raw['year']!r}: expected an integer")
    bonus_cap = raw.get("bonus_cap", 0)
    if isinstance(bonus_cap, bool) or not isinstance(bonus_cap, (int, float)) or bonus_cap < 0:
        raise FrameworkError(f"{where}: field 'bonus_cap' = {bonus_cap!r}: expected a number ≥ 0")
    labels = raw.get("column_labels", {})
    _no_unknown_keys(labels, set(columns), where, "column_labels")

    indicators = tuple(_indicator(item, i, columns, where) for i, item in enumerate(raw.get("indicator", []), 1))
    subtotals = tuple(_subtotal(item, i, columns, where) for i, item in enumerate(raw.get("subtotal", []), 1))
    framework = Framework(
        name=raw["name"],
        year=raw["year"],
        title=raw["title"],
        columns=tuple(columns),
        column_labels=MappingProxyType({c: labels.get(c, c) for c in columns}),
        bonus_cap=float(bonus_cap),
        indicators=indicators,
        subtotals=subtotals,
        source=raw.get("source", ""),
    )
    check_framework(framework, where)
    return framework


def _no_unknown_keys(table: Any, allowed: set[str], where: str, place: str) -> None:
    if not isinstance(table, dict):
        raise FrameworkError(f"{where}: {place}: expected a table, got {table!r}")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise FrameworkError(
            f"{where}: {place}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}"
        )


def _path_of(item: dict[str, Any], index: int, where: str, kind: str) -> tuple[str, ...]:
    path = item.get("path")
    if not isinstance(path, list) or not path or not all(isinstance(p, str) and p.strip() for p in path):
        raise FrameworkError(f"{where}: {kind} #{index}: field 'path' = {path!r}: expected a list of level names")
    return tuple(path)


def _entry(item: Any, index: int, kind: str, allowed: set[str], where: str) -> tuple[tuple[str, ...], str]:
    """The path of an [[indicator]] or [[subtotal]] table and the place name errors use for it."""
    if not isinstance(item, dict):
        raise FrameworkError(f"{where}: {kind} #{index}: expected a table")
    path = _path_of(item, index, where, kind)
    place = f"{kind} {'/'.join(path)}"
    _no_unknown_keys(item, allowed, where, place)
    return path, place


def _indicator(item: Any, index: int, columns: list[str], where: str) -> Indicator:
    path, place = _entry(item, index, "indicator", _INDICATOR_KEYS, where)
    code = item.get("code")
    if not isinstance(code, str):
        raise FrameworkError(f"{where}: {place}: field 'code' = {code!r}: expected a dotted ASCII code")
    criteria = item.get("criteria")
    if not isinstance(criteria, str) or not criteria.strip():
        raise FrameworkError(f"{where}: {place}: field 'criteria' is missing or empty: every leaf needs its criteria text")
    bonus = item.get("bonus", False)
    if not isinstance(bonus, bool):
        raise FrameworkError(f"{where}: {place}: field 'bonus' = {bonus!r}: expected true or false")
    raw_weights = item.get("weights")
    if bonus:
        if raw_weights is not None:
            raise FrameworkError(
                f"{where}: {place}: field 'weights': a bonus category has no weights (the group is capped by bonus_cap)"
            )
        weights: dict[str, float | None] = {c: None for c in columns}
    else:
        if raw_weights is None:
            raise FrameworkError(f"{where}: {place}: field 'weights' is missing")
        _no_unknown_keys(raw_weights, set(columns), where, f"{place}: field 'weights'")
        weights = {}
        for column in columns:
            if column not in raw_weights:
                raise FrameworkError(
                    f"{where}: {place}: field 'weights.{column}' is missing: give a number or \"—\" (not applicable)"
                )
            weights[column] = parse_weight(raw_weights[column], f"{where}: {place}: field 'weights.{column}'")
    return Indicator(
        code=code, path=path, criteria=criteria.strip(), weights=MappingProxyType(weights), bonus=bonus
    )


def _subtotal(item: Any, index: int, columns: list[str], where: str) -> Subtotal:
    path, place = _entry(item, index, "subtotal", _SUBTOTAL_KEYS, where)
    raw_weights = item.get("weights")
    _no_unknown_keys(raw_weights, set(columns), where, f"{place}: field 'weights'")
    weights: dict[str, float] = {}
    for column, value in raw_weights.items():
        parsed = parse_weight(value, f"{where}: {place}: field 'weights.{column}'")
        if parsed is None:
            raise FrameworkError(f"{where}: {place}: field 'weights.{column}': a subtotal must be a number")
        weights[column] = parsed
    return Subtotal(path=path, weights=MappingProxyType(weights))
