"""New-media checks, registered in one place: `CHECK_MODULES`.

Contract of a check module (see docs/new-media.md):
- `NAME`: the check's one word, shared by the module, the findings' `check` field and the finding rule
  (`data/<year>/rules/finding_rules.toml`, which alone says which leaves the check bears on);
- `TITLE`: its name in Chinese, for people;
- `run(accounts: PlatformAccounts, config: CheckConfig) -> CheckResult`: a pure function — no clock, database or
  file I/O (the as-of date is the window's end). The result carries the findings and how many things the check
  observed: the finding rule gives points only when it observed at least `min_observed` (no data, no points).
A check that does not apply raises `CheckNotApplicable` (the result then observes nothing).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Iterable, Mapping

from dgeval.i18n import gettext as _
from dgeval.newmedia.content import ContentRules
from dgeval.newmedia.model import CheckResult, PlatformAccounts

CHECK_MODULES: tuple[str, ...] = (
    "update_gap",
    "reply_overdue",
    "account_redundancy",
    "account_verification",
    "post_category",
    "post_advertising",
)


class CheckNotApplicable(Exception):
    """Raised by a check that has nothing to judge on this platform (Weibo's reply timeliness, a mini-program)."""


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds the campaign sets (reply limit, dormancy) and the year's content rules."""

    content: ContentRules
    reply_limit_workdays: int = 5
    dormant_days: int = 90
    #: Longest stretch without a post, in days, per account kind (信息更新: weekly; a WeChat 服务号 every 2 weeks).
    update_days: Mapping[str, int] = field(default_factory=lambda: {"wechat_service": 14})
    default_update_days: int = 7

    def update_limit(self, kind: str) -> int:
        return self.update_days.get(kind, self.default_update_days)


def load_check(name: str) -> ModuleType:
    if name not in CHECK_MODULES:
        raise KeyError(f"unknown new-media check {name!r}; known: {', '.join(CHECK_MODULES)}")
    return importlib.import_module(f"dgeval.newmedia.checks.{name}")


def check_title(name: str) -> str:
    """The check's Chinese name (the name itself for a check that is not registered)."""
    try:
        return _(load_check(name).TITLE)
    except KeyError:
        return name


def run_checks(
    accounts: PlatformAccounts, config: CheckConfig, names: Iterable[str] | None = None
) -> tuple[CheckResult, ...]:
    """Run the named checks (all by default) over one owner's accounts on one platform, in registry order."""
    results = []
    for name in CHECK_MODULES if names is None else names:
        try:
            results.append(load_check(name).run(accounts, config))
        except CheckNotApplicable as exc:
            results.append(CheckResult(check=name, skipped=str(exc)))
    return tuple(results)
