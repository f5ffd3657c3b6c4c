"""Read-only admin views of cases: every change goes through the audited services and pages."""

from django.contrib import admin

from dgeval.web.cases.models import Case, CasePolicy, ExpertProfile, Nomination, ReviewAssignment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("unit_name", "nominated_on", "status", "source")
    list_filter = ("status", "source")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("name", "category", "status")
    list_filter = ("status", "category")
    search_fields = ("name",)


admin.site.register(ExpertProfile, ReadOnlyAdmin)
admin.site.register(ReviewAssignment, ReadOnlyAdmin)
admin.site.register(CasePolicy, ReadOnlyAdmin)
