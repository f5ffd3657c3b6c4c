"""The team's audit list (read-only; there is no edit view by design)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dgeval.web.accounts.roles import require_team
from dgeval.web.audit.forms import AuditFilterForm
from dgeval.web.audit.selectors import audit_actions, audit_entry_list, audit_object_types
from dgeval.web.common.listing import page_of


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """Filtered, paginated audit entries, newest first; team only."""
    require_team(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entry_list(**{k: v for k, v in filters.items() if v})
    page = page_of(entries, request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "actions": audit_actions(),
            "object_types": audit_object_types(),
        },
    )
