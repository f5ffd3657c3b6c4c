"""Account services: creating users with a role (used by the admin, commands and tests)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role

if TYPE_CHECKING:  # accounts sits under targets (whose pages check roles): a type-only name, no import
    from dgeval.web.targets.models import Target


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: Role | str,
    target: Target | None = None,
    display_name: str = "",
    email: str = "",
) -> User:
    """Create an active account; validates the role/target pairing (webmaster ⇔ target). Admins get staff access."""
    role = Role(role)
    user = User(username=username, role=role, target=target, display_name=display_name, email=email)
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user
