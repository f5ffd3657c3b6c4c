"""Campaign admin. Phase dates change only through `phase_dates_set`, so every change is audited with a reason."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.campaigns.forms import PhaseDatesForm
from dgeval.web.campaigns.models import Campaign, Phase
from dgeval.web.campaigns.services import phase_dates_set


class PhaseInline(admin.TabularInline):
    """Phases shown read-only on the campaign; edit them on the phase page (with a reason)."""

    model = Phase
    fields = ("kind", "starts_on", "ends_on")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    list_display = ("year", "name", "framework_year")
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(AuditedModelAdmin):
    """Changing a phase goes through the audited service; the reason field is required."""

    form = PhaseDatesForm
    audit_reason_field = "reason"
    list_display = ("campaign", "kind", "starts_on", "ends_on")
    list_filter = ("campaign", "kind")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Phase, form: PhaseDatesForm, change: bool) -> None:
        phase_dates_set(
            phase=Phase.objects.get(pk=obj.pk),
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
