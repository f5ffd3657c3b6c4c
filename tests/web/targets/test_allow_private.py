"""Private addresses per target: only an admin allows them, with a reason, audited; no scan can switch them on."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dgeval.web.audit.models import AuditEntry
from dgeval.web.targets.services import target_allow_private_set

pytestmark = pytest.mark.django_db


def test_admin_allows_with_a_reason_and_it_is_audited(county_target, admin_user):
    target = target_allow_private_set(target=county_target, allow=True, reason="内网测试站点", actor=admin_user)
    assert target.allow_private and target.allow_private_reason == "内网测试站点"
    entry = AuditEntry.objects.get(action="target.allow_private")
    assert entry.actor == admin_user and entry.reason == "内网测试站点"
    assert entry.before["allow_private"] is False and entry.after["allow_private"] is True
    target = target_allow_private_set(target=target, allow=False, reason="测试结束", actor=admin_user)
    assert not target.allow_private and target.allow_private_reason == ""


@pytest.mark.parametrize("role_user", ["evaluator_user", "expert_user", "webmaster_user"])
def test_only_admins_may_allow(role_user, county_target, request):
    with pytest.raises(PermissionDenied):
        target_allow_private_set(target=county_target, allow=True, reason="想扫内网", actor=request.getfixturevalue(role_user))
    county_target.refresh_from_db()
    assert not county_target.allow_private and not AuditEntry.objects.exists()


def test_a_reason_is_required(county_target, admin_user):
    with pytest.raises(ValidationError):
        target_allow_private_set(target=county_target, allow=True, reason="  ", actor=admin_user)


def test_admin_page_sets_it(admin_client, county_target):
    page = admin_client.get(reverse("targets:detail", args=[county_target.code])).content.decode()
    assert 'name="reason"' in page
    response = admin_client.post(reverse("targets:allow_private", args=[county_target.code]),
                                 {"allow": "1", "reason": "测试站点"})
    assert response.status_code == 302
    county_target.refresh_from_db()
    assert county_target.allow_private


@pytest.mark.parametrize("client_name", ["evaluator_client", "expert_client"])
def test_team_page_has_no_form_and_post_is_refused(client_name, county_target, request):
    client = request.getfixturevalue(client_name)
    page = client.get(reverse("targets:detail", args=[county_target.code])).content.decode()
    assert "allow-private" not in page
    response = client.post(reverse("targets:allow_private", args=[county_target.code]),
                           {"allow": "1", "reason": "想扫内网"})
    assert response.status_code == 403
    county_target.refresh_from_db()
    assert not county_target.allow_private
