"""The platform's catalogues are complete and compiled: every msgid of the source is in zh_Hans and en, none is left
empty or fuzzy, and each committed .mo says what its .po says (scripts/messages.py writes both)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "dgeval" / "web"
LANGUAGES = ("zh_Hans", "en")
CJK = "\u4e00-\u9fff"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(WEB / "locale" / language / "LC_MESSAGES" / "django.po"))


def problems(po: polib.POFile) -> list[str]:
    """Entries a reader of the language would see untranslated: empty, fuzzy, or (in English) still Chinese."""
    found = [f"未翻译：{e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"待确认（fuzzy）：{e.msgid!r}" for e in po.fuzzy_entries()]
    if po.metadata.get("Language") == "en":
        import re

        # Chinese may stay only “quoted”: the column names and values a Chinese file must hold.
        chinese = re.compile(f"[{CJK}]")
        quoted = re.compile("“[^”]*”")
        found += [f"英文译文含中文：{e.msgid!r} → {e.msgstr!r}" for e in po.translated_entries()
                  if any(chinese.search(quoted.sub("", s)) for s in (e.msgstr, *e.msgstr_plural.values()))]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    assert problems(catalogue(language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_current(language):
    po = catalogue(language)
    mo = polib.mofile(str(WEB / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
              for e in po.translated_entries()}
    assert compiled == source, "django.mo is stale: run python scripts/messages.py compile"


def test_a_missing_translation_is_caught():
    po = polib.POFile()
    po.metadata = {"Language": "en"}
    po.append(polib.POEntry(msgid="评估结果", msgstr="Results"))
    po.append(polib.POEntry(msgid="审计日志", msgstr=""))
    po.append(polib.POEntry(msgid="得分", msgstr="Score", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="监测问题", msgstr="监测 issues"))
    assert len(problems(po)) == 3


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (scripts/dev.sh installs it) is missing")
def test_catalogues_hold_every_msgid_of_the_source(tmp_path):
    """makemessages over a copy of the source finds no msgid the committed catalogues lack."""
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("static", "*.mo", "__pycache__", "tests"))
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dgeval.web.settings.test")
    subprocess.run([sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete", "-l", "en"],
                   cwd=copy, env=env, check=True, capture_output=True)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    for language in LANGUAGES:
        missing = extracted - {e.msgid for e in catalogue(language)}
        assert not missing, f"{language} 缺少 {len(missing)} 条（python scripts/messages.py update）：{sorted(missing)[:5]}"


def test_catalogues_hold_the_report_templates_msgids():
    """The reports' Jinja templates, which makemessages cannot read, are collected by scripts/messages.py."""
    spec = importlib.util.spec_from_file_location("dgeval_messages", WEB.parents[2] / "scripts" / "messages.py")
    messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(messages)
    found = messages.report_msgids()
    assert "四、问题与整改建议" in found
    for language in LANGUAGES:
        missing = found - {e.msgid for e in catalogue(language) if e.translated()}
        assert not missing, f"{language} 缺少报告模板的 {len(missing)} 条：{sorted(missing)[:5]}"
