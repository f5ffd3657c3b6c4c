"""Settings: production is the default everywhere, refuses to start without a key and hosts, and `check --deploy`
is clean with them (run here in a subprocess, as CI runs it)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def _run(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DGEVAL_", "DJANGO_")) and k != "DATABASE_URL"}
    clean.update(DGEVAL_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120, cwd=tmp_path)


@pytest.mark.parametrize("prefix", ["DJANGO", "DGEVAL"])
def test_check_deploy_is_clean_by_default(tmp_path, prefix):
    env = {f"{prefix}_SECRET_KEY": secrets.token_urlsafe(50), f"{prefix}_ALLOWED_HOSTS": "eval.example.cn"}
    result = _run(["-m", "dgeval.web", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("command", [["-m", "dgeval.web", "check"], ["-m", "dgeval.cli", "manage", "check"]])
def test_prod_without_secret_key_names_the_variables(tmp_path, command):
    result = _run(command, {"DJANGO_ALLOWED_HOSTS": "eval.example.cn"}, tmp_path)
    assert result.returncode == 2
    assert "DJANGO_SECRET_KEY" in result.stderr and "DGEVAL_SECRET_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_prod_without_allowed_hosts_names_the_variables(tmp_path):
    result = _run(["-m", "dgeval.cli", "manage", "check"], {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}, tmp_path)
    assert result.returncode == 2 and "DJANGO_ALLOWED_HOSTS" in result.stderr, result.stderr


def test_wsgi_application_runs_production_settings(tmp_path):
    code = ("from dgeval.web.wsgi import application; from django.conf import settings as s; "
            "print(s.SETTINGS_MODULE, s.DEBUG, s.SESSION_COOKIE_SECURE)")
    env = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "eval.example.cn"}
    out = _run(["-c", code], env, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["dgeval.web.settings.prod", "False", "True"]
    refused = _run(["-c", code], {}, tmp_path)
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY" in refused.stderr


def test_database_defaults_to_sqlite_under_data_dir_and_follows_database_url(tmp_path):
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], s.DEBUG)"
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dgeval.web.settings.prod'; django.setup(); "
    env = {"DGEVAL_SECRET_KEY": secrets.token_urlsafe(50), "DGEVAL_ALLOWED_HOSTS": "eval.example.cn"}
    out = _run(["-c", setup + code], env, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["django.db.backends.sqlite3", str(tmp_path / "dgeval.sqlite3"), "False"]
    env["DATABASE_URL"] = "postgres://eval:pw@db.internal:5432/dgeval"
    out = _run(["-c", setup + code], env, tmp_path)
    assert out.stdout.split()[:2] == ["django.db.backends.postgresql", "dgeval"]


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_no_cdn_in_templates_or_static():
    from pathlib import Path

    import dgeval.web

    root = Path(dgeval.web.__file__).parent
    for path in list(root.rglob("*.html")) + list(root.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "https://" not in text.replace("https://www.example.gov.cn/", ""), path


def test_static_css_is_served_locally(client):
    response = client.get("/static/dgeval/site.css")
    assert response.status_code == 200
