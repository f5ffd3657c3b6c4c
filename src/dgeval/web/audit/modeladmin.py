"""Every change made through the admin site goes into the audit log, with the reason the admin gives.

Django's admin writes straight to the database; a target's URL, a finding, an appeal or a user's superuser flag
changed there would otherwise leave no trace in the log that scores and rankings are defended with.
`AuditedAdminMixin` asks for a reason on every add, change and delete form, and records in the same transaction
as the change:

- adds and changes, with the fields' values before and after (many-to-many ones too: groups, permissions), and the
  rows of inlines added, changed or deleted with them;
- deletes, single or bulk, with the deleted values and what the delete took with it;
- any other admin action, with the objects it was run on;
- a password set on the user admin's password page (that it was set, never the password).

`AuditedAdminSite` applies the mixin to every ModelAdmin registered on it, so the admins of Django's groups, of
django-axes and of any new app are audited without opting in. An admin that overrides `save_model` without calling
super must save through an audited service instead (the phase and collection policy admins do); the mixin then
records nothing of its own for that save.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from dgeval.web.audit.admin_columns import holds_codes, named_list_display, named_list_filter, named_value
from dgeval.web.audit.services import audit_record, object_label
from dgeval.web.audit.snapshot import changed_values, field_values

#: Name of the reason field added to admin forms that do not ask for one themselves.
REASON_FIELD = "audit_reason"

Action = Callable[[Any, HttpRequest, QuerySet], HttpResponse | None]


def reason_form_field() -> forms.CharField:
    return forms.CharField(label=_("修改原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("记入审计日志"))


def with_reason(form: type[forms.BaseForm], field_name: str) -> type[forms.BaseForm]:
    """FORM, with a required reason field unless it already has one of that name."""
    if field_name in form.base_fields:
        return form
    return type(form.__name__, (form,), {field_name: reason_form_field()})


class AuditedActionForm(helpers.ActionForm):
    """The change list's action bar, with the reason recorded for the action."""

    audit_reason = forms.CharField(label=_("操作原因"), required=False, max_length=1000)


def _posted_reason(request: HttpRequest) -> str:
    return str(request.POST.get(REASON_FIELD, "")).strip()


def _cascade(model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model) -> dict[str, int]:
    """How many rows of each kind deleting OBJ removes, OBJ itself included."""
    _objects, model_count, _perms, _protected = model_admin.get_deleted_objects([obj], request)
    return {str(name): count for name, count in model_count.items()}


