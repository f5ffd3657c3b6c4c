"""The spreadsheet helper: formula-like text never runs as a formula; files are written whole or not at all."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dgeval.reports.xlsx import Sheet, csv_text, neutralise_csv, write_workbook

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_stored_as_quoted_text(tmp_path: Path, text: str) -> None:
    out = tmp_path / "t.xlsx"
    write_workbook(out, [Sheet("表", ("名称", "得分"), [(text, -1.5)])])
    cell = load_workbook(out)["表"]["A2"]
    assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert load_workbook(out)["表"]["B2"].value == -1.5  # numbers stay numbers, even negative ones
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_plain_text_is_untouched(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_workbook(out, [Sheet("表", ("名称",), [("北京市人民政府",)])])
    assert not load_workbook(out)["表"]["A2"].quotePrefix


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_prefixes_formula_like_text(text: str) -> None:
    rows = list(csv.reader(io.StringIO(csv_text(("名称", "得分"), [(text, 3.5)]).lstrip("\ufeff"))))
    assert rows[1] == ["'" + text, "3.5"]


def test_csv_keeps_numbers_and_plain_text() -> None:
    assert neutralise_csv(-3) == -3 and neutralise_csv("中文") == "中文"


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"

    def rows():
        yield ("a",)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_workbook(out, [Sheet("表", ("名称",), rows())])
    assert list(tmp_path.iterdir()) == []


def test_long_or_forbidden_sheet_titles_are_made_valid(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_workbook(out, [Sheet("数字政府服务能力评估/省级政府[含兵团]：排名与得分与指标与问题", ("a",), [])])
    (title,) = load_workbook(out).sheetnames
    assert len(title) <= 31 and not set("[]:*?/\\") & set(title)
