"""Roles, role helpers, login/logout and the django-axes lockout."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from dgeval.web.accounts.roles import Role, is_team, require_role, require_target_access, role_of
from dgeval.web.accounts.services import user_create
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_role_of_each_user(admin_user, evaluator_user, expert_user, webmaster_user):
    assert [role_of(u) for u in (admin_user, evaluator_user, expert_user, webmaster_user)] == [
        Role.ADMIN, Role.EVALUATOR, Role.EXPERT, Role.WEBMASTER,
    ]
    assert role_of(AnonymousUser()) is None
    assert role_of(None) is None


def test_inactive_user_has_no_role(evaluator_user):
    evaluator_user.is_active = False
    assert role_of(evaluator_user) is None


def test_role_labels_are_chinese():
    assert [str(r.label) for r in Role] == ["管理员", "评估员", "专家", "网站主管单位", "案例推荐单位（个人）"]


def test_is_team(admin_user, evaluator_user, expert_user, webmaster_user):
    assert [is_team(u) for u in (admin_user, evaluator_user, expert_user, webmaster_user, AnonymousUser())] == [
        True, True, True, False, False,
    ]


def test_require_role_refuses_other_roles(evaluator_user, expert_user):
    require_role(evaluator_user, Role.ADMIN, Role.EVALUATOR)
    with pytest.raises(PermissionDenied, match="管理员、评估员"):
        require_role(expert_user, Role.ADMIN, Role.EVALUATOR)
    with pytest.raises(PermissionDenied):
        require_role(AnonymousUser(), Role.ADMIN)


def test_target_access_only_own_target_for_webmaster(webmaster_user, expert_user, county_target, province_target):
    require_target_access(webmaster_user, county_target)
    require_target_access(expert_user, province_target)
    with pytest.raises(PermissionDenied):
        require_target_access(webmaster_user, province_target)
    with pytest.raises(PermissionDenied):
        require_target_access(AnonymousUser(), county_target)


def test_webmaster_needs_a_target_and_others_may_not_have_one(county_target):
    with pytest.raises(ValidationError, match="必须指定"):
        user_create(username="wm", password=PASSWORD, role=Role.WEBMASTER)
    with pytest.raises(ValidationError, match="只有网站主管单位"):
        user_create(username="ev", password=PASSWORD, role=Role.EVALUATOR, target=county_target)


def test_admin_is_staff_for_the_django_admin(admin_user, evaluator_user):
    assert admin_user.is_staff and admin_user.is_superuser
    assert not evaluator_user.is_staff


def test_login_page_is_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "用户名" in response.text and "密码" in response.text


def test_login_and_logout(evaluator_user):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "evaluator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("audit:list")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("audit:list")).status_code == 302


def test_wrong_password_shows_chinese_error(evaluator_user, client):
    response = client.post(reverse("accounts:login"), {"username": "evaluator", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text


def test_login_requires_csrf_token(evaluator_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "evaluator", "password": PASSWORD})
    assert response.status_code == 403
    page = client.get(reverse("accounts:login"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"), {"username": "evaluator", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_repeated_failed_logins_lock_the_account(settings, evaluator_user):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "evaluator", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "evaluator", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.text
    assert client.get(reverse("audit:list")).status_code == 302  # not logged in
