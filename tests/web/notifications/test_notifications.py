"""Notifications: one per recipient (once per key), e-mailed when committed, counted unread in every page's header,
read when opened, and nobody else's to open."""

from __future__ import annotations

import pytest
from django.core import mail

from dgeval.web.notifications.models import Notification
from dgeval.web.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_a_key_sends_once_per_recipient(webmaster_user, evaluator_user):
    first = notification_send(recipients=[webmaster_user, evaluator_user], title="整改期限将至", key="k:1")
    again = notification_send(recipients=[webmaster_user], title="整改期限将至", key="k:1")
    assert len(first) == 2 and again == []
    assert notification_send(recipients=[webmaster_user], title="另一条")  # no key: always sent


def test_email_goes_on_commit_to_those_with_an_address(webmaster_user, evaluator_user,
                                                       django_capture_on_commit_callbacks):
    webmaster_user.email = "webmaster@xihu.gov.cn"
    webmaster_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipients=[webmaster_user, evaluator_user], title="收到整改通报", body="请整改",
                          url="/monitoring/rectification/")
    assert [m.to for m in mail.outbox] == [["webmaster@xihu.gov.cn"]]
    assert mail.outbox[0].subject == "收到整改通报" and "/monitoring/rectification/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=webmaster_user).emailed


def test_header_counts_unread_and_opening_reads(webmaster_user, webmaster_client, evaluator_client):
    [notice] = notification_send(recipients=[webmaster_user], title="收到整改通报", url="/monitoring/findings/")
    page = webmaster_client.get("/notifications/").content.decode()
    assert 'id="unread-count">1<' in page and "收到整改通报" in page
    assert evaluator_client.get(f"/notifications/{notice.pk}/").status_code == 404
    response = webmaster_client.get(f"/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/monitoring/findings/"
    assert 'id="unread-count"' not in webmaster_client.get("/notifications/").content.decode()


def test_an_outside_link_is_not_followed(webmaster_user, webmaster_client):
    [notice] = notification_send(recipients=[webmaster_user], title="x", url="https://evil.example/")
    assert webmaster_client.get(f"/notifications/{notice.pk}/")["Location"] == "/notifications/"
