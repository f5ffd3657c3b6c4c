"""Monitoring runs (系统监测) and the findings they store, with review, rectification and appeals.

A `ScanRun` scans or probes a set of targets in the background; each target's outcome is a `RunTarget` (with the path
of its WARC archive and what each check observed), done by whichever worker holds its lease (`worker`, kept alive by
`heartbeat_at`: a part whose heartbeat stopped is taken up again from its checkpoint). A `MonitorSchedule` probes
every monitored target many times a day (each probe a `ProbeRecord`, the evidence of 故障率) and rescans them at an
interval, for as long as the campaign's 系统监测 phase is open. A `FindingRecord` is one problem the monitor found, deduplicated
across runs by `fingerprint`, and carried through review (待审核 → 确认/误报/存疑), rectification (已整改 → 已关闭 or
reopened) and appeal (申诉, whose ruling is final until an admin reopens it). Status changes go through `services`
only, which audit them. Run targets and findings are the sources and evidence of the monitor's leaf points: they show
themselves on the score pages through `provenance_label()` and `get_absolute_url()`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dgeval.monitor.describe import finding_sentence
from dgeval.monitor.model import Finding
from dgeval.web.common import clock
from dgeval.web.monitoring.labels import Severity
from dgeval.monitor.describe import check_title


class RunKind(models.TextChoices):
    SCAN = "scan", _("全站扫描")
    PROBE = "probe", _("首页探测")
    # The pages of findings a target reports fixed, with the checks that found them (整改复核).
    RECHECK = "recheck", _("整改复核")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


#: A run or part in one of these is over: nothing will change it again.
FINISHED_STATUSES = (RunStatus.DONE, RunStatus.FAILED, RunStatus.CANCELLED)


class FindingStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("确认")
    FALSE_POSITIVE = "false_positive", _("误报")
    DOUBTFUL = "doubtful", _("存疑")
    RECTIFIED = "rectified", _("已整改")
    CLOSED = "closed", _("已关闭")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("待裁决")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")
    REOPENED = "reopened", _("裁决已撤回重审")


#: Rulings that bind the finding: no review changes it until an admin reopens the appeal.
FINAL_RULINGS = (AppealStatus.UPHELD, AppealStatus.REJECTED)


class ScanRun(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="scan_runs"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=RunKind.choices, default=RunKind.SCAN)
    targets = models.ManyToManyField("targets.Target", verbose_name=_("评估对象"), through="RunTarget")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    # Scan options as given (external, as_of, max_pages), so a run can be repeated as it was.
    options = models.JSONField(_("参数"), default=dict, blank=True)
    # Real time, not the platform's clock: the schedules compare it with the real time of their tick (rescans).
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("监测任务")
        verbose_name_plural = _("监测任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class RunTarget(models.Model):
    """One target's part of a run: its status, the WARC written, and what each check observed (for the rules)."""

    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="run_targets")
    target = models.ForeignKey("targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    # The lease: who does this part now, and when it last said it is alive. Attempts count the workers that took
    # it up; a part interrupted too often is failed rather than tried forever.
    worker = models.CharField(_("工作进程"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    url = models.CharField(_("网址"), max_length=2048, blank=True)
    warc_path = models.CharField(_("WARC 文件"), max_length=1024, blank=True)
    pages = models.PositiveIntegerField(_("页面数"), default=0)
    findings = models.PositiveIntegerField(_("问题数"), default=0)
    checks_run = models.JSONField(_("已运行检查"), default=list, blank=True)
    # Check → how many things it observed (pages read, links checked, columns dated…); absent = nothing. Only what a
    # check observed earns points (dgeval.framework.rules); a check that saw nothing leaves its share to people.
    observed = models.JSONField(_("观察到的数量"), default=dict, blank=True)
    skipped = models.JSONField(_("未运行检查"), default=dict, blank=True)
    # Crawl statistics of a scan, or the availability records of a probe.
    stats = models.JSONField(_("统计"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测对象")
        verbose_name_plural = _("监测对象")
        ordering = ["run", "target__code"]
        constraints = [models.UniqueConstraint(fields=["run", "target"], name="monitoring_runtarget_unique")]

    def __str__(self) -> str:
        return gettext("监测任务 #%(run)s：%(target)s") % {"run": self.run_id, "target": self.target_id}

    def get_absolute_url(self) -> str:
        return reverse("monitoring:run", args=[self.run_id])

    def provenance_label(self) -> str:
        return gettext("监测任务 #%(run)s（%(when)s）") % {
            "run": self.run_id, "when": f"{self.finished_at:%Y-%m-%d %H:%M}" if self.finished_at else "—"}


class FindingRecord(models.Model):
    #: A target's webmaster may open the findings behind its points (the score pages link them).
    provenance_visible_to_target = True

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="findings"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="findings"
    )
    run = models.ForeignKey(
        ScanRun, verbose_name=_("首次发现于"), on_delete=models.SET_NULL, null=True, related_name="findings"
    )
    last_run = models.ForeignKey(
        ScanRun, verbose_name=_("最近发现于"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Named check_name, not check: a field called `check` would shadow Django's Model.check() (models.E020).
    check_name = models.CharField(_("检查项"), max_length=64)
    url = models.CharField(_("网址"), max_length=2048)
    page = models.CharField(_("所在页面"), max_length=2048, blank=True)
    value = models.TextField(_("内容"), blank=True)
    severity = models.CharField(_("严重程度"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    evidence = models.JSONField(_("证据"), default=dict, blank=True)
    leaves = models.JSONField(_("相关指标"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.PENDING, db_index=True
    )
    # Same check, URL, page and value on a later run is the same finding: its review is kept, not redone.
    fingerprint = models.CharField(_("指纹"), max_length=64)
    first_seen_at = models.DateTimeField(_("首次发现"), default=clock.now)
    last_seen_at = models.DateTimeField(_("最近发现"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(_("审核意见"), blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("整改人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    rectified_note = models.TextField(_("整改说明"), blank=True)
    # 通报: when the confirmed finding was sent to the target's webmaster, and the day it must be fixed by (整改期限,
    # counted in working days). The reminder and the overdue notice are sent once each (the days they went out).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("通报人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("通报时间"), null=True, blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    reminded_on = models.DateField(_("提醒日期"), null=True, blank=True)
    overdue_on = models.DateField(_("逾期通知日期"), null=True, blank=True)
    # The automatic recheck of the finding's page that the last rectification queued, and what it concluded.
    recheck_run = models.ForeignKey(
        ScanRun, verbose_name=_("整改复核任务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recheck_note = models.TextField(_("复核结果"), blank=True)

    class Meta:
        verbose_name = _("监测问题")
        verbose_name_plural = _("监测问题")
        ordering = ["target__code", "check_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target", "fingerprint"], name="monitoring_finding_unique")
        ]

    def __str__(self) -> str:
        return f"{check_title(self.check_name)} @ {self.url}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:finding", args=[self.pk])

    def sentence(self) -> str:
        """What the monitor found, as one Chinese sentence."""
        return finding_sentence(self.check_name, self.value, self.evidence)

    def provenance_label(self) -> str:
        return gettext("问题 #%(id)s：%(sentence)s") % {"id": self.pk, "sentence": self.sentence()}

    def snapshot(self) -> dict[str, object]:
        """What the audit log records before and after a status change."""
        return {"status": self.status, "review_reason": self.review_reason, "rectified_note": self.rectified_note,
                "deadline": self.deadline.isoformat() if self.deadline else None, "recheck_note": self.recheck_note}

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def recheck_page(self) -> str:
        """The page a recheck fetches: where the finding was seen (a broken link's page), else its URL."""
        return self.page or self.url

    def as_finding(self) -> Finding:
        """The record as the monitor's Finding (what `dgeval.monitor.verdict` reads)."""
        return Finding(check=self.check_name, url=self.url, page=self.page or None, value=self.value or None,
                       severity=self.severity, evidence=dict(self.evidence))


class Appeal(models.Model):
    """A webmaster disputes a finding (申诉); the team decides. Upheld turns the finding into a false positive."""

    finding = models.ForeignKey(FindingRecord, verbose_name=_("监测问题"), on_delete=models.CASCADE, related_name="appeals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("申诉理由"))
    created_at = models.DateTimeField(_("申诉时间"), default=clock.now)
    status = models.CharField(_("状态"), max_length=8, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("裁决人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("裁决时间"), null=True, blank=True)
    decision_reason = models.TextField(_("裁决理由"), blank=True)
    # A ruling is final; only an admin may reopen it, naming why (appeal_reopen).
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撤回人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return gettext("申诉 #%(id)s（%(status)s）") % {"id": self.pk, "status": self.get_status_display()}

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_RULINGS

    def snapshot(self) -> dict[str, object]:
        return {"status": self.status, "decision_reason": self.decision_reason, "reopen_reason": self.reopen_reason}


class RectificationPolicy(models.Model):
    """How long a campaign's targets have to fix a finding sent to them (整改期限, in working days) and when they are
    reminded. Made on first use from the campaign year's facts (`rules/campaign.toml`, [rectification]), else the
    settings DGEVAL_RECTIFICATION_DAYS / DGEVAL_RECTIFICATION_REMIND_DAYS; admins change it (audited)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="rectification_policy"
    )
    working_days = models.PositiveSmallIntegerField(
        _("整改期限（工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)])
    remind_working_days = models.PositiveSmallIntegerField(
        _("期限前提醒（工作日）"), default=2, validators=[MinValueValidator(1), MaxValueValidator(60)])
    # The day reminders and overdue notices last went out: the daily job does nothing more that day.
    last_sent_on = models.DateField(_("最近提醒日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改规则")
        verbose_name_plural = _("整改规则")

    def __str__(self) -> str:
        return gettext("%(campaign)s 整改规则") % {"campaign": self.campaign}

    def snapshot(self) -> dict[str, object]:
        return {"working_days": self.working_days, "remind_working_days": self.remind_working_days}


class ProbeFamily(models.TextChoices):
    IPV4 = "ipv4", _("IPv4")
    IPV6 = "ipv6", _("IPv6")


class MonitorSchedule(models.Model):
    """How a campaign's monitored targets are watched during its 系统监测 phase (editable by admins).

    Probes: `probes_per_day` single GETs of each homepage, one attempt, `probe_timeout` seconds, at times spread over
    the day (each target has its own stable offset within the interval). Rescans: a full scan of every monitored
    target every `rescan_days` days. Nothing runs outside the phase, nor while `active` is off.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="monitor_schedule"
    )
    active = models.BooleanField(_("启用"), default=True)
    # The national rule: at least 20 probes a day, more than 30 minutes apart (so at most 47).
    probes_per_day = models.PositiveSmallIntegerField(
        _("每日探测次数"), default=24, validators=[MinValueValidator(20), MaxValueValidator(47)])
    probe_timeout = models.FloatField(_("探测超时（秒）"), default=15.0)
    rescan_days = models.PositiveSmallIntegerField(_("全站复扫间隔（天）"), default=7)
    max_pages = models.PositiveIntegerField(_("复扫最多页面数"), default=500)
    external = models.CharField(_("外部链接"), max_length=8, default="check")
    last_tick_at = models.DateTimeField(_("最近调度时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测计划")
        verbose_name_plural = _("监测计划")

    def __str__(self) -> str:
        return gettext("%(campaign)s 监测计划") % {"campaign": self.campaign}

    def snapshot(self) -> dict[str, object]:
        return {"active": self.active, "probes_per_day": self.probes_per_day, "probe_timeout": self.probe_timeout,
                "rescan_days": self.rescan_days, "max_pages": self.max_pages, "external": self.external}


class ProbeRecord(models.Model):
    """One availability probe of a target's homepage: when it was due and done, and what came back.

    `due_at` is the probe's slot in the schedule: a slot is probed once, however often it is enqueued.
    """

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估"), on_delete=models.CASCADE, related_name="probes"
    )
    target = models.ForeignKey(
        "targets.Target", verbose_name=_("评估对象"), on_delete=models.CASCADE, related_name="probes"
    )
    family = models.CharField(_("协议"), max_length=4, choices=ProbeFamily.choices, default=ProbeFamily.IPV4)
    due_at = models.DateTimeField(_("计划时间"))
    probed_at = models.DateTimeField(_("探测时间"))
    ok = models.BooleanField(_("可访问"))
    status = models.PositiveSmallIntegerField(_("HTTP 状态"), null=True, blank=True)
    elapsed_ms = models.FloatField(_("耗时（毫秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        ordering = ["target", "probed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "target", "family", "due_at"], name="monitoring_probe_slot"),
        ]
        indexes = [models.Index(fields=["campaign", "target", "probed_at"], name="monitoring_probe_window")]

    def __str__(self) -> str:
        return gettext("%(target)s %(family)s 探测 %(at)s：%(outcome)s") % {
            "target": self.target_id, "family": self.get_family_display(), "at": f"{self.probed_at:%Y-%m-%d %H:%M}",
            "outcome": gettext("可访问") if self.ok else gettext("不可访问")}

    def as_record(self) -> dict[str, object]:
        """The probe as dgeval.monitor's availability record (what `verdict.judge` reads)."""
        return {"time": timezone.localtime(self.probed_at).isoformat(), "family": self.family, "ok": self.ok, "status": self.status,
                "latency_ms": self.elapsed_ms, "error": self.error or None}
