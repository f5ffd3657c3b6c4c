"""Permission matrix of notifications: every signed-in person has their own list; the public has none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.permissions import ROLES, Action, check_action, matrix

SIGNED_IN = frozenset(ROLES) - {"anonymous"}

ACTIONS = [
    Action("notifications.list", "get", lambda r: reverse("notifications:list"), SIGNED_IN),
    Action("notifications.read_all", "post", lambda r: reverse("notifications:read_all"), SIGNED_IN),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
