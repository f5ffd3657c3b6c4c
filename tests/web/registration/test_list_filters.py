"""The review list's filters (status, a text in the unit's or site's name or URL) and its pages."""

from __future__ import annotations

from django.urls import reverse


def test_text_filter_finds_the_unit_and_misses_others(admin_client, registration_pending):
    url = reverse("registration:list")
    assert registration_pending.unit_name in admin_client.get(url, {"q": "余杭"}).content.decode()
    assert registration_pending.unit_name not in admin_client.get(url, {"q": "西湖"}).content.decode()
    assert registration_pending.unit_name in admin_client.get(url, {"q": "yuhang.gov"}).content.decode()


def test_status_filter_and_a_bad_status(admin_client, registration_pending):
    url = reverse("registration:list")
    assert registration_pending.unit_name in admin_client.get(url, {"status": "pending"}).content.decode()
    assert registration_pending.unit_name not in admin_client.get(url, {"status": "approved"}).content.decode()
    response = admin_client.get(url, {"status": "nonsense"})
    assert response.status_code == 200 and "nonsense" in response.content.decode()  # said as a form error
