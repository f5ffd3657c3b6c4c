"""The public 参评报名表 (附件2) form, with clear Chinese messages for every field."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from dgeval.targets.divisions import load_divisions
from dgeval.web.registration.models import APPLICANT_FIELDS, Registration
from dgeval.web.registration.uploads import EXTENSIONS, sniff_upload

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Landline: optional area code (0 + 2-3 digits, optional dash), 7-8 digits, optional extension.
PHONE_RE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")


def validate_site_url(value: str) -> None:
    """An http(s) address with a host name."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(_("网址须以 http:// 或 https:// 开头并包含域名，例如 https://www.example.gov.cn/"), code="url")


class RegistrationForm(forms.ModelForm):
    """Every field of 附件2; the stamped form is checked by its bytes and size."""

    site_url = forms.CharField(label=_("网站网址"), max_length=500, validators=[validate_site_url])
    class Meta:
        model = Registration
        # No parent to pick: the county's province and 地级市 follow from its division code.
        fields = [*APPLICANT_FIELDS, "stamped_form"]
        help_texts = {
            "contact_phone": _("如 010-12345678"),
            "contact_mobile": _("11 位手机号码"),
            "stamped_form": _("加盖公章的报名表扫描件，PDF、PNG 或 JPEG，不超过 10 MB"),
            "division_code": _("6 位行政区划代码（如 330110）：所属省和地市据此确定"),
        }
        error_messages = {
            "contact_email": {"invalid": _("请输入有效的电子邮箱地址")},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写“%(label)s”") % {"label": field.label}
        self.fields["stamped_form"].error_messages["required"] = _("请上传加盖公章的报名表")
        self.fields["division_code"].required = True

    def clean_contact_mobile(self) -> str:
        value = self.cleaned_data["contact_mobile"].strip()
        if not MOBILE_RE.match(value):
            raise ValidationError(_("手机号码应为以 1 开头的 11 位数字，第二位为 3-9"), code="mobile")
        return value

    def clean_contact_phone(self) -> str:
        value = self.cleaned_data["contact_phone"].strip().replace(" ", "")
        if not PHONE_RE.match(value):
            raise ValidationError(_("工作电话格式不正确，应如 010-12345678 或 0571-8765432-123"), code="phone")
        return value

    def clean_division_code(self) -> str:
        value = self.cleaned_data["division_code"].strip()
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError(_("行政区划代码应为 6 位数字"), code="division_code")
        if value:
            divisions = load_divisions()
            if value not in divisions.by_code:
                raise ValidationError(_("行政区划代码 %(code)s 不在区划名录中（%(source)s）") % {
                    "code": value, "source": divisions.source}, code="division_code")
            if divisions.get(value).level != "county":
                raise ValidationError(_("行政区划代码 %(code)s 是%(name)s，请填写区县的代码") % {
                    "code": value, "name": divisions.get(value).name}, code="division_code")
        return value

    def clean_stamped_form(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["stamped_form"]
        limit = settings.DGEVAL_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("文件过大（%(size).1f MB），不能超过 %(limit).0f MB")
                % {"size": upload.size / 1048576, "limit": limit / 1048576},
                code="too_large",
            )
        kind = sniff_upload(upload)
        if kind is None:
            raise ValidationError(_("文件类型不支持：只接受 PDF、PNG 或 JPEG 格式的盖章报名表"), code="file_type")
        upload.name = f"form.{EXTENSIONS[kind]}"
        self.sniffed_type = kind
        return upload


class ReviewForm(forms.Form):
    """Approve or reject; a rejection needs a reason the county will read."""

    decision = forms.ChoiceField(label=_("审核结果"), choices=[("approve", _("通过")), ("reject", _("不通过"))])
    reason = forms.CharField(label=_("审核意见"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    code = forms.CharField(
        label=_("评估对象编码"), required=False, max_length=64, help_text=_("选填；默认用行政区划代码或报名编号生成")
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不通过时必须填写原因"))
        return data


class StatusLookupForm(forms.Form):
    """The reference given at submission, and the contact e-mail or a phone number on the form."""

    reference = forms.CharField(label=_("报名编号"), max_length=30, help_text=_("如 2020-R-000123"))
    contact = forms.CharField(label=_("联系邮箱或手机号码"), max_length=254, help_text=_("报名表上填写的 E-MAIL、手机号码或工作电话"))


def validate_xlsx(upload: UploadedFile) -> None:
    """An XLSX workbook (a ZIP archive) within the upload limit."""
    if upload.size > settings.DGEVAL_UPLOAD_MAX_BYTES:
        raise ValidationError(_("文件过大，不能超过 %(limit).0f MB") % {"limit": settings.DGEVAL_UPLOAD_MAX_BYTES / 1048576},
                              code="too_large")
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(_("只接受 XLSX 格式的报名表（Excel 2007 及以上）"), code="file_type")


class FilledFormUpload(forms.Form):
    """A filled copy of the blank 附件2 workbook, to fill the online form from."""

    filled_form = forms.FileField(label=_("已填写的报名表（XLSX）"), validators=[validate_xlsx],
                                  error_messages={"required": _("请选择已填写的报名表文件")})
