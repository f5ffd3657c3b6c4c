"""A campaign's case-selection rules (`CasePolicy`): read with defaults, changed only by an admin, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.services import audit_record
from dgeval.web.cases.categories import bonus_frameworks
from dgeval.web.common.frameworks import framework_for
from dgeval.web.cases.models import CasePolicy


def case_policy_for(*, campaign: Any) -> CasePolicy:
    """The campaign's policy, created with the defaults on first use."""
    policy, _created = CasePolicy.objects.get_or_create(campaign=campaign)
    return policy


def bonus_cap_of(campaign: Any) -> float:
    """The smallest 优秀创新案例 group cap of the campaign's frameworks (10 in 2020)."""
    return min(framework_for(campaign=campaign, framework=name).bonus_cap for name in bonus_frameworks(campaign))


@transaction.atomic
def case_policy_set(*, campaign: Any, actor: Any, reason: str = "", **values: float) -> CasePolicy:
    """Change the policy (admin only). The two weights must add up to 1 and no cap may exceed the bonus cap."""
    require_role(actor, Role.ADMIN)
    policy = CasePolicy.objects.select_for_update().get(pk=case_policy_for(campaign=campaign).pk)
    before = policy.snapshot()
    for name, value in values.items():
        if name not in before:
            raise ValidationError({name: _("未知的评选规则项")})
        setattr(policy, name, value)
    policy.full_clean(exclude=["campaign"])
    if abs(policy.expert_weight + policy.public_weight - 1) > 1e-9:
        raise ValidationError({"public_weight": _("专家评议权重与网民评选权重之和须为 1（现为 %(sum)g）") % {
            "sum": policy.expert_weight + policy.public_weight}})
    cap = bonus_cap_of(campaign)
    for name in ("case_points_max", "category_cap"):
        if getattr(policy, name) > cap:
            raise ValidationError({name: _("不能超过指标体系的加分上限 %(cap)g 分") % {"cap": cap}})
    policy.save()
    audit_record(actor=actor, action="case.policy_set", obj=policy, before=before, after=policy.snapshot(),
                 reason=reason)
    return policy
