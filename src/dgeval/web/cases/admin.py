"""Read-only admin views of cases: every change goes through the audited services and pages."""

from django.contrib import admin

from dgeval.web.audit.modeladmin import ReadOnlyModelAdmin
from dgeval.web.cases.models import Case, CasePolicy, ExpertProfile, Nomination, ReviewAssignment


@admin.register(Nomination)
class NominationAdmin(ReadOnlyModelAdmin):
    list_display = ("unit_name", "nominated_on", "status", "source")
    list_filter = ("status", "source")


@admin.register(Case)
class CaseAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "category", "status")
    list_filter = ("status", "category")
    search_fields = ("name",)


admin.site.register(ExpertProfile, ReadOnlyModelAdmin)
admin.site.register(ReviewAssignment, ReadOnlyModelAdmin)
admin.site.register(CasePolicy, ReadOnlyModelAdmin)
