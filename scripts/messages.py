"""Update and compile the platform's catalogues (src/dgeval/web/locale/<lang>/LC_MESSAGES/django.po).

    python scripts/messages.py update    extract the msgids (Django's makemessages, which needs GNU gettext's
                                         xgettext: scripts/dev.sh installs it), then compile
    python scripts/messages.py compile   write every django.mo from its django.po (polib: no msgfmt needed)

msgids are Chinese, so the zh_Hans catalogue translates every msgid to itself (filled in here); the English one is
written by people: a new msgid arrives empty and tests/web/test_catalogues.py fails until it is translated.
The .mo files are committed, so a fresh install serves both languages without gettext tools.
"""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "src" / "dgeval" / "web"
LOCALE = WEB / "locale"
#: The reports' Jinja templates: makemessages cannot read Jinja, so their `_("…")` calls are collected here.
REPORT_TEMPLATES = ROOT / "src" / "dgeval" / "reports" / "templates"
REPORT_MSGID = re.compile(r'_\("([^"\\]+)"\)')
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
#: Wording of Django and other projects' apps kept in the catalogues (makemessages does not see it): Django's own
#: where an installed app's catalogue would change it, and what django-axes, django-simple-captcha and Django's
#: newest admin captions show untranslated. msgid → (Chinese, English).
THIRD_PARTY = {
    "This field is required.": ("这个字段是必填项。", "This field is required."),
    "Model name": ("模型名称", "Model name"),
    "Add link": ("新增链接", "Add link"),
    "Change or view list link": ("修改或查看列表链接", "Change or view list link"),
    "access attempt": ("登录尝试", "access attempt"),
    "access attempts": ("登录尝试", "access attempts"),
    "access failure": ("登录失败", "access failure"),
    "access failures": ("登录失败", "access failures"),
    "access log": ("登录日志", "access log"),
    "access logs": ("登录日志", "access logs"),
    "access attempt expiration": ("登录尝试期限", "access attempt expiration"),
    "access attempt expirations": ("登录尝试期限", "access attempt expirations"),
    "First, enter a username and password. Then, you’ll be able to edit more user options.": (
        "首先，输入一个用户名和密码。然后，你就可以编辑更多的用户选项。",
        "First, enter a username and password. Then, you’ll be able to edit more user options."),
}


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


CHINESE = re.compile("[\u4e00-\u9fff]")


def _django_zh(msgid: str) -> str:
    """Django's own Chinese for an English msgid our admin templates reuse (ours would otherwise win with English)."""
    import django

    base = Path(django.__file__).parent
    for folder in (base / "contrib" / "admin" / "locale", base / "conf" / "locale"):
        translated = gettext.translation("django", localedir=folder, languages=["zh_Hans"]).gettext(msgid)
        if translated != msgid:
            return translated
    return msgid


def update() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="dgeval.web.settings.test")
    # Run over the whole package: the monitor's, the reports' and the CLI's strings (dgeval.i18n.gettext follows the
    # Django language inside the platform) land in the platform's catalogue, the one LOCALE_PATHS names.
    command = [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete", "--no-wrap",
               "--ignore=tests/*", "--ignore=*/tests/*", "--ignore=demo/*", "--ignore=*/static/*",
               "--ignore=reports/templates/*", "--ignore=framework/data/*"]
    for language in LANGUAGES:
        command += ["-l", language]
    reports = report_msgids()
    # makemessages drops what it did not extract: keep the reports' translations across it.
    kept = {language: {e.msgid: e.msgstr for e in polib.pofile(str(catalogue(language))) if e.msgid in reports}
            for language in LANGUAGES if catalogue(language).exists()}
    subprocess.run(command, cwd=WEB.parent, env=env, check=True)
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
                entry.msgstr = entry.msgid if CHINESE.search(entry.msgid) else _django_zh(entry.msgid)
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        for entry in po:
            if "fuzzy" not in entry.flags:  # the guess a fuzzy entry was made from matters only while it is one
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        for msgid, (chinese, english) in THIRD_PARTY.items():
            if po.find(msgid) is None:
                po.append(polib.POEntry(msgid=msgid, msgstr=chinese if language == "zh_Hans" else english))
        for msgid in sorted(reports):
            if po.find(msgid) is None:
                translated = msgid if language == "zh_Hans" else kept.get(language, {}).get(msgid, "")
                po.append(polib.POEntry(msgid=msgid, msgstr=translated))
        po.save()


def report_msgids() -> set[str]:
    """The msgids of the reports' templates (`{{ _("…") }}`), which makemessages does not see."""
    return {match.group(1) for path in REPORT_TEMPLATES.glob("*.html")
            for match in REPORT_MSGID.finditer(path.read_text(encoding="utf-8"))}


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
