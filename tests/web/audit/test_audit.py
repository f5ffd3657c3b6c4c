"""The audit log is append-only, read-only in the admin, and filterable by the team."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from dgeval.errors import WorkflowError
from dgeval.web.audit.models import AuditEntry
from dgeval.web.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_record_stores_actor_object_and_values(admin_user, county_target):
    entry = audit_record(
        actor=admin_user, action="target.rename", obj=county_target, before={"name": "旧"}, after={"name": "新"}, reason="更名"
    )
    entry.refresh_from_db()
    assert entry.actor == admin_user
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("targets.target", str(county_target.pk), county_target.name)
    assert entry.before == {"name": "旧"} and entry.after == {"name": "新"} and entry.reason == "更名"


def test_anonymous_actor_is_stored_as_none(county_target):
    from django.contrib.auth.models import AnonymousUser

    entry = audit_record(actor=AnonymousUser(), action="x", obj=county_target, before=None, after={"a": 1})
    assert entry.actor is None


def test_dates_are_serialised(county_target):
    from datetime import date

    entry = audit_record(actor=None, action="x", obj=county_target, before=None, after={"on": date(2020, 10, 20)})
    entry.refresh_from_db()
    assert entry.after == {"on": "2020-10-20"}


def test_update_is_refused(county_target):
    entry = audit_record(actor=None, action="x", obj=county_target, before=None, after=None)
    entry.reason = "篡改"
    with pytest.raises(WorkflowError, match="不能修改"):
        entry.save()
    with pytest.raises(WorkflowError, match="不能修改"):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="篡改")
    entry.refresh_from_db()
    assert entry.reason == ""


def test_delete_is_refused(county_target):
    entry = audit_record(actor=None, action="x", obj=county_target, before=None, after=None)
    with pytest.raises(WorkflowError, match="不能删除"):
        entry.delete()
    with pytest.raises(WorkflowError, match="不能删除"):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_is_read_only(admin_user, county_target):
    entry = audit_record(actor=None, action="x", obj=county_target, before=None, after=None)
    model_admin = site._registry[AuditEntry]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert model_admin.has_view_permission(request, entry)


def test_admin_change_page_is_view_only(admin_client, county_target):
    entry = audit_record(actor=None, action="x", obj=county_target, before=None, after=None)
    url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"reason": "篡改"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""


def test_list_filters_by_action_and_actor(evaluator_client, admin_user, evaluator_user, county_target):
    audit_record(actor=admin_user, action="phase.dates_set", obj=county_target, before=None, after=None, reason="延长甲")
    audit_record(actor=evaluator_user, action="score.set", obj=county_target, before=None, after=None, reason="评分乙")
    response = evaluator_client.get(reverse("audit:list"), {"action": "score.set"})
    assert "评分乙" in response.text and "延长甲" not in response.text
    response = evaluator_client.get(reverse("audit:list"), {"actor": "admin"})
    assert "延长甲" in response.text and "评分乙" not in response.text


def test_list_names_actions_and_object_types_in_chinese(evaluator_client, admin_user, county_target):
    audit_record(actor=admin_user, action="score.set", obj=county_target, before=None, after={"points": 1})
    html = evaluator_client.get(reverse("audit:list")).content.decode()
    assert "设置指标得分" in html and "评估对象 #" in html
    assert '<option value="score.set">设置指标得分</option>' in html  # the filter keeps the code as its value
