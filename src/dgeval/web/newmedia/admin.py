"""Django admin for 政务新媒体: read-only browsing; changes go through the audited services (the views)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from dgeval.monitor.describe import severity_label
from dgeval.web.audit.modeladmin import ReadOnlyModelAdmin as ReadOnly
from dgeval.web.newmedia.models import Account, AccountFinding, DataImport, NewMediaPolicy, PlatformCheck


@admin.register(Account)
class AccountAdmin(ReadOnly):
    list_display = ("__str__", "kind", "platform_id", "verification", "status", "registered")
    list_filter = ("kind", "status", "verification", "registered")
    search_fields = ("channel__name", "platform_id", "channel__target__name")


@admin.register(DataImport)
class DataImportAdmin(ReadOnly):
    list_display = ("account", "data_kind", "filename", "rows", "created", "updated", "imported_by", "imported_at")
    list_filter = ("data_kind",)


@admin.register(PlatformCheck)
class PlatformCheckAdmin(ReadOnly):
    list_display = ("target", "platform", "window_start", "window_end", "ran_at")
    list_filter = ("platform", "campaign")


@admin.register(AccountFinding)
class AccountFindingAdmin(ReadOnly):
    list_display = ("target", "platform", "check_name", "status", "summary")  # the summary says what kind
    list_filter = ("platform", "check_name", "status")
    search_fields = ("summary", "target__name")
    #: kind and key are the checks' identifiers for one finding across runs; the summary says the same in words.
    exclude = ("kind", "key", "severity")
    readonly_fields = ("severity_in_words",)

    @admin.display(description=gettext_lazy("严重程度"))
    def severity_in_words(self, finding: AccountFinding) -> str:
        return severity_label(finding.severity)


@admin.register(NewMediaPolicy)
class NewMediaPolicyAdmin(ReadOnly):
    list_display = ("campaign", "window_start", "window_end", "reply_limit_workdays", "dormant_days")
