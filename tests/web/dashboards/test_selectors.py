"""Each role's dashboard counts what waits for it, and each count links to a list showing as many."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from dgeval.web.dashboards.selectors import dashboard_for
from tests.web.conftest import PDF_BYTES, REGISTRATION_DATA
from tests.web.dashboards.waiting import make_waiting

pytestmark = pytest.mark.django_db
TODAY = date(2020, 10, 16)


@pytest.fixture
def waiting(campaign_2020, county_target, city_target, webmaster_user, evaluator_user, admin_user, today_is):
    today_is(TODAY)
    return make_waiting(campaign=campaign_2020, county=county_target, other=city_target, webmaster=webmaster_user,
                        evaluator=evaluator_user, admin=admin_user, registration_data=REGISTRATION_DATA,
                        pdf=PDF_BYTES)


def _items(user, campaign):
    return {item.key: item for section in dashboard_for(user=user, campaign=campaign, on=TODAY)
            for item in section.items}


def test_admin_sees_registrations_runs_appeals_and_overdue_foi(waiting, admin_user, campaign_2020):
    items = _items(admin_user, campaign_2020)
    assert items["registrations"].count == 1 and items["registrations"].due == date(2020, 10, 20)
    assert items["runs_failed"].count == 1 and items["runs_running"].count == 1
    assert items["findings_pending"].count == 2 and items["appeals"].count == 1
    assert items["reconcile_all"].count == 1 and items["foi_overdue"].count == 1
    assert items["publication"].count is None and "尚未发布" in items["publication"].label


def test_evaluator_sees_their_own_items_by_next_step(waiting, evaluator_user, campaign_2020):
    items = _items(evaluator_user, campaign_2020)
    counts = {k: items[k].count for k in ("todo", "in_progress", "second_scoring", "reconcile", "foi_due")}
    assert counts == {"todo": 2, "in_progress": 1, "second_scoring": 0, "reconcile": 1, "foi_due": 1}
    assert items["todo"].due == date(2020, 11, 30) and items["foi_due"].due == date(2020, 11, 9)


def test_expert_sees_appeals_and_reviews(waiting, expert_user, campaign_2020):
    items = _items(expert_user, campaign_2020)
    assert items["appeals"].count == 1 and items["reviews"].count == 0
    assert items["reviews"].due == date(2020, 11, 30)


def test_webmaster_sees_only_their_sites_findings(waiting, webmaster_user, campaign_2020):
    items = _items(webmaster_user, campaign_2020)
    assert (items["to_rectify"].count, items["pending"].count, items["rectified"].count) == (3, 1, 1)
    assert items["appeals_open"].count == 1 and items["appeals_decided"].count == 0


def test_webmaster_sees_the_nearest_deadline_and_what_is_overdue(waiting, webmaster_user, campaign_2020):
    """The other target's earlier deadlines are not the webmaster's; a past deadline is counted, not shown as due."""
    items = _items(webmaster_user, campaign_2020)
    assert items["to_rectify"].due == date(2020, 10, 23)
    assert items["overdue"].count == 1


def test_public_sees_open_phases(waiting, campaign_2020):
    from django.contrib.auth.models import AnonymousUser

    items = _items(AnonymousUser(), campaign_2020)
    assert set(items) >= {"registration", "case_nomination"} and "consultation" not in items  # closed 10-15
    assert items["registration"].url == reverse("registration:create")


@pytest.mark.parametrize(("client_name", "key", "rows"), [
    ("webmaster_client", "to_rectify", 3),
    ("webmaster_client", "pending", 1),
    ("webmaster_client", "overdue", 1),
    ("admin_client", "findings_pending", 2),
    ("evaluator_client", "todo", 2),
    ("evaluator_client", "reconcile", 1),
    ("admin_client", "foi_overdue", 1),
    ("admin_client", "registrations", 1),
])
def test_each_count_links_to_a_list_of_as_many(request, waiting, client_name, key, rows):
    client = request.getfixturevalue(client_name)
    page = client.get(reverse("dashboards:me")).text
    match = re.search(rf'data-key="{key}">\s*<a href="([^"]+)">\s*<span class="dash-count">(\d+)</span>', page)
    assert match, page
    assert int(match.group(2)) == rows
    listing = client.get(match.group(1).replace("&amp;", "&")).text
    found = {"to_rectify": r'href="/monitoring/findings/\d+/"', "pending": r'href="/monitoring/findings/\d+/"',
             "overdue": r'href="/monitoring/findings/\d+/"',
             "findings_pending": r'href="/monitoring/findings/\d+/"', "todo": r'href="/collection/items/\d+/"',
             "reconcile": r'href="/collection/items/\d+/"', "foi_overdue": r'href="/foi/\d+/"',
             "registrations": r'href="/registration/review/\d+/"'}[key]
    assert len(set(re.findall(found, listing))) == rows


def test_login_lands_on_the_dashboard(client, webmaster_user, campaign_2020):
    from tests.web.conftest import PASSWORD

    response = client.post(reverse("accounts:login"), {"username": webmaster_user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:me")
