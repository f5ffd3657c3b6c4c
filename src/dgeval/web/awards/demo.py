"""Demo 优秀创新案例: the whole chain replayed on its 2020 dates, through the services, so every record is audited.

Nominations arrive from 10 to 15 November; 初选, expert assignment and reviews happen on the 16th; a first public
vote runs 17–19 November (with a scripted client caught and voided) and is decided on the demo's today, the 20th,
which puts bonus points into scores; a second vote is open on the 20th. The platform's clock is moved with
`override_settings(DGEVAL_TODAY=…)` for each step, as the campaign would have lived it. Case texts are plausible 2020
practices written for the demo. The step lives in `awards`, the top of the chain (cases → voting → awards), since it
drives all three.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

from dgeval.web.accounts.models import User
from dgeval.web.awards.services import cases_decide
from dgeval.web.cases.experts import expert_profile_set
from dgeval.web.cases.models import Case, CaseStatus
from dgeval.web.cases.nominations import CaseData, NominationData, nomination_save
from dgeval.web.cases.review import cases_shortlist, review_submit, reviews_assign_auto
from dgeval.web.cases.screening import case_merge, case_screen
from dgeval.web.common.demo import DemoContext
from dgeval.web.targets.models import Target
from dgeval.web.voting.selectors import round_anomalies
from dgeval.web.voting.services import (
    DEFAULT_RULES,
    code_confirm,
    code_request,
    round_create,
    round_publish,
    throttle_record,
    vote_cast,
    votes_void,
)

#: (username from the accounts step, province code, organisation), for conflicts of interest.
EXPERTS = (
    ("expert", "110000", "国家行政学院电子政务研究中心"),
    ("expert_gd", "440000", "中山大学中国公共管理研究中心"),
    ("expert_sc", "510000", "电子科技大学公共管理学院"),
    ("expert_hb", "420000", "武汉大学信息管理学院"),
)
REVIEW_DAY = dt.date(2020, 11, 16)
FIRST_ROUND = (dt.date(2020, 11, 17), dt.date(2020, 11, 19))
SECOND_ROUND = (dt.date(2020, 11, 20), dt.date(2020, 11, 27))

#: (key, target code or "county", category, name, url, reason)
CASES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("zj", "330000", "integrated_service", "浙江“浙里办”掌上办事“一件事”集成改革", "https://www.zjzwfw.gov.cn/",
     "以“浙里办”App和浙江政务服务网为统一入口，将出生、入学、开办企业、不动产登记等 60 余项高频“一件事”进行流程再造，"
     "实现一次告知、一表申请、一套材料、一窗受理。全省依申请政务服务事项“掌上可办”比例超过 80%，平均办理时间压缩一半以上。"
     "配套出台数据共享责任清单和电子证照互认规则，形成“事项标准化、流程集成化、数据共享化”的制度机制，可供各地复制推广。"),
    ("hz", "330100", "new_technology", "杭州城市大脑“先离场后付费”便捷泊车", "https://www.hangzhou.gov.cn/",
     "依托城市大脑中枢汇聚全市 1300 余个停车场的实时泊位数据，市民绑定车牌后即可“先离场、后付费”，离场时间由平均 30 秒"
     "缩短至 2 秒以内。通过“数字驾驶舱”实时调度公共停车资源，配套制定停车数据接入和信用付费管理办法。"
     "该模式以数据驱动治理、以信用简化流程，已在多个区县推广。"),
    ("sh", "310000", "integrated_service", "上海“一网通办”企业开办全程网上办", "https://zwdt.sh.gov.cn/",
     "企业开办涉及的营业执照、公章刻制、发票申领、社保和公积金登记整合为一个环节，申请人在线填报一次信息即可全部办结，"
     "最快 1 天领取营业执照和全套印章。推行电子营业执照和电子印章同步发放，建立“好差评”评价和问题整改闭环机制。"),
    ("gd", "440000", "mobile_service", "“粤省事”移动政务服务平台", "https://www.gdzwfw.gov.cn/",
     "“粤省事”小程序集成社保、公积金、出入境、交通违法处理等 1000 余项服务，实名注册用户超过 9000 万。"
     "以“指尖办”代替“窗口跑”，疫情期间上线健康防疫核验、复工复产申报等专题服务，支撑了精准防控。平台采用统一身份认证和"
     "电子证照，建立“厅局联动、统一运营”的机制，已成为全国移动政务服务的代表性案例。"),
    ("gz", "520000", "data_sharing_opening", "贵州省政府数据开放平台与“云上贵州”数据共享", "http://data.guizhou.gov.cn/",
     "依托“云上贵州”系统平台，全省省级部门政务信息系统全部迁云，建成数据共享交换体系，累计开放数据集 1.7 万余个，"
     "涵盖交通、气象、医疗等 20 个领域，提供接口调用与批量下载。出台政府数据共享开放条例，明确开放清单、责任和安全要求。"),
    ("bj", "110000", "data_use", "北京市金融公共数据专区", "https://data.beijing.gov.cn/",
     "在保障安全的前提下，将市场监管、税务、社保、公积金等公共数据汇入金融公共数据专区，以授权运营方式为银行提供企业"
     "画像和信用评估服务，支持普惠金融审批时间缩短 70%。建立数据授权、分级分类和审计追溯制度，探索公共数据开发利用新模式。"),
    ("fj", "350000", "new_infrastructure", "数字福建政务云与 5G 政务外网融合建设", "https://www.fujian.gov.cn/",
     "建设省市两级统一政务云平台和覆盖全省的电子政务外网，推进 5G、物联网在应急、水利、交通等领域的政务应用，"
     "政务系统上云率超过 95%，为“闽政通”等平台提供弹性算力。制定政务云服务目录和计量计费办法，实现集约共享。"),
    ("sz", "440300", "intensive_construction", "深圳市政府网站集约化平台", "http://www.sz.gov.cn/",
     "将全市 40 余个部门和各区政府网站整合到统一的集约化平台，统一信息资源库、统一用户管理、统一智能搜索和统一安全防护，"
     "网站运维成本下降约 40%，内容发布“一次采编、多渠道发布”。同步建成政务新媒体矩阵管理机制。"),
    ("cd", "510100", "data_sharing_opening", "成都市公共数据运营服务平台", "https://www.cddata.gov.cn/",
     "搭建公共数据运营服务平台，汇聚 50 余个部门的政务数据，以“数据可用不可见”的方式向社会提供数据产品服务，"
     "在企业征信、交通出行等场景形成应用，建立公共数据运营管理办法和收益分配机制。"),
    ("tax", "chinatax", "mobile_service", "个人所得税 App 年度汇算“掌上办”", "https://etax.chinatax.gov.cn/",
     "2020 年首次开展个人所得税综合所得年度汇算，通过个人所得税 App 预填申报数据，纳税人最快几分钟即可完成申报和退税，"
     "全国超过 9000 万人次通过手机办理。建立预约办理、分时分批机制，平稳应对申报高峰。"),
    ("county", "county", "integrated_service", "“一窗通办”智能导办系统", "",
     "在县行政服务中心推行无差别“一窗受理”，智能导办系统根据群众回答的几个问题自动生成材料清单和办事指南，"
     "窗口由 36 个减少到 12 个，群众平均等候时间从 25 分钟降至 8 分钟。该系统无互联网入口，附件提供系统截图和运行报告。"),
)


def _pdf(text: str) -> SimpleUploadedFile:
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% "
            + text.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return SimpleUploadedFile("运行报告.pdf", body, content_type="application/pdf")


def _header(unit: str, day: dt.date, n: int) -> NominationData:
    return NominationData(unit_name=unit, unit_url="", contact_name=f"联系人{n}", contact_phone=f"010-6650{n:04d}",
                          contact_email=f"anli{n}@example.gov.cn", contact_address=f"{unit}办公室", nominated_on=day)


def _profiles(ctx: DemoContext) -> None:
    """The demo experts (from the accounts step) get their province and organisation."""
    for username, province, organisation in EXPERTS:
        expert_profile_set(expert=ctx.user(username), actor=ctx.user("admin"), province_code=province,
                           organisation=organisation)


def _nominate(ctx: DemoContext) -> dict[str, Any]:
    """One nomination per case (by the nominator, or the county's webmaster), plus a draft, a reject and a duplicate."""
    nominator = ctx.user("nominator")
    county = ctx.counties[0]
    webmaster = User.objects.get(role="webmaster", target=county)
    cases: dict[str, Any] = {}
    for n, (key, code, category, name, url, reason) in enumerate(CASES, start=1):
        target = county if code == "county" else Target.objects.get(code=code)
        day = dt.date(2020, 11, 10 + n % 6)
        actor = webmaster if code == "county" else nominator
        files = [_pdf(name)] if not url else []
        saved = nomination_save(campaign=ctx.campaign, actor=actor, data=_header(f"{target.name}", day, n), on=day,
                                submit=True, cases=[CaseData(category, name, url, reason, [target], files)])
        cases[key] = saved.cases.get()
    day = dt.date(2020, 11, 14)
    other = ctx.counties[1] if len(ctx.counties) > 1 else county
    cases["duplicate"] = nomination_save(
        campaign=ctx.campaign, actor=nominator, data=_header("杭州市数据资源管理局", day, 20), on=day, submit=True,
        cases=[CaseData("new_technology", "城市大脑便捷泊车（杭州）", "https://www.hangzhou.gov.cn/",
                        "杭州城市大脑停车场景，市民先离场后付费。", [Target.objects.get(code="330100")])]).cases.get()
    cases["rejected"] = nomination_save(
        campaign=ctx.campaign, actor=nominator, data=_header(other.name, day, 21), on=day, submit=True,
        cases=[CaseData("intensive_construction", "机关内部 OA 办公系统升级", "", "完成机关内部办公系统升级改造，公文流转更快捷。",
                        [other], [_pdf("OA")])]).cases.get()
    nomination_save(campaign=ctx.campaign, actor=webmaster, data=_header(county.name, day, 22), on=day, submit=False,
                    cases=[CaseData("data_use", "县域公共数据“慧用”试点（草稿）", "", "正在整理材料。", [county])])
    return cases


def _review(ctx: DemoContext, cases: dict[str, Any]) -> None:
    evaluator, admin = ctx.user("evaluator"), ctx.user("admin")
    case_merge(duplicate=cases["duplicate"], into=cases["hz"], actor=evaluator, reason="与杭州市推荐的城市大脑停车案例为同一项目")
    case_screen(case=cases["rejected"], actor=evaluator, accept=False,
                reason="案例为机关内部办公系统，不直接面向企业和群众提供服务，不符合优秀创新案例申报范围")
    for key, *_rest in CASES:
        if key != "county":  # left waiting for 初选
            case_screen(case=cases[key], actor=evaluator, accept=True, reason="材料齐全，进入专家评议")
    reviews_assign_auto(campaign=ctx.campaign, actor=admin)
    comments = ("做法成熟，数据翔实，具备推广价值。", "创新点突出，建议补充制度文件。", "效果明显，但可推广性需进一步论证。")
    strength = {"zj": 18, "hz": 17, "sh": 17, "gd": 16, "gz": 13, "bj": 16, "fj": 15, "sz": 14, "cd": 15, "tax": 17}
    for key, base in strength.items():
        assignments = list(cases[key].assignments.order_by("pk"))
        if key in ("cd", "tax"):  # still under review: one expert has not scored yet
            assignments = assignments[:2]
        for n, assignment in enumerate(assignments):
            score = max(0, min(20, base + (n % 3) - 1))
            review_submit(assignment=assignment, actor=assignment.expert, comment=comments[n % 3],
                          scores={"presentation": score, "approach": score, "benefit": min(20, score + 1),
                                  "institution": max(0, score - 2), "replicability": score})


def _verified(vote_round: Any, identity: str) -> Any:
    """A Voter for IDENTITY, verified through the vote services; the code mail is kept in memory, not printed."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        normal = code_request(vote_round=vote_round, identity=identity)
        match = re.search(r"验证码是 (\d{6})", mail.outbox.pop().body)
    if match is None:
        raise RuntimeError("the verification mail holds no code")
    return code_confirm(identity=normal, code=match.group(1))


def _vote(ctx: DemoContext, vote_round: Any, choices: list[Any], voters: int, day: dt.date, first: int = 0) -> int:
    """VOTERS verified people vote through the vote services: all for the first of CHOICES, every second for the
    next, every third for the one after…"""
    cast = 0
    with override_settings(DGEVAL_TODAY=day):
        for n in range(first, first + voters):
            voter = _verified(vote_round, f"citizen{n}@example.com")
            for k, case in enumerate(choices):
                if n % (k + 1) == 0:
                    vote_cast(vote_round=vote_round, case=case, voter=voter, ip=f"36.{n % 200}.{k}.8",
                              user_agent=f"Mozilla/5.0 (iPhone; CPU iPhone OS 14_{n % 5})", device=f"demo-{n:04d}")
                    cast += 1
    return cast


def _scripted_client(ctx: DemoContext, vote_round: Any, case: Any) -> int:
    """A script on one device with several mailboxes, which kept hitting the rate limit; the admin voids its votes."""
    with override_settings(DGEVAL_TODAY=FIRST_ROUND[0] + dt.timedelta(days=1)):
        for n in range(5):
            voter = _verified(vote_round, f"shuapiao{n}@example.net")
            vote_cast(vote_round=vote_round, case=case, voter=voter, ip="203.0.113.66", user_agent="python-requests/2.24",
                      device="bot-device")
        throttle_record(vote_round=vote_round, step="cast", ip="203.0.113.66", device="bot-device")
    flagged = sorted({i for a in round_anomalies(vote_round=vote_round) if a.kind == "rate_limited" for i in a.vote_ids})
    return votes_void(vote_round=vote_round, vote_ids=flagged, actor=ctx.user("admin"),
                      reason="同一设备以多个邮箱集中投票并反复触发频率限制，核实为脚本刷票")


def seed(ctx: DemoContext) -> str:

    admin = ctx.user("admin")
    _profiles(ctx)
    cases = _nominate(ctx)
    with override_settings(DGEVAL_TODAY=REVIEW_DAY):
        _review(ctx, cases)
        first = [cases[k] for k in ("zj", "hz", "sh", "gd", "gz")]
        cases_shortlist(campaign=ctx.campaign, shortlisted=first, not_shortlisted=[], actor=admin,
                        reason="专家评议会商通过")
        round_a = round_create(campaign=ctx.campaign, title="2020年优秀创新案例网民评选（第一批）", rules=str(DEFAULT_RULES),
                               opens_on=FIRST_ROUND[0], closes_on=FIRST_ROUND[1], cases=first, actor=admin)
        round_a = round_publish(vote_round=round_a, actor=admin)
    votes = _vote(ctx, round_a, first, 30, FIRST_ROUND[0])
    voided = _scripted_client(ctx, round_a, cases["gz"])
    with override_settings(DGEVAL_TODAY=FIRST_ROUND[1]):
        second = [cases[k] for k in ("bj", "fj", "sz")]
        cases_shortlist(campaign=ctx.campaign, shortlisted=second, not_shortlisted=[], actor=admin,
                        reason="专家评议会商通过")
        round_b = round_create(campaign=ctx.campaign, title="2020年优秀创新案例网民评选（第二批）", rules=str(DEFAULT_RULES),
                               opens_on=SECOND_ROUND[0], closes_on=SECOND_ROUND[1], cases=second, actor=admin)
        round_b = round_publish(vote_round=round_b, actor=admin)
    with override_settings(DGEVAL_TODAY=ctx.today):
        decisions = cases_decide(campaign=ctx.campaign, vote_round=round_a, actor=admin, reason="评选领导小组审定",
                                 selected=[cases[k].pk for k in ("zj", "hz", "sh", "gz")])
    votes += _vote(ctx, round_b, second, 10, ctx.today, first=100)
    states = Counter(Case.objects.filter(nomination__campaign=ctx.campaign).values_list("status", flat=True))
    return (f"{sum(states.values())} 个案例（入选 {states[CaseStatus.SELECTED]}、入围 {states[CaseStatus.SHORTLISTED]}、"
            f"评议中 {states[CaseStatus.UNDER_REVIEW]}、待初选 {states[CaseStatus.SUBMITTED]}、退回 {states[CaseStatus.REJECTED]}），"
            f"网民投票 {votes} 张（作废刷票 {voided} 张），评选决定 {len(decisions)} 项")
