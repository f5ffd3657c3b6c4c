"""Permission matrix of 政务新媒体: the team reads and reviews, admins and evaluators import and edit, admins set the
window; webmasters and the public see nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.web.newmedia.models import AccountFinding
from tests.web.permissions import TEAM, Action, check_action, matrix

from .conftest import POSTS_CSV

WORKERS = {"admin", "evaluator"}


def _pk(name: str):
    return lambda r: r.getfixturevalue(name).pk


def _as_of(request) -> None:
    request.getfixturevalue("as_of")
    request.getfixturevalue("campaign_2020")


def _platform(request) -> str:
    request.getfixturevalue("account_with_posts")
    return reverse("newmedia:platform", args=["330100", "wechat"])


def _finding(request) -> int:
    request.getfixturevalue("account_with_posts")
    return AccountFinding.objects.get(check_name="update_gap").pk


def _account_fields(request) -> dict:
    return {"owner": request.getfixturevalue("city_target").pk, "kind": "weibo", "name": "杭州发布",
            "platform_id": "5000000003", "verification": "verified", "verified_subject": "杭州市人民政府新闻办公室",
            "status": "active", "registered": "on"}


def _accounts_file(request) -> SimpleUploadedFile:
    request.getfixturevalue("city_target")
    return SimpleUploadedFile("a.csv", "主办单位,账号类型,账号名称,账号ID\n330100,微博,杭州发布,1\n".encode())


ACTIONS = [
    Action("newmedia.index", "get", lambda r: reverse("newmedia:index"), TEAM, setup=_as_of),
    Action("newmedia.accounts_import_form", "get", lambda r: reverse("newmedia:accounts_import"), WORKERS,
           setup=_as_of),
    Action("newmedia.accounts_import", "post", lambda r: reverse("newmedia:accounts_import"), WORKERS, setup=_as_of,
           data=lambda r: {"file": _accounts_file(r)}),
    Action("newmedia.account_create_form", "get", lambda r: reverse("newmedia:account_create"), WORKERS,
           setup=_as_of),
    Action("newmedia.account_create", "post", lambda r: reverse("newmedia:account_create"), WORKERS, setup=_as_of,
           data=_account_fields),
    Action("newmedia.account", "get", lambda r: reverse("newmedia:account", args=[_pk("account")(r)]), TEAM),
    Action("newmedia.account_edit_form", "get", lambda r: reverse("newmedia:account_edit", args=[_pk("account")(r)]),
           WORKERS),
    Action("newmedia.account_edit", "post", lambda r: reverse("newmedia:account_edit", args=[_pk("account")(r)]),
           WORKERS, data=lambda r: {**_account_fields(r), "kind": "wechat_subscription", "platform_id": "gh_hz_demo"}),
    Action("newmedia.posts_import", "post",
           lambda r: reverse("newmedia:data_import", args=[_pk("account")(r), "posts"]), WORKERS,
           data=lambda r: {"file": SimpleUploadedFile("posts.csv", POSTS_CSV)}),
    Action("newmedia.platform", "get", _platform, TEAM),
    Action("newmedia.confirm", "post", lambda r: reverse("newmedia:confirm", args=["330100", "wechat"]), TEAM,
           setup=lambda r: r.getfixturevalue("account_with_posts")),
    Action("newmedia.review", "post", lambda r: reverse("newmedia:review", args=[_finding(r)]), TEAM,
           data=lambda r: {"status": "confirmed"}),
    Action("newmedia.run", "post", lambda r: reverse("newmedia:run"), TEAM,
           setup=lambda r: r.getfixturevalue("account")),
    Action("newmedia.rankings", "get", lambda r: reverse("newmedia:rankings"), TEAM,
           setup=lambda r: r.getfixturevalue("account_with_posts")),
    Action("newmedia.policy_form", "get", lambda r: reverse("newmedia:policy"), {"admin"}, setup=_as_of),
    Action("newmedia.policy", "post", lambda r: reverse("newmedia:policy"), {"admin"}, setup=_as_of,
           data=lambda r: {"window_start": "2020-09-01", "window_end": "2020-11-30", "reply_limit_workdays": "5",
                           "dormant_days": "90", "reason": "核定评估期"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)

