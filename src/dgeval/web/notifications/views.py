"""The notifications page: one's own notifications, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dgeval.web.common.listing import page_of
from dgeval.web.notifications import selectors
from dgeval.web.notifications.services import notification_read, notifications_read_all


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = page_of(selectors.notification_list(user=request.user), request.GET.get("page"))
    return render(request, "notifications/list.html", {"notifications": notifications})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_read(notification=selectors.notification_get(pk=pk, user=request.user),
                                     actor=request.user)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications_read_all(actor=request.user)
    return redirect("notifications:list")
