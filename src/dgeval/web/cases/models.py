"""优秀创新案例: nominations (附件3), their cases, 初选, and the experts' blind review.

A `Nomination` is one filled 附件3 form: the nominating unit and its contact, up to three `Case`s. A case moves
draft → submitted → (初选) rejected | merged | under_review → shortlisted (网民评选) → selected | not_selected.
Experts have a `ExpertProfile` (province, organisation) used to keep them off cases they are close to, may declare
a `ConflictDeclaration`, and score their `ReviewAssignment`s in a `Review` on the rubric (`rubric.py`).
Rules live in the service modules; these models hold data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from dgeval.web.common.fields import ClockStampField
from dgeval.web.cases.categories import CaseCategory
from dgeval.web.cases.rubric import DIMENSION_MAX, DIMENSIONS, TOTAL_MAX

#: 附件3: “推荐理由（300 字以内）”, counted in characters.
REASON_MAX_CHARS = 300
#: 附件3 has room for three cases per form.
CASES_PER_NOMINATION = 3


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class NominationSource(models.TextChoices):
    WEB = "web", _("网上填报")
    IMPORT = "import", _("评估组导入")


class CaseStatus(models.TextChoices):
    """Where a case stands, in workflow order."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待初选")
    REJECTED = "rejected", _("初选未通过")
    MERGED = "merged", _("已合并（重复）")
    UNDER_REVIEW = "under_review", _("专家评议中")
    SHORTLISTED = "shortlisted", _("入围网民评选")
    SELECTED = "selected", _("入选优秀创新案例")
    NOT_SELECTED = "not_selected", _("未入选")


