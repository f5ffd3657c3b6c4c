"""The seven case types of 附件3 and the bonus leaf (优秀创新案例 category) each one scores.

The form offers seven types; the frameworks carry them as bonus leaves `bonus.<category>`. Which frameworks have which
leaf is the campaign year's data (in 2020 数字政府服务能力评估 has all seven, the two website frameworks six, without
“新基建”助力): a case of a type its target's framework lacks earns no points there, and the pages say so
(`category_counts_in`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dgeval.web.common.frameworks import campaign_facts_for, framework_for


class CaseCategory(models.TextChoices):
    """案例类型, in the order the form prints them."""

    NEW_INFRASTRUCTURE = "new_infrastructure", _("“新基建”助力")
    INTENSIVE_CONSTRUCTION = "intensive_construction", _("集约化建设")
    INTEGRATED_SERVICE = "integrated_service", _("一体化服务")
    MOBILE_SERVICE = "mobile_service", _("移动化服务")
    NEW_TECHNOLOGY = "new_technology", _("新技术应用")
    DATA_SHARING_OPENING = "data_sharing_opening", _("数据共享开放")
    DATA_USE = "data_use", _("数据开发利用")


def bonus_code(category: str) -> str:
    """The bonus leaf a case type scores: "bonus.integrated_service" for 一体化服务."""
    return f"bonus.{CaseCategory(category).value}"


def bonus_frameworks(campaign: Any) -> tuple[str, ...]:
    """The frameworks the campaign ranks that have a bonus group (new media has none), from its year's data."""
    names = dict.fromkeys(framework for framework, _column in campaign_facts_for(campaign).rankings)
    return tuple(name for name in names
                 if any(i.bonus for i in framework_for(campaign=campaign, framework=name).indicators))


def frameworks_with(category: str, campaign: Any) -> tuple[str, ...]:
    """The campaign's frameworks that have CATEGORY's bonus leaf."""
    code = bonus_code(category)
    return tuple(name for name in bonus_frameworks(campaign) if framework_for(campaign=campaign, framework=name).has(code))


def category_counts_in(category: str, campaign: Any) -> list[str]:
    """Titles of the evaluations where a case of CATEGORY earns bonus points, for the pages."""
    return [framework_for(campaign=campaign, framework=name).title for name in frameworks_with(category, campaign)]
