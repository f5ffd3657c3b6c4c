"""Template context: the count of unread notifications, shown in every page's header."""

from django.http import HttpRequest

from dgeval.web.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, int]:
    return {"unread_notifications": unread_count(user=getattr(request, "user", None))}
