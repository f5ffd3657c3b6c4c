"""Findings, leaf states and skipped checks as the Chinese sentences people read.

`finding_sentence(check, value, evidence)` works from a finding's stored fields (the platform keeps findings in its
database; the scan summary has them at hand): each check module's `describe` makes the sentence (see
checks/__init__.py; the phrases several checks share are in checks/_sentences.py). The labels of severities, leaf
states and skipped checks are here too. Every string goes through gettext with the Chinese text as msgid. A
finding's `value` and `evidence` stay machine-readable in `dgeval scan --json`.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping

from dgeval.framework.rules import LeafState
from dgeval.i18n import gettext as _
from dgeval.monitor.checks import Skip, SkipKind, load_check
from dgeval.monitor.model import Severity

log = logging.getLogger(__name__)


def finding_sentence(check: str, value: str | None, evidence: Mapping[str, Any] | None) -> str:
    """The finding of CHECK with this VALUE and EVIDENCE as one Chinese sentence.

    A finding stored by an older version whose evidence the check no longer reads gets a general sentence naming
    the check, never an error: the platform shows what it stored years ago.
    """
    try:
        module = load_check(check)
    except (KeyError, ImportError):
        return _("系统监测发现的问题（该检查项已不再使用）")
    try:
        return str(module.describe(value, evidence or {}))
    except (KeyError, TypeError, ValueError, AttributeError):
        log.warning("check %s cannot describe value %r with evidence %r", check, value, evidence, exc_info=True)
        return _("%(title)s：系统监测发现的问题") % {"title": _(module.TITLE)}


def severity_label(severity: Severity | str) -> str:
    return {"high": _("高"), "medium": _("中"), "low": _("低"), "info": _("信息")}.get(severity, _("未知"))


def leaf_state_label(state: LeafState) -> str:
    return {
        "deducted": _("已扣分"),
        "clean": _("未发现问题"),
        "not_observed": _("未观察到（转人工采集）"),
    }[state]


def skip_label(kind: SkipKind) -> str:
    return {
        "not applicable": _("不适用"),
        "error": _("出错"),
        "stopped": _("超出检查限额，已停止"),
    }[kind]


def skip_sentence(check: str, skip: Skip) -> str:
    """Why CHECK did not complete, for people (the English detail stays in the JSON)."""
    return _("%(title)s：未完成（%(why)s）") % {"title": check_title(check), "why": skip_label(skip.kind)}


def check_title(check: str) -> str:
    """The check's Chinese name (its module's TITLE)."""
    try:
        return _(str(load_check(check).TITLE))
    except (KeyError, ImportError):
        return check