def _deletion_values(model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
    values = field_values(obj)
    cascade = _cascade(model_admin, request, obj)
    if sum(cascade.values()) > 1:
        values["cascade"] = cascade
    return values


def audited_delete_selected(model_admin: Any, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
    """Django's bulk delete, refusing to go ahead without a reason (the confirmation page asks for one)."""
    if request.POST.get("post") and not _posted_reason(request):
        model_admin.message_user(request, _("请填写删除原因"), messages.ERROR)
        unconfirmed = request.POST.copy()
        unconfirmed.pop("post")
        request.POST = unconfirmed  # type: ignore[assignment]  # back to the confirmation page
    return delete_selected(model_admin, request, queryset)


def _audited_action(name: str, func: Action) -> Action:
    """FUNC, recording which objects the action was run on before it runs (same transaction)."""

    def run(model_admin: Any, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        with transaction.atomic():
            objects = [object_label(obj)[1] for obj in queryset]
            audit_record(actor=request.user, action="admin.action", obj=None, before=None,
                         after={"model": model_admin.opts.label_lower, "action": name, "objects": objects},
                         reason=_posted_reason(request))
            return func(model_admin, request, queryset)

    return run


#: What the read-only display of a stored JSON or code field is called on the admin: "<field>_in_words".
SHOWN_SUFFIX = "_in_words"


def _display_in_words(model_admin: Any, field: models.Field, words: Callable[[Any], str]) -> str:
    """Give MODEL_ADMIN a read-only display of FIELD as WORDS(value); returns the display's name."""

    def in_words(obj: models.Model) -> str:
        return words(getattr(obj, field.name))

    in_words.short_description = field.verbose_name  # type: ignore[attr-defined]
    name = field.name + SHOWN_SUFFIX
    setattr(model_admin, name, in_words)
    return name


def _json_in_words(model: type[models.Model], field: models.Field) -> Callable[[Any], str]:
    from dgeval.web.audit.sentences import value_text

    return lambda value: value_text(field.name, value, model)


def _code_in_words(field: models.Field) -> Callable[[Any], str]:
    return lambda value: named_value(field.name, value)


def _own_name(file: Any) -> str:
    """A stored file's own name, without the storage folders ("盖章报名表.pdf", not "registration/…")."""
    return PurePosixPath(file.name).name


class _NamedFile:
    """A stored file as the file widget shows it: its URL, and its own name."""

    def __init__(self, file: Any) -> None:
        self.url = file.url
        self.name = _own_name(file)

    def __str__(self) -> str:
        return self.name


class FileByNameWidget(AdminFileWidget):
    """The admin's file input, naming the current file by its own name."""

    def format_value(self, value: Any) -> Any:
        value = super().format_value(value)
        return _NamedFile(value) if value else value


def _file_by_name(value: Any) -> str:
    """An uploaded file as a link named by the file's own name."""
    if not value:
        return "—"
    return format_html('<a href="{}">{}</a>', value.url, _own_name(value))


class AuditedAdminMixin:
    """Asks for a reason and records every add, change, delete and action of a ModelAdmin in the audit log."""

    #: The form field holding the reason; a form may bring its own (e.g. "reason").
    audit_reason_field = REASON_FIELD
    action_form = AuditedActionForm
    delete_confirmation_template = "audit/admin/delete_confirmation.html"
    delete_selected_confirmation_template = "audit/admin/delete_selected_confirmation.html"

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite) -> None:
        super().__init__(model, admin_site)  # type: ignore[call-arg]
        self.form = with_reason(self.form, self.audit_reason_field)
        # JSON fields are always shown in words; code fields (framework, leaf, check…) and uploaded files where
        # they are read-only.
        self._json_shown = {field.name: _display_in_words(self, field, _json_in_words(model, field))
                            for field in model._meta.fields if isinstance(field, models.JSONField)}
        self._codes_shown = {field.name: _display_in_words(self, field, _code_in_words(field))
                             for field in model._meta.fields if holds_codes(model, field.name)}
        self._codes_shown.update({field.name: _display_in_words(self, field, _file_by_name)
                                  for field in model._meta.fields if isinstance(field, models.FileField)})
        # Wrapped on the instance, so that an admin's own get_readonly_fields (a subclass's override) is mapped too.
        self._own_readonly_fields = self.get_readonly_fields
        self.get_readonly_fields = self._readonly_in_words  # type: ignore[method-assign]
        for name in ("add_form", "change_password_form"):  # the user admin's creation and password forms
            if hasattr(self, name):
                setattr(self, name, with_reason(getattr(self, name), self.audit_reason_field))
        if hasattr(self, "change_password_form"):
            self.change_user_password_template = "audit/admin/change_password.html"

    def get_list_display(self, request: HttpRequest) -> Any:
        """Columns holding stored codes (framework, leaf, check, audit action) show their names."""
        return named_list_display(self.model, super().get_list_display(request))  # type: ignore[misc,attr-defined]

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Filters over columns holding stored codes list them by name."""
        return named_list_filter(self.model, super().get_list_filter(request))  # type: ignore[misc,attr-defined]

    # -- the reason field on add and change forms ----------------------------------------------------------------

    def _asks_reason(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None:
            return bool(self.has_add_permission(request))  # type: ignore[attr-defined]
        return bool(self.has_change_permission(request, obj))  # type: ignore[attr-defined]

    def get_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        shown = self._shown(request, obj)
        return list(dict.fromkeys(shown.get(f, f) for f in fields if f != self.audit_reason_field))

    # -- stored JSON and codes, shown in words ---------------------------------------------------------------------

    def _shown(self, request: HttpRequest, obj: models.Model | None) -> dict[str, str]:
        """Field → its display in words, for the JSON fields and the code and file fields shown read-only (all of
        them where the user may only view the record)."""
        viewing = obj is not None and not self.has_change_permission(request, obj)  # type: ignore[attr-defined]
        readonly = self._own_readonly_fields(request, obj)
        codes = {f: d for f, d in self._codes_shown.items() if viewing or f in readonly}
        return {**codes, **self._json_shown}

    def _readonly_in_words(self, request: HttpRequest, obj: models.Model | None = None) -> list[Any]:
        """The admin's read-only fields, with JSON fields (evidence, counts by check, snapshots: written by the
        services, never edited here) and read-only code and file fields replaced by their displays in words."""
        shown = self._shown(request, obj)
        fields = [shown.get(f, f) for f in self._own_readonly_fields(request, obj)]
        return list(dict.fromkeys([*fields, *self._json_shown.values()]))

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return [*(super().get_exclude(request, obj) or ()), *self._json_shown]  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> list[Any]:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if self._asks_reason(request, obj) and self.audit_reason_field not in flatten_fieldsets(fieldsets):
            fieldsets.append((_("审计"), {"fields": [self.audit_reason_field]}))
        return fieldsets

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # a bare "www.example.gov.cn" becomes https://…
        if isinstance(db_field, models.FileField):
            kwargs.setdefault("widget", FileByNameWidget)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def _form_reason(self, form: forms.BaseForm) -> str:
        return str(form.cleaned_data.get(self.audit_reason_field, "")).strip()

    # -- adds and changes ----------------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: models.Model, form: forms.BaseForm, change: bool) -> None:
        before = field_values(type(obj)._base_manager.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        form.audit_before = before  # type: ignore[attr-defined]  # recorded once m2m fields and inlines are saved

    def save_related(self, request: HttpRequest, form: forms.BaseForm, formsets: list[Any], change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        if not hasattr(form, "audit_before"):
            return  # saved through a service, which audits the change itself
        obj = form.instance  # type: ignore[attr-defined]
        after = field_values(obj)
        if change:
            before, after = changed_values(form.audit_before, after)
            audit_record(actor=request.user, action="admin.change", obj=obj, before=before, after=after,
                         reason=self._form_reason(form))
        else:
            audit_record(actor=request.user, action="admin.add", obj=obj, before=None, after=after,
                         reason=self._form_reason(form))

    def save_formset(self, request: HttpRequest, form: forms.BaseForm, formset: Any, change: bool) -> None:
        reason = self._form_reason(form)
        befores = {
            f.instance.pk: field_values(type(f.instance)._base_manager.get(pk=f.instance.pk))
            for f in formset.initial_forms if f.instance.pk is not None
        }
        for deleted in formset.deleted_forms:
            if deleted.instance.pk in befores:
                audit_record(actor=request.user, action="admin.delete", obj=deleted.instance,
                             before=befores[deleted.instance.pk], after=None, reason=reason)
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in formset.new_objects:
            audit_record(actor=request.user, action="admin.add", obj=obj, before=None, after=field_values(obj),
                         reason=reason)
        for obj, _fields in formset.changed_objects:
            before, after = changed_values(befores[obj.pk], field_values(obj))
            audit_record(actor=request.user, action="admin.change", obj=obj, before=before, after=after,
                         reason=reason)

    # -- deletes -------------------------------------------------------------------------------------------------

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            if obj is not None and not self.has_delete_permission(request, obj):  # type: ignore[attr-defined]
                raise PermissionDenied
            if not _posted_reason(request):
                self.message_user(request, _("请填写删除原因"), messages.ERROR)  # type: ignore[attr-defined]
                return HttpResponseRedirect(request.get_full_path())
        return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=_deletion_values(self, request, obj),
                     after=None, reason=_posted_reason(request))
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", obj=obj,
                             before=_deletion_values(self, request, obj), after=None, reason=_posted_reason(request))
            super().delete_queryset(request, queryset)  # type: ignore[misc]

    # -- the user admin's password page -------------------------------------------------------------------------

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's password view; when it changed the stored password, that is recorded (never the password)."""
        with transaction.atomic():
            stored = self.model._base_manager.filter(pk=unquote(id))  # type: ignore[attr-defined]
            before = stored.values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)  # type: ignore[misc]
            user = stored.first()
            if user is not None and before is not None and user.password != before:
                audit_record(actor=request.user, action="admin.password_set", obj=user, before=None,
                             after={"usable_password": user.has_usable_password()}, reason=_posted_reason(request))
        return response

    # -- actions -------------------------------------------------------------------------------------------------

    def get_actions(self, request: HttpRequest) -> dict[str, tuple[Action, str, str]]:
        actions = super().get_actions(request)  # type: ignore[misc]
        audited: dict[str, tuple[Action, str, str]] = {}
        for name, (func, action_name, description) in actions.items():
            wrapped = audited_delete_selected if func is delete_selected else _audited_action(name, func)
            audited[name] = (wrapped, action_name, description)
        return audited


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The ModelAdmin every app of the platform registers its models with."""


class ReadOnlyModelAdmin(AuditedModelAdmin):
    """Browsing only, for records that change through their app's audited services and pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """ADMIN_CLASS with the audit mixin applied (itself when it already has it)."""
    if issubclass(admin_class, AuditedAdminMixin):
        return admin_class
    return type(admin_class.__name__, (AuditedAdminMixin, admin_class), {"__module__": admin_class.__module__})
