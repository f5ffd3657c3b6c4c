"""Each role logs in, lands on its dashboard, reads the right counts and follows one to the list it counts."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, PDF_BYTES, REGISTRATION_DATA
from tests.web.dashboards.waiting import make_waiting
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting(campaign_2020, county_target, city_target, webmaster_user, evaluator_user, admin_user):
    return make_waiting(campaign=campaign_2020, county=county_target, other=city_target, webmaster=webmaster_user,
                        evaluator=evaluator_user, admin=admin_user, registration_data=REGISTRATION_DATA,
                        pdf=PDF_BYTES)


def _count(page, key: str) -> str:
    return page.locator(f'[data-key="{key}"] .dash-count').inner_text()


def _follow(page, key: str) -> None:
    page.locator(f'[data-key="{key}"] a').click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("who", "counts", "follow", "list_path", "rows"), [
    ("admin_user", {"registrations": "1", "runs_failed": "1", "appeals": "1", "foi_overdue": "1"},
     "appeals", "/monitoring/appeals/", 'main table a[href^="/monitoring/findings/"]'),
    ("evaluator_user", {"todo": "2", "in_progress": "1", "reconcile": "1", "foi_due": "1"},
     "todo", "/collection/?status=todo", 'main a[href^="/collection/items/"]'),
    ("expert_user", {"appeals": "1", "reviews": "0"},
     "appeals", "/monitoring/appeals/", 'main table a[href^="/monitoring/findings/"]'),
    ("webmaster_user", {"to_rectify": "3", "pending": "1", "rectified": "1", "appeals_open": "1"},
     "to_rectify", "/monitoring/findings/?status=confirmed", '#findings a[href^="/monitoring/findings/"]'),
])
def test_role_dashboard(request, browser_page, live_server, waiting, who, counts, follow, list_path, rows):
    page = browser_page
    user = request.getfixturevalue(who)
    login(page, live_server, user.username, PASSWORD)
    assert page.url == f"{live_server.url}/me/"
    for key, expected in counts.items():
        assert _count(page, key) == expected, key
    _follow(page, follow)
    assert page.url == f"{live_server.url}{list_path}"
    hrefs = {page.locator(rows).nth(i).get_attribute("href") or str(i) for i in range(page.locator(rows).count())}
    assert len(hrefs) == int(counts[follow])


def test_public_dashboard_links_the_open_registration(browser_page, live_server, waiting):
    page = browser_page
    page.goto(f"{live_server.url}/me/")
    assert "区县网站参评报名进行中" in page.locator("main").inner_text()
    assert "截止 2020-10-20" in page.locator('[data-key="registration"]').inner_text()
    _follow(page, "registration")
    assert page.url == f"{live_server.url}/registration/"
