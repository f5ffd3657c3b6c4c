"""Every cases URL × every role (the shared matrix, tests/web/permissions.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dgeval.web.cases.experts import expert_profile_set
from dgeval.web.cases.review import review_assign

from tests.web.conftest import PDF_BYTES
from tests.web.permissions import EVERYONE, Action, check_action, matrix

from .conftest import REVIEW_DAY

SCREENERS = {"admin", "evaluator"}
NOMINATORS = {"nominator", "webmaster"}


def _case(r):
    return r.getfixturevalue("submitted_case")


def _review_day(r) -> None:
    r.getfixturevalue("submitted_case")
    r.getfixturevalue("today_is")(REVIEW_DAY)


def _assignment(r):
    """expert_user (from Beijing) assigned to the case under review."""
    case = r.getfixturevalue("case_under_review")
    admin = r.getfixturevalue("admin_user")
    expert = r.getfixturevalue("expert_user")
    expert_profile_set(expert=expert, actor=admin, province_code="110000", organisation="中国社会科学院")
    return review_assign(case=case, expert=expert, actor=admin)


def _attachment(r):
    from dgeval.web.cases.screening import case_attach

    case = _case(r)
    return case_attach(case=case, actor=r.getfixturevalue("evaluator_user"),
                       files=[SimpleUploadedFile("证明.pdf", PDF_BYTES)])[0]


ACTIONS = [
    Action("cases.blank_xlsx", "get", lambda r: reverse("cases:blank_form", args=["xlsx"]), EVERYONE),
    Action("cases.blank_docx", "get", lambda r: reverse("cases:blank_form", args=["docx"]), EVERYONE),
    Action("cases.signup", "get", lambda r: reverse("cases:signup"), EVERYONE),
    Action("cases.nominations", "get", lambda r: reverse("cases:nominations"), NOMINATORS,
           setup=lambda r: r.getfixturevalue("on_nomination_day")),
    Action("cases.nomination_create", "get", lambda r: reverse("cases:nomination_create"), NOMINATORS,
           setup=lambda r: r.getfixturevalue("on_nomination_day")),
    Action("cases.nomination", "get", lambda r: reverse("cases:nomination", args=[_case(r).nomination_id]),
           SCREENERS | {"nominator"}),
    Action("cases.nomination_edit", "get", lambda r: reverse("cases:nomination_edit", args=[_case(r).nomination_id]),
           {"nominator"}),
    Action("cases.attachment", "get", lambda r: reverse("cases:attachment", args=[_attachment(r).pk]),
           SCREENERS | {"nominator"}),
    Action("cases.list", "get", lambda r: reverse("cases:list"), SCREENERS, setup=_review_day),
    Action("cases.import", "get", lambda r: reverse("cases:import"), SCREENERS, setup=_review_day),
    Action("cases.case", "get", lambda r: reverse("cases:case", args=[_case(r).pk]), SCREENERS),
    Action("cases.screen", "post", lambda r: reverse("cases:screen", args=[_case(r).pk]), SCREENERS,
           data=lambda r: {"decision": "reject", "reason": "不属于创新案例"}),
    Action("cases.merge", "post", lambda r: reverse("cases:merge", args=[_case(r).pk]), SCREENERS,
           data=lambda r: {"into": _case(r).pk, "reason": "重复"}),
    Action("cases.targets", "post", lambda r: reverse("cases:targets", args=[_case(r).pk]), SCREENERS,
           data=lambda r: {"targets": [r.getfixturevalue("city_target").pk], "reason": "更正"}),
    Action("cases.attach", "post", lambda r: reverse("cases:attach", args=[_case(r).pk]), SCREENERS,
           data=lambda r: {"files": [SimpleUploadedFile("补充.pdf", PDF_BYTES)]}),
    Action("cases.assign", "post", lambda r: reverse("cases:assign", args=[r.getfixturevalue("case_under_review").pk]),
           {"admin"}, data=lambda r: {"expert": r.getfixturevalue("experts")[0].pk, "reason": ""}),
    Action("cases.withdraw", "post", lambda r: reverse("cases:withdraw", args=[_assignment(r).pk]), {"admin"},
           data=lambda r: {"reason": "专家出差"}),
    Action("cases.assign_auto", "post", lambda r: reverse("cases:assign_auto"), {"admin"},
           setup=lambda r: r.getfixturevalue("case_under_review")),
    Action("cases.results", "get", lambda r: reverse("cases:results"), SCREENERS, setup=_review_day),
    Action("cases.shortlist", "post", lambda r: reverse("cases:results"), {"admin"}, setup=_review_day,
           data=lambda r: {"reason": ""}),
    Action("cases.policy", "get", lambda r: reverse("cases:policy"), {"admin"}, setup=_review_day),
    Action("cases.policy_set", "post", lambda r: reverse("cases:policy"), {"admin"}, setup=_review_day,
           data=lambda r: {"experts_per_case": 3, "disagreement_margin": 20, "expert_weight": 0.6,
                           "public_weight": 0.4, "case_points_max": 4, "category_cap": 5, "reason": "会议决定"}),
    Action("cases.experts", "get", lambda r: reverse("cases:experts"), {"admin"}),
    Action("cases.expert_profile_of", "get",
           lambda r: reverse("cases:expert_profile_of", args=[r.getfixturevalue("expert_user").pk]), {"admin"}),
    Action("cases.expert_home", "get", lambda r: reverse("cases:expert_home"), {"expert"}, setup=_review_day),
    Action("cases.expert_profile", "get", lambda r: reverse("cases:expert_profile"), {"expert"}),
    Action("cases.review", "get", lambda r: reverse("cases:review", args=[_assignment(r).pk]), {"expert"}),
    Action("cases.review_submit", "post", lambda r: reverse("cases:review", args=[_assignment(r).pk]), {"expert"},
           data=lambda r: {"action": "review", "presentation": 15, "approach": 15, "benefit": 15, "institution": 15,
                           "replicability": 15, "comment": "可推广"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role"), matrix(ACTIONS))
def test_permission(request, action, role):
    check_action(request, action, role)


@pytest.mark.django_db
def test_signup_is_guarded_and_activation_links_work(client):
    import re

    from captcha.models import CaptchaStore
    from django.core import mail

    from dgeval.web.accounts.models import User

    def signup(n: int):
        key = CaptchaStore.generate_key()
        return client.post(reverse("cases:signup"), {
            "username": f"tuijian{n}", "display_name": "宁波市海曙区大数据局", "email": f"t{n}@nbhs.gov.cn",
            "password1": "Zhejiang-2020-cases", "password2": "Zhejiang-2020-cases",
            "captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response})

    response = signup(1)
    assert "请查收激活邮件" in response.text
    user = User.objects.get(username="tuijian1")
    assert not user.is_active and user.role == "nominator"
    link = re.search(r"https?://\S+/cases/activate/\S+/", mail.outbox[-1].body).group(0)
    assert client.get(link.split("testserver", 1)[1]).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("cases:activate", args=["OTk5", "bad-token"])).status_code == 400
    statuses = [signup(n).status_code for n in range(2, 12)]
    assert statuses.count(429) == 1  # ten sign-up attempts an hour from one address at most
