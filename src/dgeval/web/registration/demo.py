"""Demo 区县报名: each demo portal registers through the public 附件2 service and is approved."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from dgeval.web.accounts.demo import WEBMASTER_PASSWORD
from dgeval.web.accounts.services import user_create
from dgeval.web.common.demo import DemoContext
from dgeval.web.registration.services import registration_approve, registration_submit
from dgeval.web.targets.models import Target


def stamped_form_pdf(name: str) -> bytes:
    """A one-page PDF standing in for the stamped 附件2 (the upload checks sniff the %PDF header)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"% " + name.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def seed(ctx: DemoContext) -> str:
    parent = Target.objects.filter(code="330100").first()
    admin = ctx.user("admin")
    mail = io.StringIO()
    with contextlib.redirect_stdout(mail):  # the console mail backend would flood the demo's output
        for n, site in enumerate(ctx.sites, start=1):
            spec = site.spec
            data = {
                "unit_name": spec.name, "site_name": spec.website_name, "site_url": site.url,
                "competent_unit": f"{spec.name}办公室", "sponsor_unit": f"{spec.name}办公室",
                "organizer_unit": f"{spec.short_name}大数据发展管理中心", "contact_name": f"联系人{n}",
                "contact_title": "科长", "contact_phone": f"0571-880{n:05d}", "contact_mobile": f"1390000{n:04d}",
                "contact_email": f"web{n}@{spec.key}.example.gov.cn",
                "contact_address": f"{spec.province}{spec.short_name}人民路1号",
                "division_code": spec.division_code, "parent": parent,
            }
            registration = registration_submit(
                campaign=ctx.campaign, data=data, stamped_form_type="pdf", on=dt.date(2020, 10, 9 + n),
                stamped_form=SimpleUploadedFile(f"{spec.key}.pdf", stamped_form_pdf(spec.name), "application/pdf"),
            )
            county = registration_approve(registration=registration, actor=admin, code=spec.division_code,
                                          reason="材料齐全，同意参评")
            ctx.counties.append(county)
            ctx.users[f"webmaster_{spec.key}"] = user_create(
                username=f"webmaster_{spec.key}", password=WEBMASTER_PASSWORD, role="webmaster", target=county,
                display_name=f"{county.name}网站")
    return f"{len(ctx.counties)} 个区县报名并通过审核（通知邮件 {mail.getvalue().count('Message-ID:')} 封）"
