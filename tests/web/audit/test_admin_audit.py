"""Every model on the admin site: add, change and delete through the real admin views leave an audit entry each,
or are refused. The walk reads `admin.site._registry` when it runs, so models of apps added later are walked too.

Objects are made by model-bakery; the forms are filled as a browser would submit them: the admin page's own
controls (parsed from its HTML), with the values of a fresh object for an add.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from model_bakery import baker
from selectolax.lexbor import LexborHTMLParser

from dgeval.web.audit.models import AuditEntry
from dgeval.web.audit.modeladmin import REASON_FIELD, AuditedAdminMixin

pytestmark = pytest.mark.django_db

REASON = "审计巡检：管理后台修改"
PASSWORD = "Walk-the-admin-2020!"


def registered() -> list[type[models.Model]]:
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


def _form_data(html: str, form_selector: str) -> dict[str, list[str]]:
    """The name/value pairs a browser submits for the form (inline templates left out)."""
    tree = LexborHTMLParser(html)
    form = tree.css_first(form_selector)
    assert form is not None, f"no {form_selector} in the page"
    data: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        data.setdefault(name, []).append(value)

    for node in form.css("input, select, textarea"):
        name = node.attributes.get("name")
        if not name or "__prefix__" in name or "disabled" in node.attributes:
            continue
        if node.tag == "textarea":
            add(name, node.text(deep=True))
        elif node.tag == "select":
            options = node.css("option")
            chosen = [o for o in options if "selected" in o.attributes]
            if not chosen and options and "multiple" not in node.attributes:
                chosen = options[:1]
            for option in chosen:
                add(name, option.attributes.get("value") or "")
            data.setdefault(name, [])
        else:
            kind = (node.attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if "checked" in node.attributes:
                    add(name, node.attributes.get("value") or "on")
                continue
            add(name, node.attributes.get("value") or "")
    return data


def _flat(data: dict[str, list[str]]) -> dict[str, Any]:
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}


def _form_id(model: type[models.Model]) -> str:
    return f"form#{model._meta.model_name}_form"


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _entries(model: type[models.Model], pk: Any) -> list[str]:
    return list(AuditEntry.objects.filter(object_type=model._meta.label_lower, object_id=str(pk))
                .values_list("action", flat=True))


def _make(model: type[models.Model]) -> models.Model:
    return baker.make(model)


@pytest.fixture
def superuser(db):
    from dgeval.web.accounts.services import user_create

    return user_create(username="walker", password=PASSWORD, role="admin", display_name="巡检管理员")


@pytest.fixture
def client(superuser) -> Client:
    browser = Client()
    browser.force_login(superuser)
    return browser


def test_every_registered_admin_is_audited():
    assert registered(), "no model is registered on the admin site"
    for model in registered():
        assert isinstance(admin.site._registry[model], AuditedAdminMixin), model._meta.label


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_change_is_audited_or_refused(model, client, superuser):
    model_admin = admin.site._registry[model]
    obj = _make(model)
    url = _url(model, "change", obj.pk)
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    before = AuditEntry.objects.count()
    if not model_admin.has_change_permission(_request(superuser), obj):
        assert client.post(url, {REASON_FIELD: REASON}).status_code == 403
        assert AuditEntry.objects.count() == before
        return
    data = _form_data(page.content.decode(), _form_id(model))
    data.pop(model_admin.audit_reason_field, None)
    without_reason = client.post(url, _flat(data))
    assert without_reason.status_code == 200 and "这个字段是必填项" in without_reason.content.decode()
    assert AuditEntry.objects.count() == before
    data[model_admin.audit_reason_field] = [REASON]
    response = client.post(url, _flat(data))
    assert response.status_code == 302, _errors(response)
    assert _entries(model, obj.pk), f"no audit entry for a change of {model._meta.label}"


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_add_is_audited_or_refused(model, client, superuser):
    model_admin = admin.site._registry[model]
    url = _url(model, "add")
    before = AuditEntry.objects.count()
    if not model_admin.has_add_permission(_request(superuser)):
        assert client.get(url).status_code == 403
        assert client.post(url, {REASON_FIELD: REASON}).status_code == 403
        assert AuditEntry.objects.count() == before
        return
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page.content.decode(), _form_id(model))
    data.update(_values_of_a_new_object(model, model_admin, superuser))
    for name in ("password1", "password2"):
        if name in data:
            data[name] = [PASSWORD]
    data[model_admin.audit_reason_field] = [REASON]
    existing = set(model._base_manager.values_list("pk", flat=True))
    response = client.post(url, _flat(data))
    assert response.status_code == 302, _errors(response)
    created = set(model._base_manager.values_list("pk", flat=True)) - existing
    assert len(created) == 1
    assert _entries(model, created.pop()), f"no audit entry for an add of {model._meta.label}"


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_delete_is_audited_or_refused(model, client, superuser):
    model_admin = admin.site._registry[model]
    obj = _make(model)
    url = _url(model, "delete", obj.pk)
    if not model_admin.has_delete_permission(_request(superuser), obj):
        assert client.post(url, {"post": "yes", REASON_FIELD: REASON}).status_code == 403
        assert model._base_manager.filter(pk=obj.pk).exists()
        return
    assert client.post(url, {"post": "yes"}).status_code == 302  # no reason: back to the confirmation
    assert model._base_manager.filter(pk=obj.pk).exists()
    assert client.post(url, {"post": "yes", REASON_FIELD: REASON}).status_code == 302
    assert not model._base_manager.filter(pk=obj.pk).exists()
    entry = AuditEntry.objects.get(object_type=model._meta.label_lower, object_id=str(obj.pk))
    assert (entry.action, entry.reason, entry.after) == ("admin.delete", REASON, None)


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_bulk_delete_is_audited_or_refused(model, client, superuser):
    model_admin = admin.site._registry[model]
    objs = [_make(model), _make(model)]
    pks = [str(o.pk) for o in objs]
    data = {"action": "delete_selected", "_selected_action": pks, "post": "yes", "index": "0"}
    if "delete_selected" not in model_admin.get_actions(_request(superuser)):
        client.post(_url(model, "changelist"), {**data, REASON_FIELD: REASON})
        assert model._base_manager.filter(pk__in=pks).count() == 2
        return
    page = client.post(_url(model, "changelist"), data)
    assert page.status_code == 200 and model._base_manager.filter(pk__in=pks).count() == 2
    response = client.post(_url(model, "changelist"), {**data, REASON_FIELD: REASON})
    assert response.status_code == 302
    assert not model._base_manager.filter(pk__in=pks).exists()
    for pk in pks:
        assert _entries(model, pk) == ["admin.delete"]


def test_superuser_and_groups_change_records_before_and_after(client, superuser):
    from django.contrib.auth.models import Group

    from dgeval.web.accounts.models import User

    group = Group.objects.create(name="复核组")
    user = baker.make(User, username="expert9", role="expert")
    url = _url(User, "change", user.pk)
    data = _form_data(client.get(url).content.decode(), _form_id(User))
    data.update(is_superuser=["on"], is_staff=["on"], groups=[str(group.pk)], audit_reason=["临时授权复核"])
    assert client.post(url, _flat(data)).status_code == 302
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action="admin.change")
    assert entry.actor == superuser and entry.reason == "临时授权复核"
    keys = ("is_superuser", "is_staff", "groups")
    assert {k: entry.before[k] for k in keys} == {"is_superuser": False, "is_staff": False, "groups": []}
    assert {k: entry.after[k] for k in keys} == {"is_superuser": True, "is_staff": True, "groups": ["复核组"]}


def test_target_url_change_keeps_old_and_new_value(client, county_target):
    from dgeval.web.targets.models import Target

    url = _url(Target, "change", county_target.pk)
    data = _form_data(client.get(url).content.decode(), _form_id(Target))
    data.update(website_url=["http://169.254.169.254/latest/"], audit_reason=["网址变更"])
    assert client.post(url, _flat(data)).status_code == 302
    entry = AuditEntry.objects.get(object_type="targets.target", action="admin.change")
    assert entry.before == {"website_url": "http://www.hzxh.gov.cn/"}
    assert entry.after == {"website_url": "http://169.254.169.254/latest/"}


def test_inline_rows_are_audited_with_the_parent(client, county_target):
    from dgeval.web.targets.models import Target

    url = _url(Target, "change", county_target.pk)
    data = _form_data(client.get(url).content.decode(), _form_id(Target))
    data["channels-0-DELETE"] = ["on"]
    data[REASON_FIELD] = ["渠道已停用"]
    assert client.post(url, _flat(data)).status_code == 302
    entry = AuditEntry.objects.get(object_type="targets.channel", action="admin.delete")
    assert entry.reason == "渠道已停用" and entry.before["url"] == "http://www.hzxh.gov.cn/"


def test_password_set_is_audited_without_the_password(client):
    from dgeval.web.accounts.models import User

    user = baker.make(User, username="evaluator9", role="evaluator")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    assert REASON_FIELD in client.get(url).content.decode()
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
                                 "set-password": "1", REASON_FIELD: "遗忘密码重置"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_id=str(user.pk), action="admin.password_set")
    assert entry.reason == "遗忘密码重置" and PASSWORD not in str(entry.after) and "pbkdf2" not in str(entry.after)


def test_custom_action_records_the_objects_it_ran_on(client, superuser):
    from dgeval.web.monitoring.models import FindingRecord

    finding = baker.make(FindingRecord, status="pending")
    client.post(_url(FindingRecord, "changelist"), {"action": "confirm_selected", "_selected_action": [finding.pk],
                                                    "index": "0", REASON_FIELD: "批量确认"})
    entry = AuditEntry.objects.get(action="admin.action")
    assert entry.after["action"] == "confirm_selected" and entry.after["objects"] == [str(finding.pk)]
    assert entry.reason == "批量确认" and entry.actor == superuser


def _values_of_a_new_object(model: type[models.Model], model_admin: Any, user: Any) -> dict[str, list[str]]:
    """The add form's fields as a browser would submit them for a fresh object made by model-bakery."""
    prepared = baker.prepare(model, _save_related=True)
    form_class = model_admin.get_form(_request(user), None, change=False)
    form = form_class(instance=prepared)
    data = _form_data(f"<form id='x'>{form.as_div()}</form>", "form#x")
    return {name: values for name, values in data.items() if name in form.fields or name.rsplit("_", 1)[0] in form.fields}


def _errors(response: Any) -> str:
    context = getattr(response, "context", None)
    if not context:
        return f"status {response.status_code}"
    problems = []
    if context.get("adminform"):
        problems.append(str(context["adminform"].form.errors.as_data()))
    for formset in context.get("inline_admin_formsets") or []:
        problems.append(str(formset.formset.errors))
    return "; ".join(problems) or f"status {response.status_code}"
