"""The three formats from real renderers: PDF printed by Chromium (text read back with pdftotext), XLSX by openpyxl."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dgeval.reports.render import write_national, write_target


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required; scripts/dev.sh installs it"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture(scope="module")
def national_files(published, tmp_path_factory):
    steps = []
    paths = write_national(published["report"], tmp_path_factory.mktemp("national"),
                           progress=lambda step, done, total: steps.append((step, done, total)))
    return paths, steps


def test_national_writes_three_files_with_progress(national_files):
    paths, steps = national_files
    assert sorted(p.name for p in paths.values()) == ["national.html", "national.pdf", "national.xlsx"]
    assert [s[1] for s in steps] == [1, 2, 3] and all(p.stat().st_size > 0 for p in paths.values())


def test_national_pdf_has_titles_names_and_the_engines_totals(published, national_files):
    text = pdf_text(national_files[0]["pdf"])
    report = published["report"]
    assert report.campaign in text and "一、评估范围" in text and "四、分组排名" in text
    assert "示意图" in text and "演示数据" in text
    lines = text.splitlines()
    for group in report.groups:
        for row in group.rows:
            assert any(row.name in line and f"{row.total:.2f}" in line.split(row.name, 1)[1] for line in lines), row.name


def test_national_xlsx_ranking_is_the_engines(published, national_files):
    book = load_workbook(national_files[0]["xlsx"])
    group = published["report"].groups[0]
    sheet = next(book[n] for n in book.sheetnames if n.startswith(group.title))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    engine = {s.target: s.total for s in published["scores"]}
    assert len(rows) == len(group.rows)
    assert all(abs(r[3] - engine[r[1]]) < 1e-4 for r in rows)


def test_target_report_files(target_report, tmp_path):
    paths = write_target(target_report, tmp_path)
    assert paths["pdf"].name == f"{target_report.target_code}.pdf"
    text = pdf_text(paths["pdf"])
    assert target_report.target_name in text and f"{target_report.total:.2f}" in text
    assert "整改建议" in text and "不可用链接" in text
    book = load_workbook(paths["xlsx"])
    findings = list(book["问题清单"].iter_rows(min_row=2, values_only=True))
    assert findings[0][1] == "不可用链接" and findings[0][5].startswith("<a href")
