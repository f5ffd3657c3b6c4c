"""`dgeval report …`: the three files from the published snapshot; one line and exit 2 for what is unknown."""

from __future__ import annotations

import pytest

from dgeval.cli import main

pytestmark = pytest.mark.django_db


def test_target_report_writes_three_files(published, county_target, tmp_path, capsys):
    tmp_path = tmp_path / "out"
    assert main(["report", "target", county_target.code, "--campaign", "2020", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{county_target.code}.{f}" for f in ("html", "pdf", "xlsx")]
    result = published.results.get(target_code=county_target.code)
    assert f"{result.total:.2f}" in (tmp_path / f"{county_target.code}.html").read_text("utf-8")


def test_national_report_writes_three_files(published, tmp_path):
    tmp_path = tmp_path / "out"
    assert main(["report", "national", "--campaign", "2020", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["national.html", "national.pdf", "national.xlsx"]


@pytest.mark.parametrize("argv", [
    ["report", "national", "--campaign", "1999"],
    ["report", "target", "nope", "--campaign", "2020"],
])
def test_unknown_campaign_or_target_is_one_line_exit_2(published, tmp_path, capsys, argv):
    out = tmp_path / "out"
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and ("1999" in err or "nope" in err)
    assert not out.exists()
