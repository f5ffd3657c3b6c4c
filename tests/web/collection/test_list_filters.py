"""The work-item list's 指标 filter: offered from the leaves the list holds, and narrowing the rows to one leaf."""

from __future__ import annotations

from django.urls import reverse


def test_leaf_filter_offers_the_listed_leaves_and_narrows_to_one(items, evaluator_client):
    url = reverse("collection:list")
    body = evaluator_client.get(url).content.decode()
    assert 'value="local_site:info.statutory_disclosure"' in body and 'value="local_site:info.three_battles"' in body
    statutory = next(i for i in items if i.code == "info.statutory_disclosure")
    battles = next(i for i in items if i.code == "info.three_battles")
    body = evaluator_client.get(url, {"leaf": "local_site:info.three_battles"}).content.decode()
    assert f'data-item="{battles.pk}"' in body
    assert f'data-item="{statutory.pk}"' not in body


def test_unknown_leaf_is_a_form_error_not_a_crash(items, evaluator_client):
    response = evaluator_client.get(reverse("collection:list"), {"leaf": "local_site:no.such"})
    assert response.status_code == 200
    assert all(f'data-item="{i.pk}"' in response.content.decode() for i in items)
