"""XLSX workbooks of the national and per-target reports: rankings, leaf points and findings."""

from __future__ import annotations

from pathlib import Path

from dgeval.i18n import gettext as _
from dgeval.reports.html import source_labels
from dgeval.reports.model import NationalReport, TargetReport
from dgeval.reports.xlsx import Sheet, sheet_title, write_workbook


def _about(campaign: str, what: str, published_on: str, demo: bool) -> Sheet:
    rows = [(_("评估"), campaign), (_("内容"), what), (_("发布日期"), published_on),
            (_("数据许可"), _("CC BY 4.0，引用请注明出处"))]
    if demo:
        rows.append((_("说明"), _("演示数据：得分与问题均为程序生成的模拟数据")))
    return Sheet(_("说明"), (_("项目"), _("内容")), rows, (14, 80))


def write_national_xlsx(report: NationalReport, out: Path) -> None:
    sheets = [_about(report.campaign, _("总报告"), report.published_on, report.demo)]
    for group in report.groups:
        sheets.append(Sheet(
            sheet_title(f"{group.title}（{group.evaluation}）"),
            (_("排名"), _("编码"), _("评估对象"), _("总分"), _("基础分"), _("加分"), *group.level1_names),
            ((row.rank, row.code, row.name, round(row.total, 4), round(row.base, 4), round(row.bonus, 4),
              *[round(v, 4) for v in row.level1]) for row in group.rows),
            (8, 14, 30, 10, 10, 8, *[12] * len(group.level1_names))))
        if group.leaf_names:
            sheets.append(Sheet(
                sheet_title(_("指标得分·%(group)s") % {"group": group.key}),
                (_("编码"), _("评估对象"), *[f"{name}（{code}）" for code, name in group.leaf_names]),
                ((row.code, row.name, *[row.leaves.get(code) for code, _n in group.leaf_names]) for row in group.rows),
                (14, 30, *[14] * len(group.leaf_names))))
    sheets.append(Sheet(_("常见问题"), (_("检查项"), _("问题"), _("涉及单位"), _("问题数"), _("整改建议")),
                        ((f.check, f.title, f.targets, f.findings, f.remedy) for f in report.common_findings),
                        (20, 24, 10, 10, 80), wrap=(5,)))
    if report.cases:
        sheets.append(Sheet(_("优秀创新案例"), (_("案例"), _("申报单位"), _("类别")),
                            ((c.title, c.target, c.category) for c in report.cases), (40, 30, 20)))
    write_workbook(out, sheets)


def write_target_xlsx(report: TargetReport, out: Path) -> None:
    labels = source_labels()
    summary = [(_("评估对象"), report.target_name), (_("评估"), report.evaluation), (_("排名分组"), report.group_title),
               (_("总分"), round(report.total, 4)), (_("排名"), f"{report.rank}/{report.peers}")]
    summary += [(line.name, round(line.points, 4)) for line in report.level1]
    write_workbook(out, [
        _about(report.campaign, _("诊断报告：%(target)s") % {"target": report.target_name}, report.published_on,
               report.demo),
        Sheet(_("得分概况"), (_("项目"), _("内容")), summary, (20, 40)),
        Sheet(_("指标得分"), (_("指标代码"), _("指标"), _("满分"), _("得分"), _("来源")),
              ((leaf.code, "/".join(leaf.path), leaf.maximum, leaf.points, labels.get(leaf.source, ""))
               for leaf in report.leaves), (30, 50, 8, 8, 10)),
        Sheet(_("问题清单"), (_("指标代码"), _("检查项"), _("问题"), _("所在页面"), _("问题网址"), _("内容"), _("整改建议")),
              ((leaf.code, f.title, f.sentence, f.page, f.url, f.snippet, f.remedy)
               for leaf in report.leaves for f in leaf.findings), (24, 16, 40, 40, 40, 30, 60), wrap=(3, 6, 7)),
    ])
