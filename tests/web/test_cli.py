"""`dgeval campaign …` and `dgeval manage …` without a usable configuration or database: one line, exit 2."""

from __future__ import annotations

import subprocess

import pytest

from tests.test_cli import one_line_error, run_dgeval

DEV = {"DJANGO_SETTINGS_MODULE": "dgeval.web.settings.dev"}


def _dgeval(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return run_dgeval(*args, cwd=cwd, env={"DGEVAL_DATA_DIR": str(cwd / "data"), **env})


@pytest.mark.parametrize("command", [
    ["campaign", "ranking"], ["campaign", "scan", "--all"], ["report", "national", "--campaign", "2020", "--out", "r"],
    ["report", "target", "330106", "--campaign", "2020", "--out", "r"]])
def test_campaign_without_a_database_says_to_migrate(tmp_path, command):
    line = one_line_error(_dgeval(*command, env=DEV, cwd=tmp_path))
    assert "dgeval manage migrate" in line and "DATABASE_URL" in line


def test_bad_database_url_names_the_variable_not_the_password(tmp_path):
    line = one_line_error(_dgeval("campaign", "ranking", env={**DEV, "DATABASE_URL": "postgress://eval:s3cret@db/x"},
                             cwd=tmp_path))
    assert "DATABASE_URL" in line and "postgress" in line and "s3cret" not in line


def test_unreachable_database_names_it(tmp_path):
    line = one_line_error(_dgeval("campaign", "ranking",
                             env={**DEV, "DATABASE_URL": "postgres://eval:s3cret@127.0.0.1:1/dgeval"}, cwd=tmp_path))
    assert "127.0.0.1:1/dgeval" in line and "DATABASE_URL" in line and "s3cret" not in line


@pytest.mark.parametrize("command", [["campaign", "ranking"], ["manage", "check"]])
def test_bad_today_names_the_variable(tmp_path, command):
    line = one_line_error(_dgeval(*command, env={**DEV, "DGEVAL_TODAY": "2020-13-01"}, cwd=tmp_path))
    assert "DGEVAL_TODAY" in line and "2020-13-01" in line


def test_migrated_database_without_a_campaign_is_one_line(tmp_path):
    assert _dgeval("manage", "migrate", "-v", "0", env=DEV, cwd=tmp_path).returncode == 0
    line = one_line_error(_dgeval("campaign", "ranking", "--year", "2031", env=DEV, cwd=tmp_path))
    assert "2031" in line
