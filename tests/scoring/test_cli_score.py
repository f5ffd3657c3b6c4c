"""`dgeval score` and `dgeval score template`: contracts, the template round trip and every bad-input case."""

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dgeval.cli import main
from dgeval.framework import load_framework

LOCAL = load_framework("local_site")


def write_csv(path: Path, rows, header=("target", "code", "points", "evidence", "note"), encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def city_rows(target, factor):
    return [
        (target, i.code, i.weights["city"] * factor, "https://example.gov.cn/", "")
        for i in LOCAL.base_indicators
        if i.weights["city"] is not None
    ]


@pytest.fixture
def points_csv(tmp_path):
    rows = city_rows("满分市", 1) + city_rows("半分市", 0.5) + city_rows("也半分市", 0.5)
    rows.append(("满分市", "bonus.new_technology", 12 - 4, "", "案例"))
    rows.append(("满分市", "bonus.data_use", 7, "", ""))
    return write_csv(tmp_path / "points.csv", rows)


def run_json(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else None), captured.err


def test_score_json_contract_ranks_full_half_and_ties(points_csv, capsys):
    code, data, _ = run_json(["score", "local_site", "--column", "city", "--input", str(points_csv), "--json"], capsys)
    assert code == 0
    assert data["framework"] == "local_site" and data["column"] == "city"
    results = data["results"]
    assert [r["rank"] for r in results] == [1, 2, 2]
    top = results[0]
    assert list(top)[:8] == ["target", "rank", "total", "base", "bonus", "level1", "level2", "level1_percent"] or set(
        ["target", "rank", "total", "base", "bonus", "level1", "missing"]
    ) <= set(top)
    assert top["target"] == "满分市" and top["base"] == 100 and top["bonus"] == 10 and top["total"] == 110
    assert {r["target"] for r in results[1:]} == {"半分市", "也半分市"}
    assert all(r["total"] == 50 and r["missing"] == [] for r in results[1:])
    assert top["level1"]["信息发布"] == 26


def test_score_writes_ranking_workbook(points_csv, tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    assert main(["score", "local_site", "--column", "city", "--input", str(points_csv), "--output", str(out)]) == 0
    assert "满分市" in capsys.readouterr().out
    book = load_workbook(out)
    assert book.sheetnames == ["排名", "指标得分", "明细"]
    ranking = book["排名"]
    assert [c.value for c in ranking[1]][:5] == ["排名", "参评单位", "总分", "基础分", "加分"]
    assert ranking.freeze_panes == "A2"
    assert [ranking.cell(row=r, column=1).value for r in (2, 3, 4)] == [1, 2, 2]
    detail = book["明细"]
    assert "evidence" in [c.value for c in detail[1]] and "note" in [c.value for c in detail[1]]


def test_gbk_csv_is_read(tmp_path, capsys):
    path = write_csv(tmp_path / "gbk.csv", city_rows("某市", 1), encoding="gb18030")
    code, data, _ = run_json(["score", "local_site", "--column", "city", "--input", str(path), "--json"], capsys)
    assert code == 0 and data["results"][0]["target"] == "某市"


BAD_ROWS = {
    "unknown_code": (("某市", "no.such", 1, "", ""), "field 'code' = 'no.such': no such leaf"),
    "above_weight": (("某市", "info.statutory_disclosure", 18, "", ""), "field 'points' = 18: above the weight 17"),
    "below_zero": (("某市", "info.search_download", -0.5, "", ""), "field 'points' = -0.5: below 0"),
    "not_a_number": (("某市", "info.search_download", "一分", "", ""), "field 'points' = '一分': not a number"),
    "empty_target": (("", "info.search_download", 1, "", ""), "field 'target' is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_row_exits_2_naming_file_line_and_field(case, tmp_path, capsys):
    row, message = BAD_ROWS[case]
    path = write_csv(tmp_path / "bad.csv", [("某市", "info.on_request_disclosure", 1, "", ""), row])
    out = tmp_path / "results.xlsx"
    code = main(["score", "local_site", "--column", "city", "--input", str(path), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}, line 3: {message}" in err
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == []


def test_not_applicable_leaf_exits_2(tmp_path, capsys):
    path = write_csv(tmp_path / "na.csv", [("某县", "data.platform", 1, "", "")])
    assert main(["score", "local_site", "--column", "county", "--input", str(path)]) == 2
    assert f"{path}, line 2: field 'code' = 'data.platform'" in capsys.readouterr().err


def test_duplicate_target_code_exits_2(tmp_path, capsys):
    path = write_csv(tmp_path / "dup.csv", [("某市", "service.forms", 1, "", ""), ("某市", "service.forms", 0, "", "")])
    assert main(["score", "local_site", "--column", "city", "--input", str(path)]) == 2
    assert f"{path}, line 3: field 'code' = 'service.forms': duplicate (target, code)" in capsys.readouterr().err


def test_missing_header_exits_2(tmp_path, capsys):
    path = write_csv(tmp_path / "nohead.csv", [("某市", "service.forms", 1)], header=("target", "code", "score"))
    assert main(["score", "local_site", "--column", "city", "--input", str(path)]) == 2
    assert f"{path}, line 1: missing header 'points'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "nope", "--column", "city"], "unknown framework 'nope'"),
        (["score", "local_site", "--column", "town"], "unknown column 'town'"),
    ],
)
def test_unknown_framework_or_column_exits_2(args, message, points_csv, capsys):
    assert main([*args, "--input", str(points_csv)]) == 2
    assert message in capsys.readouterr().err


def test_existing_output_is_not_touched_on_bad_input(tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    out.write_bytes(b"previous results")
    path = write_csv(tmp_path / "bad.csv", [("某市", "service.forms", 99, "", "")])
    assert main(["score", "local_site", "--column", "city", "--input", str(path), "--output", str(out)]) == 2
    assert out.read_bytes() == b"previous results"


def test_template_round_trip(tmp_path, capsys):
    targets = tmp_path / "targets.csv"
    targets.write_text("target\n甲市\n乙市\n", encoding="utf-8")
    blank = tmp_path / "blank.xlsx"
    assert main(["score", "template", "local_site", "--column", "city", "--targets", str(targets),
                 "--output", str(blank)]) == 0
    assert "2 个评估对象 × 42 项末级指标" in capsys.readouterr().out
    book = load_workbook(blank)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["参评单位", "指标代码", "得分"] and "评估要点" in header and "满分" in header
    leaves = LOCAL.leaves_for("city")
    assert sheet.max_row == 1 + 2 * len(leaves)
    assert sheet.freeze_panes == "A2"
    validations = sheet.data_validations.dataValidation
    by_cell = {str(cell): dv for dv in validations for cell in str(dv.sqref).split()}
    row2 = by_cell["C2"]
    assert row2.type == "decimal" and row2.formula1 == "0" and row2.formula2 == "17"
    max_col = header.index("满分") + 1
    # the empty template is valid input: every leaf missing
    code, data, _ = run_json(["score", "local_site", "--column", "city", "--input", str(blank), "--json"], capsys)
    assert code == 0 and {r["total"] for r in data["results"]} == {0}
    assert len(data["results"][0]["missing"]) == 36
    # fill it: 甲市 full marks, 乙市 half marks
    for row in range(2, sheet.max_row + 1):
        maximum = sheet.cell(row=row, column=max_col).value
        code_cell = sheet.cell(row=row, column=2).value
        if code_cell.startswith("bonus."):
            continue
        factor = 1 if sheet.cell(row=row, column=1).value == "甲市" else 0.5
        sheet.cell(row=row, column=3).value = maximum * factor
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    code, data, _ = run_json(["score", "local_site", "--column", "city", "--input", str(filled), "--json"], capsys)
    assert code == 0
    assert [(r["target"], r["rank"], r["total"]) for r in data["results"]] == [("甲市", 1, 100), ("乙市", 2, 50)]


def test_template_needs_targets_and_output(tmp_path, capsys):
    assert main(["score", "template", "local_site", "--column", "city"]) == 2
    assert "--targets" in capsys.readouterr().err


def test_template_duplicate_target_exits_2(tmp_path, capsys):
    targets = tmp_path / "targets.csv"
    targets.write_text("甲市\n甲市\n", encoding="utf-8")
    code = main(["score", "template", "local_site", "--column", "city", "--targets", str(targets),
                 "--output", str(tmp_path / "b.xlsx")])
    assert code == 2 and f"{targets}, line 2" in capsys.readouterr().err
