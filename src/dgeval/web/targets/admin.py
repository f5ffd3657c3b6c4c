"""Targets admin for the team."""

from django.contrib import admin

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.targets.models import Channel, Target


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "parent", "has_website", "website_url")
    list_filter = ("kind", "has_website")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent",)
    # Changed on the target's page by an admin, with a reason (targets.services.target_allow_private_set).
    readonly_fields = ("allow_private", "allow_private_reason")
    inlines = [ChannelInline]


@admin.register(Channel)
class ChannelAdmin(AuditedModelAdmin):
    list_display = ("target", "kind", "name", "url")
    list_filter = ("kind",)
    search_fields = ("target__name", "name", "url")
    autocomplete_fields = ("target",)
