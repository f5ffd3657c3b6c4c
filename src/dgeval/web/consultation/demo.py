"""Demo 意见征集: comments posted while the draft was open for comment, most of them answered by the team."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dgeval.framework import load_framework
from dgeval.web.common.demo import DemoContext
from dgeval.web.consultation.models import Comment
from dgeval.web.consultation.services import comment_answer, comment_post

#: (framework, leaf, author, comment, the team's answer or "")
COMMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("local_site", "info.statutory_disclosure", "某区政务公开办",
     "建议明确“重大建设项目批准和实施”信息在区县网站上的最低公开栏目要求，便于对照整改。",
     "感谢意见。评估将按《政府信息公开条例》及相关领域标准目录判断，具体要求已在评估要点中列明。"),
    ("local_site", "info.statutory_disclosure", "市民",
     "希望财政信息能按年度归集，方便查找。", ""),
    ("local_site", "info.on_request_disclosure", "某县网站管理员",
     "依申请公开的答复期限是否按工作日计算？节假日调休如何处理？",
     "按工作日计算，以国务院办公厅公布的节假日安排为准，调休上班日计入工作日。"),
    ("local_site", "response.interpretation", "高校研究人员",
     "建议将图解、视频等多种解读形式的比例纳入评估。",
     "已记录，将在评估要点“解读形式多样”中予以考虑。"),
    ("digital_gov", "", "企业用户",
     "建议增加对“一网通办”移动端办事体验的评估。", ""),
)


def seed(ctx: DemoContext) -> str:
    evaluator = ctx.user("evaluator")
    posted = answered = 0
    for n, (framework, code, author, body, answer) in enumerate(COMMENTS):
        code = code or load_framework(framework, ctx.campaign.framework_year).indicators[0].code
        day = dt.date(2020, 9, 20 + n)
        comment = comment_post(campaign=ctx.campaign, framework=framework, indicator_code=code, body=body,
                               author_name=author, client_key=f"demo-{n}", on=day)
        # Stamped on the day it stands for, as a comment really posted in the phase would be.
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30))))
        posted += 1
        if answer:
            comment_answer(comment=comment, actor=evaluator, answer=answer)
            answered += 1
    return f"{posted} 条意见，已回复 {answered} 条"
