"""The permission matrix helper: every role × every action → allowed or refused.

Each app declares its actions as `Action`s and runs them through one parametrized test:

    from tests.web.permissions import Action, ROLES, matrix, check_action

    ACTIONS = [
        Action("targets.list", "get", lambda r: reverse("targets:list"), allowed={"admin", "evaluator", "expert"}),
        Action("x.do", "post", lambda r: reverse("x:do", args=[r.getfixturevalue("thing").pk]),
               allowed={"admin"}, data=lambda r: {"reason": "test"}),
    ]

    @pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
    def test_permission(request, action, role):
        check_action(request, action, role)

`url` and `data` receive pytest's `request`, so they may pull any fixture (objects, `today_is`).
`setup`, if given, runs first (e.g. to open a phase). A refused call must answer 403 or
redirect to a login page (anonymous visitors; the Django admin for non-staff); an allowed call must
answer below 400 without such a redirect. Logged-in clients come from conftest: <role>_client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url

ROLES = ("admin", "evaluator", "expert", "webmaster", "nominator", "anonymous")
TEAM = frozenset({"admin", "evaluator", "expert"})
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Action:
    """One thing a user may try: an HTTP call and the roles allowed to make it."""

    name: str
    method: str
    url: Callable[[Any], str]
    allowed: frozenset[str] | set[str]
    data: Callable[[Any], dict] | None = None
    setup: Callable[[Any], None] | None = None
    extra: dict = field(default_factory=dict)

    def allows(self, role: str) -> bool:
        return role in self.allowed


def matrix(actions: Iterable[Action]) -> list[Any]:
    """pytest params (action, role) for every action × every role, with readable ids."""
    return [pytest.param(a, role, id=f"{a.name}[{role}]") for a in actions for role in ROLES]


def call_action(request: Any, action: Action, role: str) -> HttpResponse:
    """Make the action's request as `role`."""
    if action.setup:
        action.setup(request)
    client = request.getfixturevalue(f"{role}_client")
    url = action.url(request)
    data = action.data(request) if action.data else {}
    method = getattr(client, action.method.lower())
    return method(url, data, **action.extra)


def is_login_redirect(response: HttpResponse) -> bool:
    """A redirect to the site's or the Django admin's login page (how the admin refuses non-staff)."""
    logins = {resolve_url(settings.LOGIN_URL), resolve_url("admin:login")}
    return response.status_code in (301, 302) and response["Location"].split("?")[0] in logins


def check_action(request: Any, action: Action, role: str) -> None:
    """Assert the action is allowed or refused for `role`, as declared."""
    response = call_action(request, action, role)
    status = response.status_code
    if action.allows(role):
        assert status < 400 and not is_login_redirect(response), (
            f"{action.name}: {role} should be allowed, got HTTP {status}"
        )
    else:
        refused = status == 403 or is_login_redirect(response)
        assert refused, f"{action.name}: {role} should be refused, got HTTP {status}"
