"""Read-only admin for the audit log: the team may look, nobody may add, change or delete."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dgeval.web.audit.labels import object_type_label
from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.audit.models import AuditEntry


class ObjectTypeFilter(admin.SimpleListFilter):
    """Object types by their Chinese names; an entry about no object (a campaign-wide action) is listed as 无, not
    as a link with no text."""

    title = _("对象类型")
    parameter_name = "object_type"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        types = AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        return [(t, object_type_label(t) or _("无")) for t in types]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        value = self.value()
        return queryset if value is None else queryset.filter(object_type=value)


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "object_repr", "reason")
    list_filter = ("action", ObjectTypeFilter)
    search_fields = ("object_repr", "object_id", "reason", "actor__username")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
