"""How a voter proves to be one person: pluggable, an e-mailed code by default.

`DGEVAL_VOTE_VERIFIER` names the class (dotted path); it must offer `method`, `label`, `input_type`,
`normalize(identity) -> str` (raising ValidationError for a bad one) and `send(identity=, code=)`. The default
sends the code through Django's mail backend (the console in the demo), so an SMS gateway or a government
single-sign-on can replace it without touching the vote.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_VERIFIER = "dgeval.web.voting.verification.EmailCodeVerifier"
#: Mail domains where dots in the local part do not matter (one mailbox, many spellings).
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


class Verifier(Protocol):
    method: str
    label: str
    input_type: str

    def normalize(self, identity: str) -> str: ...

    def send(self, *, identity: str, code: str) -> None: ...


class EmailCodeVerifier:
    """A six-digit code sent by e-mail. One mailbox is one person: "+tags" (and dots at Gmail) are ignored."""

    method = "email"
    label = gettext_lazy("电子邮箱")
    input_type = "email"

    def normalize(self, identity: str) -> str:
        address = identity.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"identity": _("“%(value)s”不是有效的电子邮箱") % {"value": identity}}) from None
        local, _at, domain = address.rpartition("@")
        local = local.split("+", 1)[0]
        if domain in DOTLESS_DOMAINS:
            local = local.replace(".", "")
        return f"{local}@{domain}"

    def send(self, *, identity: str, code: str) -> None:
        send_mail(
            _("网民评选验证码"),
            _("您的验证码是 %(code)s，10 分钟内有效。如非本人操作，请忽略本邮件。") % {"code": code},
            None,
            [identity],
        )


@lru_cache(maxsize=4)
def _verifier_class(path: str) -> type:
    return import_string(path)


def verifier() -> Verifier:
    """The configured verifier (DGEVAL_VOTE_VERIFIER), by default `EmailCodeVerifier`."""
    return _verifier_class(getattr(settings, "DGEVAL_VOTE_VERIFIER", DEFAULT_VERIFIER))()


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of TEXT under SECRET_KEY: stable for one deployment, useless without the key."""
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()
