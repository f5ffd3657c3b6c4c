"""Campaign pages: the timetable with what is open on the platform's today; admins move deadlines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dgeval.errors import WorkflowError
from dgeval.web.accounts.roles import Role, require_role
from dgeval.web.audit.selectors import audit_entries_for
from dgeval.web.campaigns.forms import PhaseDatesForm
from dgeval.web.campaigns.models import Campaign, Phase
from dgeval.web.campaigns.selectors import campaign_current_or_404, phases_with_state, today
from dgeval.web.campaigns.services import phase_dates_set


def campaign_current_view(request: HttpRequest) -> HttpResponse:
    """Redirect to the current campaign's page."""
    campaign = campaign_current_or_404()
    return redirect("campaigns:detail", year=campaign.year)


def campaign_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The campaign's phases, each marked open or closed on the platform's today (DGEVAL_TODAY for demos)."""
    campaign = get_object_or_404(Campaign, year=year)
    return render(
        request,
        "campaigns/detail.html",
        {"campaign": campaign, "phases": phases_with_state(campaign), "today": today()},
    )


@login_required
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a phase's dates with a reason (admin only; audited by the service)."""
    require_role(request.user, Role.ADMIN)
    phase = get_object_or_404(Phase.objects.select_related("campaign"), pk=pk)
    form = PhaseDatesForm(request.POST or None, instance=Phase.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            phase_dates_set(
                phase=phase,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("阶段日期已更新"))
            return redirect("campaigns:detail", year=phase.campaign.year)
    return render(
        request,
        "campaigns/phase_edit.html",
        {"phase": phase, "form": form, "history": audit_entries_for(phase)[:20]},
    )
