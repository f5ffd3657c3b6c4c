"""Phrases the checks' `describe` functions share, so that a webmaster reads one wording across checks.

Every string goes through gettext with the Chinese text as msgid (see dgeval.i18n); `dgeval.monitor.describe`
dispatches stored findings to the checks' `describe`.
"""

from __future__ import annotations

from dgeval.i18n import gettext as _

#: A quoted value longer than this is cut (a title, a column name, a line of context).
QUOTE_CHARS = 40


def quoted(text: object, limit: int = QUOTE_CHARS) -> str:
    """TEXT between Chinese quotation marks, on one line, cut to LIMIT characters."""
    flat = " ".join(str(text).split())
    return "“" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "”"


def field_place(field: object) -> str:
    """Where a content check read what it found (its evidence's `field`: text, table or attachment)."""
    return {"table": _("网页表格中"), "attachment": _("附件中")}.get(str(field), _("网页正文中"))


def masked(number: object, head: int, tail: int) -> str:
    """A personal number with its middle hidden, so that a report does not spread the leak it points out."""
    text = str(number)
    hidden = len(text) - head - tail
    return text[:head] + "*" * hidden + text[len(text) - tail:] if hidden > 0 else text
