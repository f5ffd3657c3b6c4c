"""优秀创新案例 end to end in a real browser against the running platform:
nominate (a 301-character reason refused) → 初选 → assign (the conflicted expert never assigned) → blind review →
shortlist → public vote (a scripted 1,000-vote burst from another address stopped and voided, honest votes counted)
→ decision → the bonus in the target's score, linked to its case → the public gallery."""

from __future__ import annotations

import datetime as dt
import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from captcha.models import CaptchaStore
from django.core import mail

from dgeval.web.accounts.roles import Role
from dgeval.web.accounts.services import user_create
from dgeval.web.cases.experts import expert_profile_set
from dgeval.web.cases.models import Case, ReviewAssignment
from dgeval.web.voting.models import Vote, VoteRound

from tests.web.conftest import PASSWORD, PDF_BYTES
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

REASON = ("西湖区依托浙江政务服务网和“浙里办”，将企业开办涉及的营业执照、公章刻制、发票申领、社保和公积金登记整合为“一件事”，"
          "实行一表申请、一窗受理、一网通办，办理时间由 5 个工作日压缩至 0.5 个工作日。")
EXPERTS = (("expert_bj", "110000", "国家行政学院"), ("expert_gd", "440000", "中山大学"),
           ("expert_sc", "510000", "电子科技大学"), ("expert_zj", "330000", "浙江大学"))
BOT = "127.66.0.1"
#: Every request of the scripted client waits at most this long.
TIMEOUT = 10


class ScriptedClient:
    """A script voting over plain HTTP from its own loopback address, keeping cookies like a browser would."""

    def __init__(self, base_url: str, source: str, agent: str):
        parts = urlsplit(base_url)
        self.host, self.port, self.source, self.agent = "127.0.0.1", parts.port, source, agent
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT, source_address=(self.source, 0))
        headers = {"User-Agent": self.agent, "Host": f"127.0.0.1:{self.port}",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def verify(self, round_path: str, email: str) -> bool:
        """Ask for a code (solving the CAPTCHA from the server's store) and confirm it; False when refused."""
        _status, page = self.request("GET", round_path)
        key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page)
        if key is None:
            return False
        answer = CaptchaStore.objects.get(hashkey=key.group(1)).response
        status, _page = self.request("POST", f"{round_path}code/",
                                     {"identity": email, "captcha_0": key.group(1), "captcha_1": answer})
        if status != 302:
            return False
        code = re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1)
        return self.request("POST", f"{round_path}confirm/", {"code": code})[0] == 302


def _set_today(settings, day: dt.date) -> None:
    settings.DGEVAL_TODAY = day


