"""Chinese labels of the monitor's code values (check names, severities, findings), shared by templates, forms and
services.

The monitor (no Django) names checks and severities with English words and stores English values ("no HTTPS"); the
platform shows Chinese: each check module's `TITLE` (a finding's sentence is `dgeval.monitor.describe`'s).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dgeval.monitor import availability
from dgeval.monitor.checks import load_check


class Severity(models.TextChoices):
    """The monitor's `Finding.severity` values (dgeval.monitor.model.Severity) with their Chinese labels."""

    HIGH = "high", gettext_lazy("高")
    MEDIUM = "medium", gettext_lazy("中")
    LOW = "low", gettext_lazy("低")
    INFO = "info", gettext_lazy("信息")


def severity_label(value: str) -> str:
    """高 / 中 / 低 / 信息 for a stored severity; an unknown value is shown as stored."""
    try:
        return str(Severity(value).label)
    except ValueError:
        return value


@lru_cache(maxsize=None)
def check_title(name: str) -> str:
    """The check's Chinese title (its module's `TITLE`; 故障率 for the availability probes), or NAME itself for an
    unknown check or one without a title."""
    if name == availability.NAME:
        return _(availability.TITLE)
    try:
        module = load_check(name)
    except (KeyError, ImportError):
        return name
    return str(getattr(module, "TITLE", name))


def check_label(name: str) -> str:
    """"不可用链接": the check's title; readers never see its code name (the CLI's --checks value)."""
    title = check_title(name)
    return _("未知检查项") if title == name else title


def run_options_text(options: dict) -> str:
    """A run's stored scan options (see services.scan_options) as one Chinese line: 外部链接：跳过；最多页面数：300…"""
    parts = []
    if "external" in options:
        external = {"check": _("检查"), "skip": _("跳过")}.get(options["external"], options["external"])
        parts.append(_("外部链接：%(v)s") % {"v": external})
    if options.get("allow_private"):
        parts.append(_("允许内网地址"))
    if options.get("as_of"):
        parts.append(_("评估基准日：%(v)s") % {"v": options["as_of"]})
    if options.get("max_pages"):
        parts.append(_("最多页面数：%(v)s") % {"v": options["max_pages"]})
    return "；".join(parts) or _("默认")


def observed_text(observed: Mapping[str, int]) -> str:
    """What each check observed in a scan, as one Chinese line: "不可用链接 120；错敏字 36…"; "无" for nothing."""
    return "；".join(f"{check_title(check)} {count}" for check, count in sorted(observed.items()) if count) or _("无")


def percent_text(fraction: float | None) -> str:
    """0.125 → "12.5%"; None (nothing measured) → "—"."""
    return "—" if fraction is None else f"{fraction * 100:.1f}%"
