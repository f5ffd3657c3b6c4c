"""Webmaster accounts made from an approved registration, and the one-time link that sets their password.

No password is ever generated or mailed: the account starts with an unusable password and the e-mail carries
Django's password-reset token (valid PASSWORD_RESET_TIMEOUT, spent once the password is set), opened by
`accounts:password_set` (Django's PasswordResetConfirmView).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create

if TYPE_CHECKING:
    from dgeval.web.targets.models import Target


def account_fields(user: User) -> dict[str, Any]:
    """The audited view of an account (the caller audits: accounts sits under the audit app)."""
    return {"username": user.username, "role": user.role, "target": user.target_id, "email": user.email,
            "is_active": user.is_active}


def _free_username(base: str) -> str:
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def webmaster_provide(*, target: Target, email: str, display_name: str, username: str = "") -> tuple[User, bool]:
    """The target's webmaster account with this e-mail: linked if one exists, else created.

    Returns (user, created). An existing webmaster of the target with the same e-mail is reused (a second approval
    path must not make a twin account); any other account keeps its role and a new one is made beside it.
    """
    existing = User.objects.filter(role=Role.WEBMASTER, target=target, email__iexact=email).first()
    if existing is not None:
        existing.is_active = True
        existing.save(update_fields=["is_active"])
        return existing, False
    name = _free_username(username or f"webmaster-{target.code}")
    user = user_create(username=name, password=None, role=Role.WEBMASTER, target=target,
                       display_name=display_name, email=email)
    return user, True


def password_set_path(user: User) -> str:
    """The path of the one-time set-password page for `user` (a password-reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:password_set", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


def password_set_url(user: User, site_url: str = "") -> str:
    """The absolute one-time set-password link, on `site_url` (default DGEVAL_SITE_URL)."""
    base = (site_url or settings.DGEVAL_SITE_URL).rstrip("/")
    return f"{base}{password_set_path(user)}"


def password_link_days() -> int:
    """How many days the link stays valid (PASSWORD_RESET_TIMEOUT, in whole days, at least one)."""
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86_400)
