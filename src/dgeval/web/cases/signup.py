"""Public sign-up of 推荐单位（个人） accounts.

附件3 is headed “推荐单位（个人）”: individuals may nominate, so nominators sign up themselves. The sign-up form is
guarded by a CAPTCHA and a per-address rate limit (in the view); the account is created inactive and opens only from
the link e-mailed to the address given, signed with Django's token generator (like a password reset).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.models import User
from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.audit.services import audit_record


@transaction.atomic
def nominator_signup(*, username: str, password: str, display_name: str, email: str,
                     activation_url: Any) -> User:
    """Create an inactive nominator account and e-mail its activation link (ACTIVATION_URL(uid, token) → URL)."""
    user = user_create(username=username, password=password, role=Role.NOMINATOR, display_name=display_name,
                       email=email)
    user.is_active = False
    user.save(update_fields=["is_active"])
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = activation_url(uid, default_token_generator.make_token(user))
    send_mail(
        _("请激活您的优秀创新案例推荐账户"),
        _("%(name)s：\n\n请打开以下链接激活账户，然后即可在线填写《优秀创新案例推荐表》：\n%(link)s\n\n如非本人操作，请忽略本邮件。")
        % {"name": display_name, "link": link},
        None,
        [email],
    )
    audit_record(actor=None, action="case.nominator_signup", obj=user, before=None,
                 after={"username": user.username, "email": email, "display_name": display_name})
    return user


@transaction.atomic
def nominator_activate(*, uidb64: str, token: str) -> User:
    """Activate the account the link names; WorkflowError for a wrong, used or expired link."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), role=Role.NOMINATOR)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise WorkflowError(_("激活链接无效")) from None
    if user.is_active:
        return user
    if not default_token_generator.check_token(user, token):
        raise WorkflowError(_("激活链接无效或已过期"))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=user, action="case.nominator_activate", obj=user, before={"is_active": False},
                 after={"is_active": True})
    return user
