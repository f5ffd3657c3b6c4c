"""Fixtures of the manual-collection tests: a second evaluator, single- and double-scored work items, images."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.collection.models import WorkItem
from dgeval.web.collection.services import manual_score_save, work_items_generate

IN_PHASE = date(2020, 11, 2)  # inside 人工采集 2020-10-15..11-30
AFTER_PHASE = date(2020, 12, 5)

# Smallest valid files of each kind, made by hand (magic bytes are what the upload check reads).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
HTML_BYTES = b"<!doctype html><script>alert(1)</script>"


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def in_phase(today_is) -> date:
    today_is(IN_PHASE)
    return IN_PHASE


@pytest.fixture
def evaluator2(db):
    return user_create(username="evaluator2", password="correct-horse-battery-43", role=Role.EVALUATOR,
                       display_name="评估员丁")


@pytest.fixture
def evaluator3(db):
    return user_create(username="evaluator3", password="correct-horse-battery-44", role=Role.EVALUATOR,
                       display_name="评估员戊")


@pytest.fixture
def items(campaign_2020, county_target, admin_user, evaluator_user, in_phase) -> list[WorkItem]:
    """Two single-scored county items for evaluator_user: statutory_disclosure (weight 19), three_battles (3)."""
    return work_items_generate(
        campaign=campaign_2020, targets=[county_target], evaluators=[evaluator_user], actor=admin_user,
        codes=["info.statutory_disclosure", "info.three_battles"],
    )


@pytest.fixture
def item(items) -> WorkItem:
    return next(i for i in items if i.code == "info.statutory_disclosure")


@pytest.fixture
def double_item(campaign_2020, province_target, admin_user, evaluator_user, evaluator2, in_phase) -> WorkItem:
    """A double-scored province item, statutory_disclosure (weight 20; default margin 20 % = 4 points)."""
    (created,) = work_items_generate(
        campaign=campaign_2020, targets=[province_target], evaluators=[evaluator_user, evaluator2], actor=admin_user,
        codes=["info.statutory_disclosure"], double=True,
    )
    return created


@pytest.fixture
def disputed_item(double_item, evaluator_user, evaluator2) -> WorkItem:
    """The double item after scores 10 and 19: beyond the margin, waiting for reconciliation."""
    for who, points in ((evaluator_user, 10), (evaluator2, 19)):
        manual_score_save(item=double_item, actor=who, points=points, submit=True, note="见栏目页")
    double_item.refresh_from_db()
    return double_item


@pytest.fixture
def evaluator2_client(evaluator2):
    client = Client()
    client.force_login(evaluator2)
    return client


@pytest.fixture
def other_item(campaign_2020, county_target, admin_user, evaluator2, in_phase) -> WorkItem:
    """A single-scored county item assigned to evaluator2, not to evaluator_user."""
    (created,) = work_items_generate(
        campaign=campaign_2020, targets=[county_target], evaluators=[evaluator2], actor=admin_user,
        codes=["info.search_download"],
    )
    return created
