"""The platform's one clock: DGEVAL_TODAY moves "today" and "now" for records and pages, not real-time leases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dgeval.web.audit.models import AuditEntry
from dgeval.web.common import clock
from dgeval.web.monitoring.services import finding_review

from .monitoring.conftest import _store

DAY = dt.date(2020, 11, 20)


def test_without_a_configured_day_now_is_real_time(settings):
    settings.DGEVAL_TODAY = None
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.today() == timezone.localdate()


def test_now_is_the_configured_day_at_the_real_time_of_day_in_shanghai(settings):
    settings.DGEVAL_TODAY = DAY
    now = clock.now()
    assert now.date() == DAY and clock.today() == DAY
    assert timezone.is_aware(now) and str(now.tzinfo) == "Asia/Shanghai"
    real = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    assert abs((now.replace(year=real.year, month=real.month, day=real.day) - real).total_seconds()) < 5


@pytest.mark.django_db
def test_records_and_pages_show_the_configured_day(settings, campaign_2020, county_target, evaluator_user,
                                                   evaluator_client):
    settings.DGEVAL_TODAY = DAY
    finding = _store(campaign_2020, county_target, "中华人民共合国")
    finding_review(finding=finding, status="confirmed", actor=evaluator_user)
    finding.refresh_from_db()
    assert timezone.localtime(finding.reviewed_at).date() == DAY
    assert timezone.localtime(finding.last_seen_at).date() == DAY
    assert timezone.localtime(finding.first_seen_at).date() == DAY
    assert timezone.localtime(AuditEntry.objects.filter(action="finding.review").get().at).date() == DAY
    page = evaluator_client.get(finding.get_absolute_url()).content.decode()
    assert f"{evaluator_user}，2020-11-20" in page
    assert "2020-11-20" in evaluator_client.get("/audit/").content.decode()


@pytest.mark.django_db
def test_stamps_made_and_changed_take_the_configured_day(settings, campaign_2020, county_target, evaluator_user):
    """Creation and change stamps (a score part's updated_at, a consultation comment's created_at) read the clock."""
    from dgeval.web.consultation.models import Comment
    from dgeval.web.scores.models import ScorePart
    from dgeval.web.scores.services import score_part_set

    settings.DGEVAL_TODAY = DAY
    score_part_set(campaign=campaign_2020, target=county_target, framework="local_site", column="county",
                   code="management.identification", source_kind="manual", points=1, actor=evaluator_user)
    part = ScorePart.objects.get()
    assert timezone.localtime(part.updated_at).date() == DAY
    assert timezone.localtime(part.leaf.updated_at).date() == DAY
    assert Comment._meta.get_field("created_at").default is clock.now