class CasePolicy(models.Model):
    """A campaign's rules for case selection: panel size, disagreement margin, weights and point caps."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="case_policy"
    )
    experts_per_case = models.PositiveSmallIntegerField(
        _("每个案例的评议专家数"), default=3, validators=[MinValueValidator(3), MaxValueValidator(9)]
    )
    disagreement_margin = models.FloatField(
        _("专家分歧阈值（百分制）"), default=25, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("同一案例专家总分的最高与最低相差超过该值时，标记为需讨论"),
    )
    expert_weight = models.FloatField(_("专家评议权重"), default=0.7, validators=[MinValueValidator(0), MaxValueValidator(1)])
    public_weight = models.FloatField(_("网民评选权重"), default=0.3, validators=[MinValueValidator(0), MaxValueValidator(1)])
    case_points_max = models.FloatField(
        _("单个入选案例最高加分"), default=4, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    category_cap = models.FloatField(
        _("每个案例类别加分上限"), default=5, validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("同一评估对象同一类别多个案例入选时，合计不超过该值；各类别合计另受指标体系加分上限约束"),
    )

    class Meta:
        verbose_name = _("案例评选规则")
        verbose_name_plural = _("案例评选规则")

    def __str__(self) -> str:
        return f"{self.campaign} · {_('案例评选规则')}"

    def snapshot(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in (
            "experts_per_case", "disagreement_margin", "expert_weight", "public_weight", "case_points_max",
            "category_cap")}


class Nomination(models.Model):
    """One 附件3 form (优秀创新案例推荐表)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐账户"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="nominations", help_text=_("评估组导入的推荐表没有推荐账户"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=NominationStatus.choices, default=NominationStatus.DRAFT, db_index=True
    )
    source = models.CharField(_("来源"), max_length=16, choices=NominationSource.choices, default=NominationSource.WEB)
    unit_name = models.CharField(_("单位名称"), max_length=200)
    unit_url = models.URLField(_("单位网址"), max_length=500, blank=True)
    contact_name = models.CharField(_("联系人姓名"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=50)
    contact_email = models.EmailField(_("E-MAIL"), max_length=200)
    contact_address = models.CharField(_("通讯地址"), max_length=300)
    nominated_on = models.DateField(_("推荐日期"))
    source_file = models.FileField(_("原始推荐表"), upload_to="cases/imports/%Y/", blank=True, max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = ClockStampField(_("创建时间"), auto_now_add=True)
    updated_at = ClockStampField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("案例推荐表")
        verbose_name_plural = _("案例推荐表")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.nominated_on:%Y-%m-%d}"

    def snapshot(self) -> dict[str, object]:
        return {
            "status": self.status,
            "unit_name": self.unit_name,
            "unit_url": self.unit_url,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
            "contact_email": self.contact_email,
            "contact_address": self.contact_address,
            "nominated_on": self.nominated_on,
            "cases": [c.snapshot() for c in self.cases.order_by("position")] if self.pk else [],
        }


class Case(models.Model):
    """One 推荐案例 of a nomination, tied to the target(s) whose bonus it can earn."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("推荐表"), on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField(
        _("序号"), validators=[MinValueValidator(1), MaxValueValidator(CASES_PER_NOMINATION)]
    )
    category = models.CharField(_("案例类型"), max_length=32, choices=CaseCategory.choices)
    name = models.CharField(_("案例名称"), max_length=200)
    url = models.URLField(_("案例网址"), max_length=500, blank=True)
    reason = models.TextField(_("推荐理由"))
    targets = models.ManyToManyField(
        "targets.Target", verbose_name=_("所属评估对象"), related_name="innovation_cases", blank=True
    )
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT,
                              db_index=True)
    screening_reason = models.TextField(_("初选意见"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("初选人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    screened_at = models.DateTimeField(_("初选时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并到"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )

    class Meta:
        verbose_name = _("推荐案例")
        verbose_name_plural = _("推荐案例")
        ordering = ["nomination", "position"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "position"], name="cases_case_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def campaign(self) -> Any:
        return self.nomination.campaign

    def snapshot(self) -> dict[str, object]:
        return {
            "position": self.position,
            "category": self.category,
            "name": self.name,
            "url": self.url,
            "reason": self.reason,
            "status": self.status,
            "targets": sorted(t.code for t in self.targets.all()) if self.pk else [],
            "attachments": [a.sha256 for a in self.attachments.all()] if self.pk else [],
            "merged_into": self.merged_into_id,
        }


def _attachment_path(instance: CaseAttachment, filename: str) -> str:
    # The stored name is random with the sniffed extension; the uploader's name is kept only as a label.
    return f"cases/{instance.case.nomination.campaign_id}/{instance.case_id}/{filename}"


class CaseAttachment(models.Model):
    """Evidence (佐证材料) of a case: a PDF, image or Word file, served back only as a download."""

    case = models.ForeignKey(Case, verbose_name=_("案例"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = ClockStampField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["case", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ExpertProfile(models.Model):
    """Where an expert comes from, so that no expert reviews a case of their own province or organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    province_code = models.CharField(
        _("所在省份代码"), max_length=6, blank=True, help_text=_("GB/T 2260 省级代码，如 330000；中央单位留空")
    )
    organisation = models.CharField(_("工作单位"), max_length=200)

    class Meta:
        verbose_name = _("专家信息")
        verbose_name_plural = _("专家信息")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class ConflictDeclaration(models.Model):
    """An expert's own statement that they must not review a case (利益冲突声明)."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="case_conflicts"
    )
    case = models.ForeignKey(Case, verbose_name=_("案例"), on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("原因"))
    declared_at = ClockStampField(_("声明时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = _("利益冲突声明")
        constraints = [models.UniqueConstraint(fields=["expert", "case"], name="cases_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.expert} × {self.case}"


class AssignmentMethod(models.TextChoices):
    AUTO = "auto", _("自动分配")
    MANUAL = "manual", _("手动指定")


class ReviewAssignment(models.Model):
    """One expert asked to review one case."""

    case = models.ForeignKey(Case, verbose_name=_("案例"), on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="case_assignments"
    )
    method = models.CharField(_("分配方式"), max_length=8, choices=AssignmentMethod.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("分配人"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = ClockStampField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评议任务")
        verbose_name_plural = _("评议任务")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "expert"], name="cases_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.case} · {self.expert}"


class Review(models.Model):
    """An expert's scores of one case on the rubric, with a comment."""

    assignment = models.OneToOneField(
        ReviewAssignment, verbose_name=_("评议任务"), on_delete=models.CASCADE, related_name="review"
    )
    presentation = models.PositiveSmallIntegerField(DIMENSIONS[0][1], validators=[MaxValueValidator(DIMENSION_MAX)])
    approach = models.PositiveSmallIntegerField(DIMENSIONS[1][1], validators=[MaxValueValidator(DIMENSION_MAX)])
    benefit = models.PositiveSmallIntegerField(DIMENSIONS[2][1], validators=[MaxValueValidator(DIMENSION_MAX)])
    institution = models.PositiveSmallIntegerField(DIMENSIONS[3][1], validators=[MaxValueValidator(DIMENSION_MAX)])
    replicability = models.PositiveSmallIntegerField(DIMENSIONS[4][1], validators=[MaxValueValidator(DIMENSION_MAX)])
    comment = models.TextField(_("评议意见"))
    submitted_at = ClockStampField(_("提交时间"), auto_now=True)

    class Meta:
        verbose_name = _("专家评议")
        verbose_name_plural = _("专家评议")

    def __str__(self) -> str:
        return f"{self.assignment} = {self.total}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name, _label, _q in DIMENSIONS)

    def get_absolute_url(self) -> str:
        return reverse("cases:results")

    def provenance_label(self) -> str:
        """Blind as the review was: the score, never the expert."""
        return gettext("专家评议 #%(id)s：%(total)s 分（满分 %(max)s）") % {
            "id": self.pk, "total": self.total, "max": TOTAL_MAX}

    def snapshot(self) -> dict[str, object]:
        return {**{name: getattr(self, name) for name, _label, _q in DIMENSIONS}, "comment": self.comment}
