"""Demo 区县报名: each demo portal registers through the public 附件2 service and is approved, which makes its
webmaster account (the demo then sets the printed password, as the county would through the mailed link); one
county's second registration is refused as a duplicate, and one more registration waits for review."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from dgeval.web.accounts.demo import WEBMASTER_PASSWORD
from dgeval.web.common.demo import DemoContext
from dgeval.web.registration.duplicates import DuplicateRegistration
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
                                          reason="材料齐全，同意参评", webmaster_username=f"webmaster_{spec.key}")
            ctx.counties.append(county)
            registration.refresh_from_db()
            webmaster = registration.webmaster
            webmaster.set_password(WEBMASTER_PASSWORD)
            webmaster.save(update_fields=["password"])
            ctx.users[webmaster.username] = webmaster
        refused = _duplicate_attempt(ctx, data)
        _pending(ctx, parent)
    return (f"{len(ctx.counties)} 个区县报名并通过审核，各开通网站主管单位账户（通知邮件 {mail.getvalue().count('Message-ID:')} 封）；"
            f"重复报名被拒绝：{refused}")


def _duplicate_attempt(ctx: DemoContext, data: dict) -> str:
    """The last county registers again under another contact: refused, naming the earlier registration."""
    again = {**data, "contact_name": "重复联系人", "contact_email": "again@example.gov.cn"}
    try:
        registration_submit(
            campaign=ctx.campaign, data=again, stamped_form_type="pdf", on=dt.date(2020, 10, 19),
            stamped_form=SimpleUploadedFile("again.pdf", stamped_form_pdf(data["unit_name"]), "application/pdf"))
    except DuplicateRegistration as exc:
        return str(exc)
    raise AssertionError("a duplicate registration was accepted")


def _pending(ctx: DemoContext, parent: Target | None) -> None:
    """A registration that came in on the last days and waits for the admin's review."""
    data = {
        "unit_name": "桐庐县人民政府", "site_name": "桐庐县人民政府门户网站", "site_url": "http://www.tonglu.gov.cn/",
        "competent_unit": "桐庐县人民政府办公室", "sponsor_unit": "桐庐县人民政府办公室",
        "organizer_unit": "桐庐县大数据发展管理中心", "contact_name": "周敏", "contact_title": "副主任",
        "contact_phone": "0571-64210000", "contact_mobile": "13900009999", "contact_email": "web@tonglu.example.gov.cn",
        "contact_address": "浙江省杭州市桐庐县迎春南路1号", "division_code": "330122", "parent": parent,
    }
    registration_submit(
        campaign=ctx.campaign, data=data, stamped_form_type="pdf", on=dt.date(2020, 10, 20),
        stamped_form=SimpleUploadedFile("tonglu.pdf", stamped_form_pdf(data["unit_name"]), "application/pdf"))
