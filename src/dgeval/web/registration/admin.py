"""Registration admin: review through the same audited services as the team pages."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dgeval.errors import WorkflowError
from dgeval.web.audit.modeladmin import AuditedModelAdmin
from dgeval.web.registration.models import Registration
from dgeval.web.registration.services import registration_approve


@admin.register(Registration)
class RegistrationAdmin(AuditedModelAdmin):
    """Read-only records; approve in bulk here, reject (which needs a reason) on the review page."""

    list_display = ("unit_name", "site_name", "site_url", "contact_name", "submitted_at", "status")
    list_filter = ("status", "campaign")
    search_fields = ("unit_name", "site_name", "site_url", "contact_name")
    actions = ["approve_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Registration | None = None) -> list[str]:
        return [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False

    @admin.action(description=_("审核通过所选报名（创建评估对象和网站主管单位账户）"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        for reg in queryset:
            try:
                registration_approve(registration=reg, actor=request.user, site_url=request.build_absolute_uri("/"))
            except WorkflowError as exc:
                self.message_user(request, f"{reg}：{exc}", messages.ERROR)
            else:
                self.message_user(request, f"{reg}：已通过", messages.SUCCESS)
