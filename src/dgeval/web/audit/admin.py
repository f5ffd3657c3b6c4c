"""Read-only admin for the audit log: the team may look, nobody may add, change or delete.

Entries show as the audit page does: actions and object types by name, the object as it names itself, and the
change as sentences, never the stored codes or JSON.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from dgeval.web.audit import labels, sentences
from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.audit.models import AuditEntry


class _NamedValueFilter(admin.SimpleListFilter):
    """A filter over a code column listing the codes by name."""

    field = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        values = AuditEntry.objects.order_by(self.field).values_list(self.field, flat=True).distinct()
        return [(value, self.name_of(value)) for value in values if value]

    def name_of(self, value: str) -> str:
        raise NotImplementedError

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class ActionFilter(_NamedValueFilter):
    title = _("操作")
    parameter_name = field = "action"

    def name_of(self, value: str) -> str:
        return labels.action_label(value)


class ObjectTypeFilter(_NamedValueFilter):
    title = _("对象类型")
    parameter_name = field = "object_type"

    def name_of(self, value: str) -> str:
        return labels.object_type_label(value)


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "object_named", "reason")
    list_filter = (ActionFilter, ObjectTypeFilter)
    search_fields = ("object_repr", "object_id", "reason", "actor__username")
    date_hierarchy = "at"
    fields = ("at", "actor", "action_named", "object_type_named", "object_id", "object_named", "changes", "reason")
    readonly_fields = fields

    @admin.display(description=_("对象"))
    def object_named(self, entry: AuditEntry) -> str:
        return labels.object_label(entry.object_type, entry.object_id, entry.object_repr)

    @admin.display(description=_("操作"))
    def action_named(self, entry: AuditEntry) -> str:
        return labels.action_label(entry.action)

    @admin.display(description=_("对象类型"))
    def object_type_named(self, entry: AuditEntry) -> str:
        return labels.object_type_label(entry.object_type)

    @admin.display(description=_("变更内容"))
    def changes(self, entry: AuditEntry) -> str:
        lines = sentences.change_sentences(entry.object_type, entry.before, entry.after)
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
