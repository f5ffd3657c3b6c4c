"""Framework data as a campaign reads it: its year's frameworks, finding rules and campaign facts.

Everything the platform knows about indicators, rules and which target takes which evaluation comes through here,
from the folder `DGEVAL_FRAMEWORK_DIR` (default: the data shipped with dgeval). A campaign picks its year with
`Campaign.framework_year`; a new year is a new data folder, never code.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dgeval.errors import FrameworkError
from dgeval.framework import Framework, load_framework
from dgeval.framework.campaign import CampaignFacts, load_campaign_facts
from dgeval.framework.load import DATA_DIR, available
from dgeval.framework.rules import FindingRules, load_finding_rules

log = logging.getLogger(__name__)


def framework_dir() -> Path:
    """The folder of framework data the platform reads (setting DGEVAL_FRAMEWORK_DIR, else dgeval's own data)."""
    configured = getattr(settings, "DGEVAL_FRAMEWORK_DIR", None)
    return Path(configured) if configured else DATA_DIR


def framework_for(*, campaign: Any, framework: str) -> Framework:
    """The campaign's edition of FRAMEWORK; an unknown name is a validation error on the `framework` field."""
    try:
        return load_framework(framework, campaign.framework_year, framework_dir())
    except FrameworkError as exc:
        log.warning("framework %r not loaded: %s", framework, exc)
        raise ValidationError({"framework": _("没有指标体系 %(framework)s") % {"framework": framework}}) from exc


def framework_latest(framework: str) -> Framework | None:
    """The newest edition of FRAMEWORK (for labels that do not change between years), None if there is none."""
    try:
        return load_framework(framework, None, framework_dir())
    except FrameworkError:
        return None


def finding_rules_for(campaign: Any) -> FindingRules:
    """The finding rules of the campaign's year: which checks speak for which share of which leaves."""
    return load_finding_rules(campaign.framework_year, framework_dir())


def campaign_facts_for(campaign: Any, kinds: Collection[str] | None = None,
                       channels: Collection[str] | None = None) -> CampaignFacts:
    """The campaign facts of the campaign's year (checked against the target KINDS and channel kinds CHANNELS when
    given)."""
    return load_campaign_facts(campaign.framework_year, framework_dir(), kinds, channels)


def campaign_facts_latest(kinds: Collection[str] | None = None,
                          channels: Collection[str] | None = None) -> CampaignFacts:
    """The facts of the newest year that has a campaign file: for a target read outside any campaign."""
    years = sorted({year for year, _name, _path in available(framework_dir())}, reverse=True)
    for year in years:
        if (framework_dir() / str(year) / "rules" / "campaign.toml").is_file():
            return load_campaign_facts(year, framework_dir(), kinds, channels)
    raise FrameworkError(_("%(folder)s 中没有评估活动规则：应有 <年度>/rules/campaign.toml") % {"folder": framework_dir()})


def evaluation_label(framework: str, column: str) -> str:
    """"政府网站绩效评估指标（地方政府）· 县" for ("local_site", "county"); the codes for an unknown framework."""
    fw = framework_latest(framework)
    if fw is None:
        return _("未知指标体系")
    return f"{fw.title} · {fw.column_labels.get(column, column)}"


def leaf_label(fw: Framework, code: str) -> str:
    """"标识规范": a leaf's Chinese name (readers never see codes); "未知指标" for a code the framework lacks."""
    if not fw.has(code):
        return _("未知指标")
    return fw.indicator(code).name


def leaf_name_of(framework: str, code: str) -> str:
    """The Chinese name of leaf CODE in the newest edition of FRAMEWORK, for labels outside a campaign."""
    fw = framework_latest(framework)
    return _("未知指标") if fw is None else leaf_label(fw, code)


def leaf_name_any(code: str) -> str | None:
    """The name of leaf CODE in the newest framework (of any name) that has it; None for no leaf."""
    for _year, name, _path in available(framework_dir()):
        fw = framework_latest(name)
        if fw is not None and fw.has(code):
            return fw.indicator(code).name
    return None


def record_label(framework: str, column: str, code: str) -> str:
    """"政府网站绩效评估指标（地方政府）· 县 · 标识规范": where a per-leaf record belongs, in words."""
    return f"{evaluation_label(framework, column)} · {leaf_name_of(framework, code)}"
