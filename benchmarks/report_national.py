"""Time the national report for ~900 targets (HTML, XLSX, PDF) and compare the two PDF engines on it.

    .venv/bin/python benchmarks/report_national.py [--targets 900]

Synthetic, deterministic results scored by the real engine (dgeval.scoring) for provinces, key cities, ministries
and enough counties to reach --targets. Prints the time of each output and of Chromium's print-to-PDF next to
WeasyPrint's (when it is installed: pip install weasyprint), which cannot run the charts' JavaScript.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from dgeval.framework import load_framework
from dgeval.reports.groups import peer_group
from dgeval.reports.html import render_national
from dgeval.reports.model import NationalReport
from dgeval.reports.pdf import html_to_pdf
from dgeval.reports.workbooks import write_national_xlsx
from dgeval.scoring import leaf_max, score_targets
from dgeval.targets import load_divisions, load_targets


def _points(fw, column, codes, rnd):
    out = {}
    for code in codes:
        level = rnd.uniform(0.45, 0.95)
        out[code] = {leaf.code: round(leaf_max(fw, leaf, column) * min(1.0, max(0.0, rnd.gauss(level, 0.12))), 1)
                     for leaf in fw.base_indicators if leaf.weights.get(column) is not None}
    return out


def build(targets: int) -> NationalReport:
    rnd = random.Random(900)
    registry = load_targets()
    names = {t.code: t.name for t in registry}
    province_of = {t.code: t.parent_code or t.code for t in registry if t.level != "ministry"}
    provinces = [t.code for t in registry if t.level == "province"]
    cities = [t.code for t in registry if t.level == "key_city"]
    ministries = [t.code for t in registry if t.level == "ministry" and t.has_website]
    divisions = load_divisions()
    counties = sorted(d.code for d in divisions.by_code.values() if d.level == "county")
    counties = rnd.sample(counties, max(0, targets - 2 * len(provinces) - 2 * len(cities) - len(ministries)))
    for code in counties:
        names[code] = divisions.get(code).name
        province_of[code] = divisions.province_of(code).code
    groups = []
    for framework, column, key, title, members in (
        ("digital_gov", "government", "dg/province", "省级政府", provinces),
        ("digital_gov", "government", "dg/key_city", "重点城市", cities),
        ("local_site", "province", "ls/province", "省级政府网站", provinces),
        ("local_site", "city", "ls/key_city", "重点城市网站", cities),
        ("local_site", "county", "ls/county", "区县网站", counties),
        ("ministry_site", "ministry", "ms/ministry", "部委网站", ministries),
    ):
        fw = load_framework(framework, 2020)
        scores = score_targets(fw, column, _points(fw, column, members, rnd))
        groups.append(peer_group(key=key, title=title, framework=fw, column=column, scores=scores, names=names,
                                 province_codes=province_of))
    return NationalReport(campaign="基准测试", year=2020, scope=tuple((g.title, len(g.rows)) for g in groups),
                          method=("基准测试数据。",), groups=tuple(groups), map_group="dg/province", demo=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=900)
    args = parser.parse_args()
    started = time.perf_counter()
    report = build(args.targets)
    print(f"data: {report.targets} rankings rows in {len(report.groups)} groups, {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t = time.perf_counter()
        html = render_national(report)
        print(f"html:  {time.perf_counter() - t:6.2f} s  {len(html) / 1e6:.1f} MB")
        t = time.perf_counter()
        write_national_xlsx(report, out / "national.xlsx")
        print(f"xlsx:  {time.perf_counter() - t:6.2f} s  {(out / 'national.xlsx').stat().st_size / 1e6:.1f} MB")
        t = time.perf_counter()
        html_to_pdf(html, out / "chromium.pdf")
        print(f"pdf (chromium, charts drawn):   {time.perf_counter() - t:6.2f} s  "
              f"{(out / 'chromium.pdf').stat().st_size / 1e6:.1f} MB")
        try:
            import weasyprint
        except ImportError:
            print("pdf (weasyprint): not installed (pip install weasyprint to compare)")
        else:
            t = time.perf_counter()
            weasyprint.HTML(string=html).write_pdf(out / "weasyprint.pdf")
            print(f"pdf (weasyprint, charts blank): {time.perf_counter() - t:6.2f} s  "
                  f"{(out / 'weasyprint.pdf').stat().st_size / 1e6:.1f} MB")
    print(f"total: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
