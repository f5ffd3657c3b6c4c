"""Permission matrix for the actions of accounts, audit, campaigns, targets, registration and consultation.

The other apps test theirs in tests/web/<app>/test_permissions.py with the same matrix (tests/web/permissions.py).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.web.permissions import EVERYONE, TEAM, Action, check_action, matrix


def _in_2020(day: date):
    def setup(request) -> None:
        request.getfixturevalue("today_is")(day)
        request.getfixturevalue("campaign_2020")

    return setup


ACTIONS = [
    Action("home.view", "get", lambda r: reverse("home"), EVERYONE),
    Action("campaign.view", "get", lambda r: reverse("campaigns:detail", args=[r.getfixturevalue("campaign_2020").year]), EVERYONE),
    Action(
        "phase.edit_form",
        "get",
        lambda r: reverse("campaigns:phase_edit", args=[r.getfixturevalue("campaign_2020").phases.first().pk]),
        {"admin"},
    ),
    Action(
        "phase.dates_set",
        "post",
        lambda r: reverse("campaigns:phase_edit", args=[r.getfixturevalue("campaign_2020").phases.get(kind="registration").pk]),
        {"admin"},
        data=lambda r: {"starts_on": "2020-09-15", "ends_on": "2020-10-31", "reason": "延长报名"},
    ),
    Action("audit.list", "get", lambda r: reverse("audit:list"), TEAM),
    Action("targets.list", "get", lambda r: reverse("targets:list"), TEAM),
    Action("targets.export", "get", lambda r: reverse("targets:export"), TEAM),
    Action(
        "target.detail.own",
        "get",
        lambda r: reverse("targets:detail", args=[r.getfixturevalue("county_target").code]),
        TEAM | {"webmaster"},
    ),
    Action(
        "target.detail.other",
        "get",
        lambda r: reverse("targets:detail", args=[r.getfixturevalue("province_target").code]),
        TEAM,
    ),
    Action("targets.import_registry", "post", lambda r: reverse("targets:import_registry"), {"admin"}),
    Action(
        "targets.import_xlsx",
        "post",
        lambda r: reverse("targets:import"),
        {"admin", "evaluator"},
        data=lambda r: {"file": _xlsx_upload()},
    ),
    Action("registration.form", "get", lambda r: reverse("registration:create"), EVERYONE, setup=_in_2020(date(2020, 10, 1))),
    Action("registration.list", "get", lambda r: reverse("registration:list"), TEAM),
    Action("registration.status", "get", lambda r: reverse("registration:status"), EVERYONE),
    Action("registration.blank_xlsx", "get", lambda r: reverse("registration:blank_xlsx"), EVERYONE),
    Action("registration.blank_docx", "get", lambda r: reverse("registration:blank_docx"), EVERYONE),
    Action("dashboards.me", "get", lambda r: reverse("dashboards:me"), EVERYONE, setup=_in_2020(date(2020, 10, 1))),
    Action(
        "registration.detail",
        "get",
        lambda r: reverse("registration:detail", args=[r.getfixturevalue("registration_pending").pk]),
        TEAM,
    ),
    Action(
        "registration.file",
        "get",
        lambda r: reverse("registration:file", args=[r.getfixturevalue("registration_pending").pk]),
        TEAM,
    ),
    Action(
        "registration.approve",
        "post",
        lambda r: reverse("registration:detail", args=[r.getfixturevalue("registration_pending").pk]),
        {"admin"},
        data=lambda r: {"decision": "approve", "reason": "", "code": ""},
    ),
    Action(
        "registration.reject",
        "post",
        lambda r: reverse("registration:detail", args=[r.getfixturevalue("registration_pending").pk]),
        {"admin"},
        data=lambda r: {"decision": "reject", "reason": "报名表未盖章", "code": ""},
    ),
    Action("consultation.index", "get", lambda r: reverse("consultation:index"), EVERYONE, setup=_in_2020(date(2020, 9, 20))),
    Action(
        "consultation.framework",
        "get",
        lambda r: reverse("consultation:framework", args=["local_site"]),
        EVERYONE,
        setup=_in_2020(date(2020, 9, 20)),
    ),
    Action(
        "consultation.comment",
        "post",
        lambda r: reverse("consultation:indicator", args=["local_site", "info.statutory_disclosure"]),
        EVERYONE,
        data=lambda r: {"author_name": "", "body": "建议增加移动端适配要求。"},
        setup=_in_2020(date(2020, 9, 20)),
    ),
    Action(
        "consultation.answer",
        "post",
        lambda r: reverse("consultation:answer", args=[r.getfixturevalue("comment").pk]),
        {"admin", "evaluator"},
        data=lambda r: {"answer": "感谢建议，已采纳。"},
    ),
    Action(
        "consultation.hide",
        "post",
        lambda r: reverse("consultation:hide", args=[r.getfixturevalue("comment").pk]),
        {"admin", "evaluator"},
        data=lambda r: {"hidden": "on", "reason": "广告"},
    ),
    Action("consultation.export", "get", lambda r: reverse("consultation:export"), TEAM, setup=_in_2020(date(2020, 9, 20))),
    Action("admin.index", "get", lambda r: reverse("admin:index"), {"admin"}),
]


def _xlsx_upload():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    from dgeval.web.targets.xlsx import targets_export_xlsx

    buf = BytesIO()
    targets_export_xlsx(buf, [])
    return SimpleUploadedFile("targets.xlsx", buf.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)
