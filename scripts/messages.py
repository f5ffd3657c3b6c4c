"""Update and compile the platform's catalogues (src/dgeval/web/locale/<lang>/LC_MESSAGES/django.po).

    python scripts/messages.py update    extract the msgids (Django's makemessages, which needs GNU gettext's
                                         xgettext: scripts/dev.sh installs it), then compile
    python scripts/messages.py compile   write every django.mo from its django.po (polib: no msgfmt needed)

msgids are Chinese, so the zh_Hans catalogue translates every msgid to itself (filled in here); the English one is
written by people: a new msgid arrives empty and tests/web/test_catalogues.py fails until it is translated.
The .mo files are committed, so a fresh install serves both languages without gettext tools.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "src" / "dgeval" / "web"
LOCALE = WEB / "locale"
LANGUAGES = {"zh_Hans": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
HEADERS = {
    "zh_Hans": "The platform's catalogue wins over every installed app's. msgids are Chinese, so each translates to "
               "itself (scripts/messages.py\nfills them in); it also holds Django's wording of messages an installed "
               "app's catalogue would change: django-simple-captcha\ntranslates \"This field is required.\" as "
               "\"这个字段是必须的\", which would then be every form's wording.\nUpdate with: python "
               "scripts/messages.py update",
    "en": "English, the platform's second language: every Chinese msgid translated by people.\nUpdate with: python "
          "scripts/messages.py update; a msgid left empty or fuzzy fails tests/web/test_catalogues.py.",
}
#: Django's own wording kept in the zh_Hans catalogue (its header says why); makemessages does not see it.
DJANGO_OVERRIDES = {"This field is required.": "这个字段是必填项。"}


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def update() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dgeval.web.settings.test")
    command = [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete", "--no-wrap",
               "--ignore=tests/*", "--ignore=*/tests/*"]
    for language in LANGUAGES:
        command += ["-l", language]
    subprocess.run(command, cwd=WEB, env=env, check=True)
    for language, plural in LANGUAGES.items():
        po = polib.pofile(str(catalogue(language)), wrapwidth=0)
        po.header = HEADERS[language]
        po.metadata_is_fuzzy = False
        po.metadata.update({"Language": language, "Plural-Forms": plural, "Content-Type": "text/plain; charset=UTF-8"})
        for key in ("Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date", "Last-Translator",
                    "Language-Team"):
            po.metadata.pop(key, None)
        if language == "zh_Hans":
            for entry in po:
                entry.msgstr = entry.msgid
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            for msgid, msgstr in DJANGO_OVERRIDES.items():
                if po.find(msgid) is None:
                    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        po.save()


def compile_all() -> None:
    for language in LANGUAGES:
        po = polib.pofile(str(catalogue(language)))
        po.save_as_mofile(str(catalogue(language).with_suffix(".mo")))


if __name__ == "__main__":
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    if job == "update":
        update()
        compile_all()
    elif job == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
