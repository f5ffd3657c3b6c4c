"""County registration (区县报名, 附件2 参评报名表): a county volunteers its website for evaluation."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dgeval.web.common import clock


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("已退回")


def stamped_form_path(instance: Registration, filename: str) -> str:
    """Store under a random name: the uploader's file name is never used on disk."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registration/{clock.today():%Y}/{uuid.uuid4().hex}.{ext}"


#: The text fields of 附件2 the applicant fills in: the form's fields (with parent and the stamped form) and the
#: audited view of a registration.
APPLICANT_FIELDS: tuple[str, ...] = (
    "unit_name",
    "site_name",
    "site_url",
    "competent_unit",
    "sponsor_unit",
    "organizer_unit",
    "contact_name",
    "contact_title",
    "contact_phone",
    "contact_mobile",
    "contact_email",
    "contact_address",
    "division_code",
)


#: A registration's reference as given to the county: the campaign year, "R", the number (2020-R-000123).
REFERENCE_RE = re.compile(r"^\s*(\d{4})\s*-\s*R\s*-\s*(\d{1,9})\s*$", re.IGNORECASE)


def reference_parse(text: str) -> tuple[int, int] | None:
    """(year, number) of a reference as typed, or None if it does not look like one."""
    match = REFERENCE_RE.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


class Registration(models.Model):
    """One submitted 参评报名表, with every field of 附件2 and the stamped form scan."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("评估活动"), on_delete=models.PROTECT, related_name="registrations"
    )
    unit_name = models.CharField(_("报名单位名称"), max_length=200)
    site_name = models.CharField(_("网站名称"), max_length=200)
    site_url = models.URLField(_("网站网址"), max_length=500)
    competent_unit = models.CharField(_("主管单位"), max_length=200)
    sponsor_unit = models.CharField(_("主办单位"), max_length=200)
    organizer_unit = models.CharField(_("承办单位"), max_length=200)
    contact_name = models.CharField(_("联系人姓名"), max_length=50)
    contact_title = models.CharField(_("职务"), max_length=100)
    contact_phone = models.CharField(_("工作电话"), max_length=30)
    contact_mobile = models.CharField(_("手机号码"), max_length=11)
    contact_email = models.EmailField(_("E-MAIL"), max_length=254)
    contact_address = models.CharField(_("通讯地址"), max_length=300)
    parent = models.ForeignKey(
        "targets.Target",
        verbose_name=_("所属上级政府"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    stamped_form = models.FileField(_("盖章报名表"), upload_to=stamped_form_path)
    stamped_form_type = models.CharField(_("报名表文件类型"), max_length=10)
    submitted_at = models.DateTimeField(_("提交时间"), default=clock.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(_("审核意见"), blank=True)
    target = models.OneToOneField(
        "targets.Target",
        verbose_name=_("评估对象"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration",
    )
    webmaster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网站主管单位账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("审核通过时创建或关联的账户"),
    )

    class Meta:
        verbose_name = _("区县报名")
        verbose_name_plural = _("区县报名")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.unit_name}（{self.site_name}）"

    @property
    def reference(self) -> str:
        """The number the county quotes (e-mails, the status page): 2020-R-000123."""
        return f"{self.campaign.year}-R-{self.pk:06d}"
