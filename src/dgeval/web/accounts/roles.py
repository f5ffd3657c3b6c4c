"""Roles of platform users and the checks services use to enforce them.

Permission rules live here and in services (not only in templates): a view that forgets a check
still hits the service's `require_role`, which raises PermissionDenied (HTTP 403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from dgeval.web.targets.models import Target


class Role(models.TextChoices):
    """What a logged-in user may do; anonymous visitors have no role (the public)."""

    ADMIN = "admin", _("管理员")
    EVALUATOR = "evaluator", _("评估员")
    EXPERT = "expert", _("专家")
    WEBMASTER = "webmaster", _("网站主管单位")
    NOMINATOR = "nominator", _("案例推荐单位（个人）")


TEAM_ROLES = (Role.ADMIN, Role.EVALUATOR, Role.EXPERT)


def role_of(user: Any) -> Role | None:
    """The user's role, or None for anonymous visitors and inactive accounts (the public)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def require_role(user: Any, *roles: Role) -> None:
    """Raise PermissionDenied unless the user has one of `roles`."""
    if role_of(user) not in roles:
        names = "、".join(str(Role(r).label) for r in roles)
        raise PermissionDenied(gettext("此操作仅限%(roles)s") % {"roles": names})


def is_team(user: Any) -> bool:
    """True for the evaluation team: admins, evaluators and experts."""
    return role_of(user) in TEAM_ROLES


def require_team(user: Any) -> None:
    """Raise PermissionDenied unless the user belongs to the evaluation team."""
    require_role(user, *TEAM_ROLES)


def can_access_target(user: Any, target: Target) -> bool:
    """True for the team, and for the webmaster bound to exactly this target."""
    role = role_of(user)
    if role in TEAM_ROLES:
        return True
    return role == Role.WEBMASTER and user.target_id is not None and user.target_id == target.pk


def require_target_access(user: Any, target: Target) -> None:
    """Raise PermissionDenied unless the user is on the team or is this target's webmaster."""
    if not can_access_target(user, target):
        raise PermissionDenied(gettext("无权访问该评估对象的数据"))
