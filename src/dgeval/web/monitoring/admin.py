"""Admin for monitoring: browse runs and findings; status changes go through the same services (audited)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dgeval.errors import WorkflowError
from dgeval.web.audit.modeladmin import REASON_FIELD, AuditedModelAdmin, ReadOnlyModelAdmin
from dgeval.web.monitoring.models import (
    Appeal,
    FindingRecord,
    FindingStatus,
    MonitorSchedule,
    ProbeRecord,
    RectificationPolicy,
    RunTarget,
    ScanRun,
)
from dgeval.web.monitoring.services import finding_review, schedule_update


class RunTargetInline(admin.TabularInline):
    model = RunTarget
    extra = 0
    can_delete = False
    fields = ("target", "status", "url", "pages", "findings", "error", "warc_path", "worker_shown", "attempts",
              "heartbeat_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("工作进程"))
    def worker_shown(self, target: RunTarget) -> str:
        """The worker's host:pid, a machine value: shown as code."""
        return format_html("<code>{}</code>", target.worker) if target.worker else "—"


@admin.register(ScanRun)
class ScanRunAdmin(AuditedModelAdmin):
    list_display = ("id", "campaign", "kind", "status", "progress_done", "progress_total", "created_by", "created_at")
    list_filter = ("kind", "status", "campaign")
    readonly_fields = ("campaign", "kind", "created_by", "status", "progress_done", "progress_total", "options",
                       "started_at", "finished_at", "error")
    inlines = [RunTargetInline]

    def has_add_permission(self, request) -> bool:  # runs start from the monitoring page, which queues them
        return False


@admin.register(FindingRecord)
class FindingRecordAdmin(AuditedModelAdmin):
    list_display = ("id", "target", "check_name", "what_was_found", "status", "severity", "last_seen_at")
    list_filter = ("status", "check_name", "severity", "campaign")
    search_fields = ("target__name", "target__code", "url", "value")
    readonly_fields = [f.name for f in FindingRecord._meta.fields]
    actions = ["confirm_selected"]

    @admin.display(description=gettext_lazy("内容"))
    def what_was_found(self, finding: FindingRecord) -> str:
        """The finding as its sentence: the stored value is machine-readable ("no_https")."""
        return finding.sentence()

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=gettext_lazy("确认所选问题（待审核/存疑）"))
    def confirm_selected(self, request, queryset) -> None:
        done = 0
        for finding in queryset.filter(status__in=(FindingStatus.PENDING, FindingStatus.DOUBTFUL)):
            try:
                finding_review(finding=finding, status=FindingStatus.CONFIRMED, actor=request.user,
                               reason=_("管理后台批量确认"))
                done += 1
            except (ValidationError, WorkflowError) as exc:
                self.message_user(request, f"#{finding.pk}: {exc}", messages.ERROR)
        self.message_user(request, _("已确认 %(n)s 条问题") % {"n": done})


@admin.register(Appeal)
class AppealAdmin(AuditedModelAdmin):
    list_display = ("id", "finding", "created_by", "status", "decided_by", "created_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Appeal._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MonitorSchedule)
class MonitorScheduleAdmin(AuditedModelAdmin):
    """Probes per day, timeout and rescan interval of a campaign; saved through `schedule_update` (audited)."""

    list_display = ("campaign", "active", "probes_per_day", "probe_timeout", "rescan_days", "last_tick_at")
    fields = ("campaign", "active", "probes_per_day", "probe_timeout", "rescan_days", "max_pages", "external",
              "last_tick_at")
    readonly_fields = ("campaign", "last_tick_at")

    def has_add_permission(self, request) -> bool:  # one per campaign, made when the schedules first tick
        return False

    def save_model(self, request, obj, form, change) -> None:
        current = MonitorSchedule.objects.get(pk=obj.pk)
        changed = {name: getattr(obj, name) for name in form.changed_data if name != REASON_FIELD}
        schedule_update(schedule=current, actor=request.user, reason=form.cleaned_data[REASON_FIELD], **changed)


@admin.register(RectificationPolicy)
class RectificationPolicyAdmin(AuditedModelAdmin):
    """整改期限 and reminder period of a campaign (every change audited by the admin site)."""

    list_display = ("campaign", "working_days", "remind_working_days", "last_sent_on")
    readonly_fields = ("last_sent_on",)


@admin.register(ProbeRecord)
class ProbeRecordAdmin(ReadOnlyModelAdmin):
    list_display = ("target", "family", "due_at", "probed_at", "ok", "status", "elapsed_ms", "error")
    list_filter = ("ok", "family", "campaign")
    search_fields = ("target__name", "target__code")
