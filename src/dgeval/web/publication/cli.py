"""`dgeval report national --campaign YEAR --out DIR` and `dgeval report target TARGET_ID --campaign YEAR --out DIR`.

Reports come from the campaign's published results; before publication (the 报告撰写 phase) they are drafts built
from the scores as they stand. An unknown campaign or target exits 2 with one line (a DgevalError, see dgeval.cli).
The database is the platform's (DATABASE_URL / DGEVAL_DATA_DIR, as for every web command).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dgeval.errors import DgevalError
from dgeval.i18n import gettext as _


def register(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="总报告与单位诊断报告（HTML、PDF、XLSX）")
    kinds = report.add_subparsers(dest="report_kind", required=True)
    national = kinds.add_parser("national", help="总报告：national.html / .pdf / .xlsx")
    national.add_argument("--campaign", type=int, required=True, metavar="YEAR")
    national.add_argument("--out", type=Path, required=True, metavar="DIR")
    national.set_defaults(func=_platform(cmd_national))
    target = kinds.add_parser("target", help="单位诊断报告：<TARGET_ID>.html / .pdf / .xlsx")
    target.add_argument("target_id", metavar="TARGET_ID")
    target.add_argument("--campaign", type=int, required=True, metavar="YEAR")
    target.add_argument("--out", type=Path, required=True, metavar="DIR")
    target.add_argument("--framework", default="", help="评估（如 local_site）；默认为该单位的第一项评估")
    target.set_defaults(func=_platform(cmd_target))


def _platform(command: Any) -> Any:
    """COMMAND run on the platform's database; a database that is down or not migrated is one ConfigError."""

    def run(args: argparse.Namespace) -> int:
        from dgeval.web.common.setup import django_setup, platform_errors

        django_setup()
        with platform_errors():
            return int(command(args))

    return run


def _campaign(year: int) -> Any:
    from dgeval.web.campaigns.selectors import campaign_get

    campaign = campaign_get(year)
    if campaign is None:
        raise DgevalError(_("没有 %(year)s 年度的评估活动") % {"year": year})
    return campaign


def cmd_national(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    campaign = _campaign(args.campaign)
    from dgeval.reports.render import write_national
    from dgeval.web.publication import documents, selectors

    with Progress(transient=False) as bar:
        task = bar.add_task(_("生成总报告"), total=4)
        publication = selectors.publication_current(campaign=campaign)
        if publication is not None:
            report = documents.national_report(publication)
        else:
            rows, summary = documents.draft_rows(campaign)
            if not rows:
                raise DgevalError(_("“%(campaign)s”还没有得分，无法生成报告") % {"campaign": campaign.name})
            report = documents.national_report_of(campaign=campaign, rows=rows, summary=summary, published_on="",
                                                  demo=False)
        bar.update(task, advance=1, description=_("数据已汇总（%(n)s 个评估对象）") % {"n": report.targets})
        paths = write_national(report, args.out, progress=lambda step, done, total: bar.update(
            task, advance=1, description=_("已写出 %(step)s") % {"step": step}))
    for path in paths.values():
        print(path)
    if publication is None:
        print(_("注意：结果尚未发布，本报告为草稿"))
    return 0


def cmd_target(args: argparse.Namespace) -> int:
    campaign = _campaign(args.campaign)
    from dgeval.reports.render import write_target
    from dgeval.web.publication import documents, selectors
    from dgeval.web.targets.models import Target

    target = Target.objects.filter(code=args.target_id).first()
    if target is None:
        raise DgevalError(_("没有编码为 %(code)s 的评估对象") % {"code": args.target_id})
    publication = selectors.publication_current(campaign=campaign)
    if publication is not None:
        results = [r for r in selectors.results_of_target(publication=publication, target_code=target.code)
                   if not args.framework or r.framework == args.framework]
        if not results:
            raise DgevalError(_("%(target)s 在“%(campaign)s”的已发布结果中没有得分") % {
                "target": target.name, "campaign": campaign.name})
        report = documents.published_target_report(publication, results[0], link_archives=False)
    else:
        rows, _summary = documents.draft_rows(campaign)
        own = [r for r in rows if r.target_code == target.code and (not args.framework or r.framework == args.framework)]
        if not own:
            raise DgevalError(_("%(target)s 在“%(campaign)s”中还没有得分") % {"target": target.name, "campaign": campaign.name})
        peers = [r for r in rows if r.group == own[0].group]
        report = documents.target_report(campaign=campaign, result=own[0], peers=peers, publication=None)
    for path in write_target(report, args.out).values():
        print(path)
    return 0
