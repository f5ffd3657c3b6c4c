"""Admin for users: the team manages accounts, roles and webmaster bindings here.

Audited like every admin (role, superuser flag, groups and permissions before and after, with the reason); setting a
password is audited too, without the password.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from dgeval.web.accounts.models import User
from dgeval.web.audit.modeladmin import REASON_FIELD, AuditedAdminMixin, reason_form_field
from dgeval.web.audit.services import audit_record


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's admin password form, asking why the password is set."""

    audit_reason = reason_form_field()


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """Django's user admin plus role, target and display name."""

    list_display = ("username", "display_name", "role", "target", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "target__name")
    autocomplete_fields = ("target",)
    change_password_form = PasswordChangeForm
    change_user_password_template = "accounts/admin/change_password.html"
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("评估平台"), {"fields": ("role", "target", "display_name")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("评估平台"), {"fields": ("role", "target", "display_name")}),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's view; when it changed the stored password, the change is recorded (never the password)."""
        with transaction.atomic():
            before = User.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=unquote(id)).first()
            if user is not None and before is not None and user.password != before:
                audit_record(actor=request.user, action="admin.password_set", obj=user, before=None,
                             after={"usable_password": user.has_usable_password()},
                             reason=str(request.POST.get(REASON_FIELD, "")).strip())
        return response


