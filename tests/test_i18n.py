"""dgeval.i18n outside Django: Chinese msgids come back unchanged in zh-hans, and a catalogue translates them."""

from __future__ import annotations

import gettext as stdlib_gettext
import subprocess
import sys
from pathlib import Path

import pytest

from dgeval import i18n


@pytest.fixture(autouse=True)
def outside_django(monkeypatch) -> None:
    """pytest-django configures Django for the whole session; these tests are about the CLI without it."""
    monkeypatch.setattr(i18n, "_django_gettext", lambda message: None)


def test_chinese_message_is_its_own_translation_by_default(monkeypatch) -> None:
    monkeypatch.delenv("DGEVAL_LANGUAGE", raising=False)
    assert i18n.gettext("系统监测") == "系统监测"


def test_catalogue_of_the_chosen_language_translates(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "django.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "系统监测"\nmsgstr "Monitoring"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-c", _MSGFMT, str(po), str(folder / "django.mo")], check=True)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setenv("DGEVAL_LANGUAGE", "en")
    i18n._catalogue.cache_clear()
    try:
        assert i18n.gettext("系统监测") == "Monitoring"
        assert i18n.gettext("未翻译的句子") == "未翻译的句子"
    finally:
        i18n._catalogue.cache_clear()


# A tiny .po → .mo compiler for the test, so it needs no GNU gettext binaries.
_MSGFMT = r'''
import ast, struct, sys
pairs, key = {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("msgid "):
        key = ast.literal_eval(line[6:])
    elif line.startswith("msgstr "):
        pairs[key] = ast.literal_eval(line[7:])
keys = sorted(pairs)
ids = b"".join(k.encode() + b"\0" for k in keys)
strs = b"".join(pairs[k].encode() + b"\0" for k in keys)
n = len(keys)
start = 7 * 4 + 16 * n
offsets, o = [], 0
for k in keys:
    offsets.append((len(k.encode()), start + o)); o += len(k.encode()) + 1
toffsets, o = [], 0
for k in keys:
    toffsets.append((len(pairs[k].encode()), start + len(ids) + o)); o += len(pairs[k].encode()) + 1
out = struct.pack("Iiiiiii", 0x950412de, 0, n, 28, 28 + 8 * n, 0, 0)
out += b"".join(struct.pack("ii", *x) for x in offsets) + b"".join(struct.pack("ii", *x) for x in toffsets)
open(sys.argv[2], "wb").write(out + ids + strs)
'''


def test_unknown_language_falls_back_to_the_message(monkeypatch) -> None:
    monkeypatch.setenv("DGEVAL_LANGUAGE", "fr")
    i18n._catalogue.cache_clear()
    try:
        assert i18n.gettext("评估对象") == "评估对象"
        assert isinstance(i18n._catalogue("fr"), stdlib_gettext.NullTranslations)
    finally:
        i18n._catalogue.cache_clear()
