"""Translation for code outside the Django platform (monitor, scoring, reports, the CLI).

User-facing strings are written in Chinese and marked with `gettext` (`from dgeval.i18n import gettext as _`), the
same convention as the platform, so one catalogue (`dgeval/web/locale/<lang>/LC_MESSAGES/django.po`, extracted from
the whole package by scripts/messages.py) serves both. Inside
a configured Django process the active Django language decides (a finding described while a page renders follows the
reader's language); elsewhere `DGEVAL_LANGUAGE` does (default zh-hans, where the message is its own translation).
The monitor still never imports Django: it only looks whether the platform has already loaded it.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
import sys
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "web" / "locale"
DOMAIN = "django"


def _django_gettext(message: str) -> str | None:
    conf = sys.modules.get("django.conf")
    if conf is None or not conf.settings.configured:
        return None
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)


@lru_cache(maxsize=8)
def _catalogue(language: str) -> stdlib_gettext.NullTranslations:
    # Catalogue folders use the locale form of the language code (zh-hans → zh_Hans), as Django's do.
    lang, _, region = language.partition("-")
    folder = f"{lang}_{region.title() if len(region) > 2 else region.upper()}" if region else lang
    return stdlib_gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[folder], fallback=True)


def gettext(message: str) -> str:
    """MESSAGE in the reader's language (the Django request's, else DGEVAL_LANGUAGE's, else unchanged Chinese)."""
    translated = _django_gettext(message)
    if translated is not None:
        return translated
    return _catalogue(os.environ.get("DGEVAL_LANGUAGE", "zh-hans").strip().lower()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Chinese has one form; English catalogues supply both."""
    conf = sys.modules.get("django.conf")
    if conf is not None and conf.settings.configured:
        from django.utils.translation import ngettext as django_ngettext

        return django_ngettext(singular, plural, n)
    return _catalogue(os.environ.get("DGEVAL_LANGUAGE", "zh-hans").strip().lower()).ngettext(singular, plural, n)


def gettext_noop(message: str) -> str:
    """Mark MESSAGE for the catalogue where it is defined (a check's TITLE); it is translated where it is shown."""
    return message
