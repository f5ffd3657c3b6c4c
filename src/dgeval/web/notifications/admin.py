from django.contrib import admin

from dgeval.web.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "title", "read_at", "emailed")
    list_filter = ("emailed",)
    search_fields = ("title", "body", "recipient__username")
    raw_id_fields = ("recipient",)