def test_case_from_nomination_to_gallery(browser_page, live_server, settings, campaign_2020, county_target,
                                         admin_user, evaluator_user, nominator_user):
    page, base = browser_page, live_server.url
    experts = {}
    for username, province, organisation in EXPERTS:
        experts[username] = user_create(username=username, password=PASSWORD, role=Role.EXPERT,
                                        display_name=f"专家{username[-2:]}")
        expert_profile_set(expert=experts[username], actor=admin_user, province_code=province,
                           organisation=organisation)

    # 1. The nominator fills in 附件3; a 301-character reason is refused with the count, then 300 pass.
    _set_today(settings, dt.date(2020, 11, 10))
    login(page, live_server, nominator_user.username, PASSWORD)
    page.goto(f"{base}/cases/nominations/new/")
    for field, value in (("unit_name", "杭州市西湖区数据资源管理局"), ("contact_name", "王芳"),
                         ("contact_phone", "0571-87001234"), ("contact_email", "wangfang@hzxh.gov.cn"),
                         ("contact_address", "浙江省杭州市西湖区文三路 1 号")):
        page.fill(f"#id_{field}", value)
    page.select_option("#id_case1-category", "integrated_service")
    page.fill("#id_case1-name", "西湖区企业开办“一件事”集成服务")
    page.fill("#id_case1-url", "http://www.hzxh.gov.cn/qykb/")
    page.fill("#id_case1-reason", (REASON * 4)[:301])
    page.select_option("#id_case1-targets", label=county_target.name)
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    assert "推荐理由共 301 字，超过 300 字上限 1 字" in page.locator("#case-1").inner_text()
    assert not Case.objects.exists()
    page.fill("#id_case1-reason", (REASON * 4)[:300])
    page.set_input_files("#id_case1-attachments", files=[{"name": "运行报告.pdf", "mimeType": "application/pdf",
                                                          "buffer": PDF_BYTES}])
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#nomination-status").inner_text() == "已提交"
    case = Case.objects.get()

    # 2. An evaluator accepts it in 初选.
    _set_today(settings, dt.date(2020, 11, 16))
    login(page, live_server, evaluator_user.username, PASSWORD)
    page.goto(f"{base}/cases/screening/")
    page.get_by_role("link", name=case.name).click()
    page.select_option("#id_decision", "accept")
    page.locator("#screen-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "专家评议中"

    # 3. The admin assigns experts automatically; the Zhejiang expert is never one of them, nor by hand.
    login(page, live_server, admin_user.username, PASSWORD)
    page.goto(f"{base}/cases/review/results/")
    page.click("#assign-auto")
    page.wait_for_load_state()
    assigned = set(ReviewAssignment.objects.values_list("expert__username", flat=True))
    assert assigned == {"expert_bj", "expert_gd", "expert_sc"}
    page.goto(f"{base}/cases/screening/{case.pk}/")
    page.select_option("#id_expert", label=str(experts["expert_zj"]))
    page.locator("#assign-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "须回避" in page.locator("#assign-form").inner_text()
    assert "expert_zj" not in set(ReviewAssignment.objects.values_list("expert__username", flat=True))

    # 4. Each expert reviews blind: no nominating unit, contact or target on the page.
    for n, username in enumerate(sorted(assigned)):
        login(page, live_server, username, PASSWORD)
        page.goto(f"{base}/cases/expert/")
        page.get_by_role("link", name=case.name).click()
        text = page.locator("main").inner_text()
        assert "杭州市西湖区数据资源管理局" not in text and "王芳" not in text and county_target.name not in text
        for field in ("presentation", "approach", "benefit", "institution", "replicability"):
            page.fill(f"#id_{field}", str(16 + n))
        page.fill("#id_comment", "做法成熟，群众获得感强，可推广。")
        page.locator("#review-form button[type=submit]").click()
        page.wait_for_load_state()
        assert "评议已提交" in page.locator(".messages").inner_text()

    # 5. The admin shortlists it and opens a public vote with published rules.
    login(page, live_server, admin_user.username, PASSWORD)
    page.goto(f"{base}/cases/review/results/")
    page.fill("#id_reason", "专家评议一致通过")
    page.locator("#shortlist-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/vote/manage/")
    page.fill("#id_opens_on", "2020-11-17")
    page.fill("#id_closes_on", "2020-11-19")
    page.locator("#round-form input[name=cases]").first.check()
    page.locator("#round-form button[type=submit]").click()
    page.wait_for_load_state()
    page.click("#publish")
    page.wait_for_load_state()
    vote_round = VoteRound.objects.get()
    assert vote_round.published_at is not None
    round_path = f"/vote/{vote_round.pk}/"

    # 6. A citizen votes in the browser: CAPTCHA, e-mailed code, one vote.
    _set_today(settings, dt.date(2020, 11, 18))
    page.context.clear_cookies()
    page.goto(f"{base}{round_path}")
    assert "每人每天对每个案例限投 1 票" in page.locator("#rules").inner_text()
    page.fill("#id_identity", "citizen@example.com")
    key = page.locator("input[name=captcha_0]").get_attribute("value")
    page.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    page.locator("#code-form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#id_code", re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1))
    page.locator("#confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator(f".vote-card[data-case='{case.pk}'] .vote-button").click()
    page.wait_for_load_state()
    assert "已为《" in page.locator(".messages").inner_text()

    # 7. Four more honest voters, each from their own address, and a script of 1,000 votes from one address.
    for n in range(4):
        honest = ScriptedClient(base, f"127.10.{n}.1", f"Mozilla/5.0 (iPhone; CPU iPhone OS 14_{n})")
        assert honest.verify(round_path, f"honest{n}@example.com")
        assert honest.request("POST", f"{round_path}cases/{case.pk}/", {})[0] == 302
    bot = ScriptedClient(base, BOT, "python-requests/2.24.0")
    outcomes: dict[int, int] = {}
    for n in range(1000):
        if n % 25 == 0:
            bot.cookies.pop("sessionid", None)
            bot.verify(round_path, f"bot{n}@example.net")
        status = bot.request("POST", f"{round_path}cases/{case.pk}/", {})[0]
        outcomes[status] = outcomes.get(status, 0) + 1
    assert sum(outcomes.values()) == 1000 and outcomes.get(302, 0) <= 5 and outcomes.get(429, 0) >= 950

    # 8. The admin sees what got through flagged and voids it; the honest five remain.
    login(page, live_server, admin_user.username, PASSWORD)
    page.goto(f"{base}/vote/manage/{vote_round.pk}/")
    for _attempt in range(3):
        row = page.locator("#anomalies tr[data-kind=rate_limited]").first
        if not row.count():
            break
        row.locator("input[name=reason]").fill("同一地址反复超限，脚本刷票")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert not Vote.objects.filter(ip=BOT, voided_at__isnull=True).exists()
    assert page.locator(f"#totals tr[data-case='{case.pk}'] .valid").inner_text() == "5"

    # 9. After the vote the admin decides; the bonus lands in the county's score, linked to its decision.
    _set_today(settings, dt.date(2020, 11, 20))
    page.goto(f"{base}/awards/rounds/{vote_round.pk}/decide/")
    page.locator(f"#decisions tr[data-case='{case.pk}'] input[name=selected]").check()
    page.locator("#decide-form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/scores/targets/{county_target.code}/local_site/county/")
    bonus = page.locator("#leaves tr[data-code='bonus.integrated_service']")
    assert "优秀创新案例" in bonus.inner_text() and case.name in bonus.inner_text()
    bonus.get_by_role("link", name=re.compile("评选决定")).click()
    assert case.name in page.locator("h1").inner_text()

    # 10. The admin publishes the results; then the public reaches the gallery from the home page, and the national
    #     report lists the selected case.
    _set_today(settings, dt.date(2020, 12, 14))
    page.goto(f"{base}/results/2020/")
    page.get_by_role("button", name="发布并冻结结果").click()
    page.wait_for_load_state()
    assert "已发布第 1 版评估结果" in page.locator("body").inner_text()
    page.context.clear_cookies()
    page.goto(f"{base}/")
    page.get_by_role("link", name="优秀创新案例").first.click()
    assert case.name in page.locator(f".gallery li[data-case='{case.pk}']").inner_text()
    assert "浙江省" in page.locator(f".gallery li[data-case='{case.pk}']").inner_text()
    national = page.request.get(f"{base}/results/2020/national.html")
    assert national.ok and case.name in national.text()
