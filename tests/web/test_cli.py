"""`dgeval campaign …` and `dgeval manage …` without a usable configuration or database: one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

DEV = {"DJANGO_SETTINGS_MODULE": "dgeval.web.settings.dev"}


def _dgeval(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DGEVAL_", "DJANGO_")) and k != "DATABASE_URL"}
    clean.update(DGEVAL_DATA_DIR=str(cwd / "data"), **env)
    return subprocess.run([sys.executable, "-m", "dgeval.cli", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=clean)


def _one_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.mark.parametrize("command", [["campaign", "ranking"], ["campaign", "scan", "--all"]])
def test_campaign_without_a_database_says_to_migrate(tmp_path, command):
    line = _one_line(_dgeval(*command, env=DEV, cwd=tmp_path))
    assert "dgeval manage migrate" in line and "DATABASE_URL" in line


def test_bad_database_url_names_the_variable_not_the_password(tmp_path):
    line = _one_line(_dgeval("campaign", "ranking", env={**DEV, "DATABASE_URL": "postgress://eval:s3cret@db/x"},
                             cwd=tmp_path))
    assert "DATABASE_URL" in line and "postgress" in line and "s3cret" not in line


def test_unreachable_database_names_it(tmp_path):
    line = _one_line(_dgeval("campaign", "ranking",
                             env={**DEV, "DATABASE_URL": "postgres://eval:s3cret@127.0.0.1:1/dgeval"}, cwd=tmp_path))
    assert "127.0.0.1:1/dgeval" in line and "DATABASE_URL" in line and "s3cret" not in line


@pytest.mark.parametrize("command", [["campaign", "ranking"], ["manage", "check"]])
def test_bad_today_names_the_variable(tmp_path, command):
    line = _one_line(_dgeval(*command, env={**DEV, "DGEVAL_TODAY": "2020-13-01"}, cwd=tmp_path))
    assert "DGEVAL_TODAY" in line and "2020-13-01" in line


def test_migrated_database_without_a_campaign_is_one_line(tmp_path):
    assert _dgeval("manage", "migrate", "-v", "0", env=DEV, cwd=tmp_path).returncode == 0
    line = _one_line(_dgeval("campaign", "ranking", "--year", "2031", env=DEV, cwd=tmp_path))
    assert "2031" in line
