"""Load the target registry (参评单位) of the 2020 evaluation from the CSV files in `data/`.

The scope comes from the plan, 一、评估范围 (docs: /work/shared/seed, 2020年评估工作方案):

- `provinces.csv`: the 32 省级政府, i.e. the 31 provinces, autonomous regions and municipalities plus
  新疆生产建设兵团. Codes are GB/T 2260 division codes. 兵团 has no GB/T 2260 code; we use 660000, the code
  customarily used for it in national statistics and registries, and only a row of kind `corps` may use it.
- `key_cities.csv`: the 32 重点城市, i.e. the 27 provincial capitals (省会城市/首府 of the 27 provinces and autonomous
  regions; the 4 municipalities are already provincial targets) plus the 5 计划单列市 大连、青岛、宁波、厦门、深圳.
  `province_code` must name a row of `provinces.csv` and share the city code's 2-digit prefix.
- `ministries.csv`: the 部委 of the website evaluation, "国务院各部门（含国务院部委管理的国家局）". The plan
  counts 61 websites and notes that 国家安全部、国务院研究室、中央广播电视总台 have none. We list the State Council
  bodies as the central portal's organisation chart showed them in September 2020:
  26 组成部门 (外交部 … 审计署, incl. 国防部 and 国家安全部), 1 直属特设机构 (国务院国资委), 10 直属机构,
  2 办事机构 (国务院港澳办, 国务院研究室), 9 直属事业单位 (新华社 … 证监会, incl. 中央广播电视总台) and
  16 部委管理的国家局 (国家信访局 … 国家知识产权局) = 64 bodies, of which 61 have a website: the plan's number.
  Left out on purpose:
  - 国务院办公厅: its site is www.gov.cn, the central government portal, which the plan does not rank among the
    部委网站;
  - bodies that only carry a State Council name plate on a Party organ since the 2018 reform (国务院新闻办公室,
    国务院台湾事务办公室, 国务院侨务办公室, 国家公务员局, 国家档案局, 国家保密局, 国家密码管理局,
    国家宗教事务局, 国家新闻出版署, 国家电影局): they are not 国务院部门 and including any of them would break
    the count of 61.
  国家煤矿安全监察局 keeps the name it had when the plan was issued (it was later renamed 国家矿山安全监察局).
  Codes are ASCII slugs taken from each body's domain (e.g. `mofcom`), or a descriptive slug where there is no
  site (`mss`, `research_office`, `cmg`); 网站标识码 (`bm` + 8 digits) also fit the pattern but are not used
  because we have no authoritative list of them.

Websites are the portal addresses as known in 2020. They are data only: nothing here fetches them.

Every error is a `TargetError` naming the file, the line, the field, the value and what was expected, e.g.
``targets/data/provinces.csv, line 3: field 'code' = '1100': not a GB/T 2260 division code, expected 6 digits``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from dgeval.errors import TargetError
from dgeval.targets.models import (
    KEY_CITY_KINDS,
    LEVELS,
    MINISTRY_KIND_BY_CATEGORY,
    PROVINCE_KINDS,
    Target,
)

PROVINCES_FILE: Final = "provinces.csv"
KEY_CITIES_FILE: Final = "key_cities.csv"
MINISTRIES_FILE: Final = "ministries.csv"

_PROVINCE_COLUMNS: Final = ("code", "name", "short_name", "level", "kind", "website")
_KEY_CITY_COLUMNS: Final = ("code", "name", "short_name", "province_code", "kind", "level", "website")
_MINISTRY_COLUMNS: Final = ("code", "name", "short_name", "category", "has_website", "website")

# The 2-digit prefixes GB/T 2260 assigns to the 31 province-level divisions. 71/81/82 (台湾, 香港, 澳门) exist in
# the standard but are not evaluated, so a row using them is a mistake rather than a new target.
_GB2260_PROVINCE_PREFIXES: Final = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65".split()
)
CORPS_CODE: Final = "660000"

_DIVISION_CODE = re.compile(r"\d{6}")
# Slugs, and 网站标识码 such as bm01000001, both match; upper case and punctuation are kept out so codes can be used
# in URLs, file names and CLI arguments unquoted.
_MINISTRY_CODE = re.compile(r"[a-z][a-z0-9_]*")


class _Row:
    """One data line of a registry file, with the place to report in errors."""

    def __init__(self, source: str, line: int, cells: dict[str, str]) -> None:
        self.source = source
        self.line = line
        self.cells = cells

    def error(self, field: str, problem: str, expected: str) -> TargetError:
        value = self.cells.get(field, "")
        where = f"{self.source}, line {self.line}: field '{field}' = '{value}'"
        return TargetError(f"{where}: {problem}, expected {expected}")

    def required(self, field: str) -> str:
        value = self.cells[field]
        if not value:
            raise self.error(field, "missing", "a non-empty value")
        return value

    def one_of(self, field: str, allowed: Iterable[str]) -> str:
        value = self.cells[field]
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.error(field, "unknown value", "one of " + ", ".join(allowed))
        return value

    def website(self) -> str:
        value = self.required("website")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            raise self.error("website", "not a web address", "an http:// or https:// URL")
        return value


def _read(path: Path | str | None, default_name: str, columns: Sequence[str]) -> list[_Row]:
    """Read a registry CSV into rows, checking the header and the field count of every line.

    The packaged files are read through importlib.resources so that the registry also works from a wheel or zip.
    `utf-8-sig` accepts the byte-order mark that spreadsheet programs add when the files are edited there.
    """
    if path is None:
        source = f"targets/data/{default_name}"
        text = (resources.files("dgeval.targets") / "data" / default_name).read_text(encoding="utf-8-sig")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise TargetError(f"{source}: cannot read ({exc.strerror}), expected a target registry CSV") from exc
        except UnicodeDecodeError as exc:
            raise TargetError(f"{source}, byte {exc.start}: not UTF-8, expected a UTF-8 CSV file") from exc

    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[_Row] = []
    last_line = 0
    for record in reader:
        first_line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        cells = [cell.strip() for cell in record]
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            unknown = [c for c in header if c not in columns]
            if missing or unknown or len(set(header)) != len(header):
                raise TargetError(
                    f"{source}, line {first_line}: header = '{','.join(header)}': "
                    f"missing {missing or 'nothing'}, unknown {unknown or 'nothing'}, "
                    f"expected the columns {','.join(columns)}"
                )
            continue
        if len(cells) != len(header):
            raise TargetError(
                f"{source}, line {first_line}: {len(cells)} fields, expected {len(header)} ({','.join(header)})"
            )
        rows.append(_Row(source, first_line, dict(zip(header, cells, strict=True))))
    if header is None:
        raise TargetError(f"{source}: empty file, expected a header line {','.join(columns)}")
    return rows


def _check_unique_codes(rows: Iterable[_Row]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        code = row.cells["code"]
        if code in seen:
            raise row.error("code", f"duplicate of line {seen[code]}", "unique codes")
        seen[code] = row.line


def _division_code(row: _Row, field: str) -> str:
    value = row.required(field)
    if not _DIVISION_CODE.fullmatch(value):
        raise row.error(field, "not a GB/T 2260 division code", "6 digits")
    return value


def load_provinces(path: Path | str | None = None) -> tuple[Target, ...]:
    """The 32 provincial targets, from the packaged `provinces.csv` or from `path`."""
    rows = _read(path, PROVINCES_FILE, _PROVINCE_COLUMNS)
    _check_unique_codes(rows)
    targets = []
    for row in rows:
        code = _division_code(row, "code")
        kind = row.one_of("kind", PROVINCE_KINDS)
        if not code.endswith("0000"):
            raise row.error("code", "not a province-level code", "a code ending in 0000")
        if kind == "corps" and code != CORPS_CODE:
            raise row.error("code", "新疆生产建设兵团 has no GB/T 2260 code", f"its customary code {CORPS_CODE}")
        if kind != "corps" and code[:2] not in _GB2260_PROVINCE_PREFIXES:
            raise row.error("code", "not a GB/T 2260 province of the evaluation", "a prefix from 11 to 65")
        row.one_of("level", ("province",))
        targets.append(
            Target(
                code=code,
                name=row.required("name"),
                short_name=row.required("short_name"),
                level="province",
                kind=kind,
                website=row.website(),
            )
        )
    return tuple(targets)


def load_key_cities(
    path: Path | str | None = None, *, provinces: Iterable[Target] | None = None
) -> tuple[Target, ...]:
    """The 32 key cities, from the packaged `key_cities.csv` or from `path`.

    `province_code` is checked against `provinces` (by default the packaged provinces), so a key city can never
    point at a province the registry does not have.
    """
    province_codes = {p.code for p in (load_provinces() if provinces is None else provinces)}
    rows = _read(path, KEY_CITIES_FILE, _KEY_CITY_COLUMNS)
    _check_unique_codes(rows)
    targets = []
    for row in rows:
        code = _division_code(row, "code")
        if code.endswith("0000") or not code.endswith("00"):
            raise row.error("code", "not a prefecture-level (city) code", "a code ending in 00 but not 0000")
        province_code = _division_code(row, "province_code")
        if province_code not in province_codes:
            raise row.error("province_code", f"no such province in {PROVINCES_FILE}", "the code of a provincial target")
        if province_code[:2] != code[:2]:
            raise row.error("province_code", f"city {code} lies in another province", f"{code[:2]}0000")
        row.one_of("level", ("key_city",))
        targets.append(
            Target(
                code=code,
                name=row.required("name"),
                short_name=row.required("short_name"),
                level="key_city",
                kind=row.one_of("kind", KEY_CITY_KINDS),
                website=row.website(),
                parent_code=province_code,
            )
        )
    return tuple(targets)


def load_ministries(path: Path | str | None = None) -> tuple[Target, ...]:
    """The State Council bodies of the website evaluation, from the packaged `ministries.csv` or from `path`.

    Bodies without a website are kept with `has_website=False` (see the module docstring for the 61).
    """
    rows = _read(path, MINISTRIES_FILE, _MINISTRY_COLUMNS)
    _check_unique_codes(rows)
    targets = []
    for row in rows:
        code = row.required("code")
        if not _MINISTRY_CODE.fullmatch(code):
            raise row.error("code", "not a ministry code", "a lower-case ASCII slug such as mofcom")
        category = row.one_of("category", MINISTRY_KIND_BY_CATEGORY)
        has_website = row.one_of("has_website", ("true", "false")) == "true"
        if has_website:
            website: str | None = row.website()
        elif row.cells["website"]:
            raise row.error("website", "given although has_website is false", "an empty website")
        else:
            website = None
        targets.append(
            Target(
                code=code,
                name=row.required("name"),
                short_name=row.required("short_name"),
                level="ministry",
                kind=MINISTRY_KIND_BY_CATEGORY[category],
                website=website,
                category=category,
                has_website=has_website,
            )
        )
    return tuple(targets)


def load_targets(level: str | None = None) -> tuple[Target, ...]:
    """The packaged registry: one level, or all of them (provinces, key cities, ministries, in that order).

    Codes cannot collide across levels (province codes end in 0000, city codes do not, ministry codes are not
    numeric), so no cross-file check is needed.
    """
    loaders: dict[str, Callable[[], tuple[Target, ...]]] = {
        "province": load_provinces,
        "key_city": load_key_cities,
        "ministry": load_ministries,
    }
    if level is None:
        return tuple(t for lvl in LEVELS for t in loaders[lvl]())
    if level not in loaders:
        raise TargetError(f"unknown target level '{level}', expected one of {', '.join(LEVELS)}")
    return loaders[level]()
