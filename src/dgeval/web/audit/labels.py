"""Chinese names of audit actions and audited object types, for the pages that list audit entries.

Entries store stable English codes ("score.set", "monitoring.findingrecord") so filters and exports do not depend on
wording; the pages show these names, never the codes (an action missing here is "其他操作").
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str] = {
    "account.create": _("开通网站主管单位账户"),
    "account.invite": _("重新发送设置密码链接"),
    "account.link": _("关联已有网站主管单位账户"),
    "admin.action": _("管理后台批量操作"),
    "admin.add": _("管理后台新增"),
    "admin.change": _("管理后台修改"),
    "admin.delete": _("管理后台删除"),
    "admin.password_set": _("管理后台设置密码"),
    "appeal.create": _("提交申诉"),
    "appeal.decide": _("裁决申诉"),
    "appeal.reopen": _("撤回申诉裁决"),
    "award.decide": _("案例评选决定"),
    "case.assign": _("手动指定评议专家"),
    "case.assign_auto": _("自动分配评议专家"),
    "case.attach": _("补充案例佐证材料"),
    "case.conflict_declare": _("专家声明回避"),
    "case.expert_profile_set": _("修改专家信息"),
    "case.merge": _("合并重复案例"),
    "case.merge_into": _("并入重复案例"),
    "case.nomination_import": _("导入案例推荐表"),
    "case.nomination_save": _("保存案例推荐表草稿"),
    "case.nomination_submit": _("提交案例推荐表"),
    "case.nominator_activate": _("激活推荐账户"),
    "case.nominator_signup": _("注册推荐账户"),
    "case.policy_set": _("修改案例评选规则"),
    "case.review_submit": _("提交专家评议"),
    "case.screen": _("案例初选"),
    "case.select": _("确定案例评选结果"),
    "case.shortlist": _("确定专家评议结果"),
    "case.targets_set": _("修改案例所属评估对象"),
    "case.unassign": _("撤回评议专家"),
    "collection.assign": _("分配采集任务"),
    "collection.generate": _("生成采集任务"),
    "collection.policy_set": _("设置双人评分规则"),
    "collection.reconcile": _("复核裁定评分"),
    "collection.reconciler_assign": _("指定复核人"),
    "collection.score_draft": _("保存人工评分草稿"),
    "collection.score_submit": _("提交人工评分"),
    "collection.status": _("采集任务状态变更"),
    "comment.answer": _("回复意见"),
    "comment.hide": _("隐藏/恢复意见"),
    "finding.appeal_upheld": _("申诉成立，改为误报"),
    "finding.close": _("复查通过，关闭问题"),
    "finding.recheck_request": _("申请复查"),
    "finding.rectify": _("标记已整改"),
    "finding.reopen": _("复查未通过，重新打开"),
    "finding.review": _("审核监测问题"),
    "foi.acknowledge": _("登记收到日期"),
    "foi.answer": _("登记答复"),
    "foi.close": _("依申请公开结案"),
    "foi.score": _("依申请公开评分"),
    "foi.send": _("登记依申请公开"),
    "newmedia.account_save": _("登记/修改政务新媒体账号"),
    "newmedia.accounts_import": _("导入政务新媒体账号名录"),
    "newmedia.finding_gone": _("新媒体问题已消除"),
    "newmedia.finding_reopen": _("新媒体问题再次出现"),
    "newmedia.finding_review": _("审核新媒体问题"),
    "newmedia.messages_import": _("导入留言数据"),
    "newmedia.policy_set": _("修改政务新媒体评估设置"),
    "newmedia.posts_import": _("导入发布数据"),
    "phase.dates_set": _("修改阶段日期"),
    "phase.override": _("阶段外操作（管理员）"),
    "monitor_schedule.update": _("修改监测计划"),
    "registration.approve": _("报名审核通过"),
    "registration.reject": _("报名审核退回"),
    "registration.submit": _("提交报名"),
    "results.publish": _("发布评估结果"),
    "results.republish": _("重新发布评估结果"),
    "scan_run.cancel": _("取消监测任务"),
    "scan_run.create": _("发起监测任务"),
    "score.override": _("覆盖整项得分"),
    "score.set": _("设置指标得分"),
    "scores.import": _("导入打分表"),
    "target.allow_private": _("设置是否允许内网地址"),
    "target.create": _("创建评估对象"),
    "target.import": _("导入评估对象"),
    "targets.import_local_scope": _("导入地方政府网站评估范围"),
    "targets.import_registry": _("从内置名录导入评估对象"),
    "vote.cast": _("网民投票"),
    "vote.round_create": _("创建网民评选"),
    "vote.round_publish": _("公布投票规则"),
    "vote.void": _("作废投票"),
    "vote.voter_verify": _("网民身份验证"),
}


def action_label(action: str) -> str:
    """The Chinese name of an audit action code; "其他操作" when it has none (readers never see codes)."""
    return str(ACTION_LABELS.get(action, _("其他操作")))


def object_type_label(object_type: str) -> str:
    """The model's verbose name for "app_label.model"; "其他对象" for anything else (readers never see codes)."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return str(_("其他对象")) if object_type else ""


def object_label(object_type: str, object_id: str, stored: str) -> str:
    """The audited object as it names itself now (its str, written in words), else as stored when recorded.

    Reprs stored by earlier versions carried codes ("local_site/county management.identification"); the live object
    names itself in words, and a deleted one keeps its stored text."""
    try:
        model = apps.get_model(object_type)
        obj = model._default_manager.filter(pk=object_id).first() if object_id else None
    except (LookupError, ValueError):
        obj = None
    return str(obj) if obj is not None else stored
