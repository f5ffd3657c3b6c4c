"""The plan's information categories and advertising words for 信息内容, read from `data/<year>/content.toml`.

Data, not code: the plan's list of 中心工作 changes from year to year (六稳六保 is 2020's). Each error names the file,
the entry and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dgeval.errors import CheckError

DATA_DIR = Path(__file__).resolve().parent / "data"
_TOP_KEYS = {"year", "min_relevant_share", "category", "advertising"}
_CATEGORY_KEYS = {"code", "name", "required", "labels", "title_keywords"}


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    required: bool
    labels: frozenset[str]
    title_keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContentRules:
    year: int
    categories: tuple[Category, ...]
    min_relevant_share: float
    advertising: tuple[str, ...]

    @property
    def required(self) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.required)

    def categories_of(self, label: str, title: str) -> frozenset[str]:
        """Codes of the categories a post belongs to: by its 分类 label when known, else by words of its title."""
        label = label.strip()
        by_label = frozenset(c.code for c in self.categories if label in c.labels)
        if by_label:
            return by_label
        return frozenset(c.code for c in self.categories if any(k in title for k in c.title_keywords))

    def advertising_words(self, text: str) -> tuple[str, ...]:
        return tuple(word for word in self.advertising if word in text)


def content_file(year: int, data_dir: Path = DATA_DIR) -> Path:
    path = data_dir / str(year) / "content.toml"
    if not path.is_file():
        raise CheckError(f"no new-media content rules for year {year}: expected {path}")
    return path


def load_content_rules(year: int, data_dir: Path = DATA_DIR) -> ContentRules:
    path = content_file(year, data_dir)
    return _load(path.resolve(), path.stat().st_mtime_ns)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> ContentRules:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CheckError(f"{path}: not valid TOML: {exc}") from exc
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise CheckError(f"{path}: unknown key(s) at top level: {', '.join(sorted(unknown))}")
    year = raw.get("year")
    if not isinstance(year, int) or str(year) != path.parent.name:
        raise CheckError(f"{path}: year = {year!r}; expected {path.parent.name} (the folder's year)")
    share = raw.get("min_relevant_share")
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise CheckError(f"{path}: min_relevant_share = {share!r}; expected a fraction from 0 to 1")
    categories = []
    for n, entry in enumerate(raw.get("category", []), start=1):
        where = f"{path}, category {n}"
        if not isinstance(entry, dict) or set(entry) - _CATEGORY_KEYS:
            raise CheckError(f"{where}: expected a table with keys {', '.join(sorted(_CATEGORY_KEYS))}")
        code, name = entry.get("code"), entry.get("name")
        if not isinstance(code, str) or not code or not isinstance(name, str) or not name:
            raise CheckError(f"{where}: code = {code!r}, name = {name!r}; expected both as text")
        for key in ("labels", "title_keywords"):
            if not _strings(entry.get(key, [])):
                raise CheckError(f"{where} ({code}): {key} = {entry.get(key)!r}; expected a list of words")
        if not isinstance(entry.get("required", False), bool):
            raise CheckError(f"{where} ({code}): required = {entry.get('required')!r}; expected true or false")
        categories.append(Category(code=code, name=name, required=entry.get("required", False),
                                   labels=frozenset(entry.get("labels", [])),
                                   title_keywords=tuple(entry.get("title_keywords", []))))
    if len({c.code for c in categories}) != len(categories):
        raise CheckError(f"{path}: category codes must be unique")
    words = raw.get("advertising", {}).get("keywords", [])
    if not _strings(words) or not words:
        raise CheckError(f"{path}: advertising.keywords = {words!r}; expected a non-empty list of words")
    return ContentRules(year=year, categories=tuple(categories), min_relevant_share=float(share),
                        advertising=tuple(words))
