"""A voter's steps through the Django test client: solve the CAPTCHA, get and confirm a code, vote."""

from __future__ import annotations

import re

from captcha.models import CaptchaStore
from django.core import mail
from django.urls import reverse


def captcha_fields(html: str) -> dict[str, str]:
    """The CAPTCHA's hidden key from a page and its answer, read from the server's store (the test's oracle)."""
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html)
    assert key, "no CAPTCHA on the page"
    return {"captcha_0": key.group(1), "captcha_1": CaptchaStore.objects.get(hashkey=key.group(1)).response}


def last_code() -> str:
    match = re.search(r"验证码是 (\d{6})", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def verify(client, vote_round, email: str, **extra) -> None:
    """Verify EMAIL in CLIENT's session through the public pages; asserts each step worked."""
    page = client.get(reverse("vote:round", args=[vote_round.pk]), **extra)
    response = client.post(reverse("vote:code", args=[vote_round.pk]),
                           {"identity": email, **captcha_fields(page.text)}, **extra)
    assert response.status_code == 302, response.text[:2000]
    response = client.post(reverse("vote:confirm", args=[vote_round.pk]), {"code": last_code()}, **extra)
    assert response.status_code == 302, response.text[:2000]


def cast(client, vote_round, case, **extra):
    return client.post(reverse("vote:cast", args=[vote_round.pk, case.pk]), **extra)
