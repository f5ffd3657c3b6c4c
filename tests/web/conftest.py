"""Shared fixtures for the platform tests of every app.

Users: admin_user, evaluator_user, expert_user, webmaster_user (bound to county_target), nominator_user (a
推荐单位（个人）). Logged-in clients: admin_client (overrides pytest-django's), evaluator_client, expert_client,
webmaster_client, nominator_client, anonymous_client. Campaign: campaign_2020 (the plan's timetable).
Targets: province_target (浙江省), city_target (杭州市, key city), county_target (西湖区), each with a
website channel. `today_is(date)` sets the platform's "as of" date (DGEVAL_TODAY).
Uploads go to a per-test MEDIA_ROOT; the cache (comment rate limit) is cleared per test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.campaigns.models import Campaign
from dgeval.web.campaigns.services import campaign_create_2020
from dgeval.web.targets.models import Channel, ChannelKind, Target, TargetKind

PASSWORD = "correct-horse-battery-42"


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploaded files and report files land in the test's tmp dir; rate-limit counters do not leak between tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today_is(settings) -> Callable[[date], None]:
    """Set the platform's "today" (DGEVAL_TODAY) for the rest of the test."""

    def set_today(day: date) -> None:
        settings.DGEVAL_TODAY = day

    return set_today


@pytest.fixture
def campaign_2020(db) -> Campaign:
    return campaign_create_2020()


def _target(code: str, name: str, kind: TargetKind, url: str, parent: Target | None = None) -> Target:
    target = Target.objects.create(
        code=code,
        name=name,
        short_name=name[:2],
        kind=kind,
        parent=parent,
        division_code=code,
        has_website=True,
        website_url=url,
    )
    Channel.objects.create(target=target, kind=ChannelKind.WEBSITE, name=name, url=url)
    return target


@pytest.fixture
def province_target(db) -> Target:
    return _target("330000", "浙江省人民政府", TargetKind.PROVINCE, "https://www.zj.gov.cn/")


@pytest.fixture
def city_target(province_target) -> Target:
    return _target("330100", "杭州市人民政府", TargetKind.KEY_CITY, "https://www.hangzhou.gov.cn/", province_target)


@pytest.fixture
def county_target(city_target) -> Target:
    return _target("330106", "杭州市西湖区人民政府", TargetKind.COUNTY, "http://www.hzxh.gov.cn/", city_target)


@pytest.fixture
def admin_user(db):
    return user_create(username="admin", password=PASSWORD, role=Role.ADMIN, display_name="管理员甲")


@pytest.fixture
def evaluator_user(db):
    return user_create(username="evaluator", password=PASSWORD, role=Role.EVALUATOR, display_name="评估员乙")


@pytest.fixture
def expert_user(db):
    return user_create(username="expert", password=PASSWORD, role=Role.EXPERT, display_name="专家丙")


@pytest.fixture
def webmaster_user(county_target):
    return user_create(
        username="webmaster", password=PASSWORD, role=Role.WEBMASTER, target=county_target, display_name="西湖区网站"
    )


@pytest.fixture
def nominator_user(db):
    return user_create(username="nominator", password=PASSWORD, role=Role.NOMINATOR, display_name="浙江省大数据发展管理局",
                       email="tuijian@zj.gov.cn")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def evaluator_client(evaluator_user) -> Client:
    return _client_for(evaluator_user)


@pytest.fixture
def expert_client(expert_user) -> Client:
    return _client_for(expert_user)


@pytest.fixture
def webmaster_client(webmaster_user) -> Client:
    return _client_for(webmaster_user)


@pytest.fixture
def nominator_client(nominator_user) -> Client:
    return _client_for(nominator_user)


@pytest.fixture
def anonymous_client(db) -> Client:
    return Client()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

REGISTRATION_DATA = {
    "unit_name": "杭州市余杭区人民政府",
    "site_name": "杭州市余杭区人民政府门户网站",
    "site_url": "http://www.yuhang.gov.cn/",
    "competent_unit": "杭州市余杭区人民政府办公室",
    "sponsor_unit": "杭州市余杭区人民政府办公室",
    "organizer_unit": "杭州市余杭区数据资源管理局",
    "contact_name": "张三",
    "contact_title": "科长",
    "contact_phone": "0571-86221234",
    "contact_mobile": "13912345678",
    "contact_email": "zhangsan@yuhang.gov.cn",
    "contact_address": "浙江省杭州市余杭区临平街道",
    "division_code": "330110",
}


@pytest.fixture
def registration_pending(campaign_2020, city_target):
    """A submitted (pending) registration with a PDF stamped form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dgeval.web.registration.services import registration_submit

    return registration_submit(
        campaign=campaign_2020,
        data={**REGISTRATION_DATA, "parent": city_target},
        stamped_form=SimpleUploadedFile("form.pdf", PDF_BYTES, content_type="application/pdf"),
        stamped_form_type="pdf",
        on=date(2020, 10, 1),
    )


@pytest.fixture
def comment(campaign_2020):
    """A public comment on local_site info.statutory_disclosure."""
    from dgeval.web.consultation.services import comment_post

    return comment_post(
        campaign=campaign_2020,
        framework="local_site",
        indicator_code="info.statutory_disclosure",
        body="建议细化法定主动公开的栏目要求。",
        author_name="市民",
        on=date(2020, 9, 20),
    )
