"""`dgeval demo`, `dgeval campaign …`, `dgeval worker`, `dgeval beat` and `dgeval manage …`: the platform's commands.

Registered by `dgeval.cli` through `register(subparsers)`. Django is imported only when one of these commands runs,
so `dgeval framework` stays fast. `dgeval demo` opens (or builds, see `dgeval.web.demo`) a whole 2020 evaluation on
SQLite around synthetic county portals served on loopback, then serves the platform; `--no-serve` stops after
printing the ranking.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from dgeval.errors import WorkflowError
from dgeval.i18n import gettext as _
from dgeval.web.common.setup import django_setup, platform_errors


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help=_("建一次 2020 年演示评估并启动平台"),
                                 description=_("建一次完整的演示评估（SQLite、本机上的模拟县级门户、监测、计分）并启动平台。"))
    demo.add_argument("--port", type=int, default=8000, help=_("平台端口（默认 8000）"))
    demo.add_argument("--host", default="127.0.0.1", help=_("监听地址（默认 127.0.0.1）"))
    demo.add_argument("--no-serve", action="store_true", help=_("只建演示数据，打印排名后退出"))
    demo.add_argument("--data-dir", type=Path, default=Path("var/demo"),
                      help=_("演示数据库、WARC 与上传文件的目录（默认 ./var/demo，多次运行间保留）"))
    demo.add_argument("--reset", action="store_true", help=_("丢弃 --data-dir 中已有的演示，重新建立"))
    demo.set_defaults(func=cmd_demo)

    campaign = subparsers.add_parser("campaign", help=_("评估活动操作（监测、导入范围、排名）"))
    csub = campaign.add_subparsers(dest="campaign_command", required=True)
    scan = csub.add_parser("scan", help=_("监测或探测一次评估活动的对象并保存发现的问题"))
    group = scan.add_mutually_exclusive_group(required=True)
    group.add_argument("--targets", help=_("评估对象代码，以逗号分隔"))
    group.add_argument("--kind", choices=("province", "key_city", "city", "county", "ministry", "corps"),
                       help=_("这一类的全部评估对象"))
    group.add_argument("--all", action="store_true", help=_("全部有网站的评估对象"))
    scan.add_argument("--probe", action="store_true", help=_("只做可用性探测（不抓取，不产生问题）"))
    scan.add_argument("--year", type=int, help=_("评估年度（默认：当前评估活动）"))
    scan.add_argument("--external", choices=("skip", "check"), default="check", help=_("是否检查外部链接"))
    scan.add_argument("--as-of", type=dt.date.fromisoformat, help=_("判断更新是否及时所依据的日期"))
    scan.add_argument("--max-pages", type=int, default=500, help=_("每个网站最多抓取的页面数（默认 500）"))
    scan.set_defaults(func=cmd_campaign_scan)

    scope = csub.add_parser("import-scope",
                            help=_("把每个地级市和直接纳入的区县登记为评估对象"),
                            description=_("按行政区划代码导入方案规定的地方网站评估范围：每个地级市，以及直辖市、省会城市和计划单列市的"
                                          "区县。网址留空，请用评估对象 Excel 导入补齐。"))
    scope.add_argument("--year", type=int, help=_("评估年度（默认：当前评估活动）"))
    scope.set_defaults(func=cmd_campaign_import_scope)

    rank = csub.add_parser("ranking", help=_("打印按已保存的末级指标得分计算的排名"))
    rank.add_argument("--year", type=int, help=_("评估年度（默认：当前评估活动）"))
    rank.add_argument("--framework", default="local_site")
    rank.add_argument("--column", default="county")
    rank.set_defaults(func=cmd_campaign_ranking)

    worker = subparsers.add_parser("worker", help=_("监测集群的 Celery 工作进程（需要 DGEVAL_BROKER_URL）"),
                                   description=_("执行排在 Redis 中的监测任务（抓取、探测）。每个命令一个进程；每个 CPU 核运行一个，另用 "
                                                 "--queues probes 单独运行一个，使探测不必等待耗时的抓取（见 docs/scale.md）。"))
    worker.add_argument("--queues", default="scans,probes", help=_("领取任务的队列（默认 scans,probes）"))
    worker.add_argument("--concurrency", type=int, default=4,
                        help=_("本进程同时执行的抓取或探测数（线程，默认 4）"))
    worker.add_argument("--loglevel", default="INFO")
    worker.set_defaults(func=cmd_worker)

    beat = subparsers.add_parser("beat", help=_("celery beat：按监测计划定时派发任务（需要 DGEVAL_BROKER_URL）"),
                                 description=_("每分钟按数据库中保存的定时任务（可在管理后台修改）派发一次。只运行一个。"))
    beat.add_argument("--loglevel", default="INFO")
    beat.set_defaults(func=cmd_beat)

    manage = subparsers.add_parser("manage", help=_("Django 管理命令（migrate、createsuperuser 等）"),
                                   add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.prod")
    from django.core.management import execute_from_command_line

    with platform_errors():
        execute_from_command_line(["dgeval manage", *args.args])
    return 0


# -- dgeval campaign ------------------------------------------------------------------------------------------------


def _campaign(year: int | None) -> Any:
    from dgeval.web.campaigns.models import Campaign
    from dgeval.web.campaigns.selectors import campaign_current

    campaign = Campaign.objects.filter(year=year).first() if year else campaign_current()
    if campaign is None:
        which = _("%(year)s 年的评估活动") % {"year": year} if year else _("当前评估活动")
        raise WorkflowError(_("没有%(which)s：请先在平台上创建（演示：dgeval demo --no-serve）") % {"which": which})
    return campaign


def cmd_campaign_scan(args: argparse.Namespace) -> int:
    django_setup()
    with platform_errors():
        return campaign_scan(args)


def campaign_scan(args: argparse.Namespace) -> int:
    from dgeval.web.monitoring.services import scan_options, scan_run_create, scan_run_execute
    from dgeval.web.targets.models import Target

    campaign = _campaign(args.year)
    with_site = Target.objects.filter(has_website=True).exclude(website_url="")
    if args.targets:
        codes = [c.strip() for c in args.targets.split(",") if c.strip()]
        found = {t.code: t for t in Target.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            print(f"dgeval campaign scan: unknown target code(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        targets = [found[c] for c in codes]
    elif args.kind:
        targets = list(with_site.filter(kind=args.kind))
    else:
        targets = list(with_site)
    if not targets:
        print("dgeval campaign scan: no target with a website matches", file=sys.stderr)
        return 2
    # A target at a private or loopback address is scanned only if an admin allowed it on the target's page.
    options = scan_options(external=args.external, as_of=args.as_of, max_pages=args.max_pages)
    # The CLI is the operator's tool: it runs as the monitor (no person), outside the phase check of the UI.
    run = scan_run_create(campaign=campaign, kind="probe" if args.probe else "scan", targets=targets, actor=None,
                          options=options)
    print(f"监测任务 #{run.pk}: {len(targets)} 个评估对象")
    run = scan_run_execute(run_id=run.pk)
    for part in run.run_targets.select_related("target").order_by("target__code"):
        outcome = part.error or f"{part.pages} 页，{part.findings} 个问题"
        print(f"  {part.target.code}  {part.target.name}  {part.get_status_display()}  {outcome}")
    print(f"状态：{run.get_status_display()}  {run.error}".rstrip())
    return 0 if run.status == "done" else 1


def cmd_campaign_import_scope(args: argparse.Namespace) -> int:
    django_setup()
    from dgeval.web.targets.services import local_scope_import

    campaign = _campaign(args.year)
    # The CLI is the operator's tool: it acts as the platform itself (no person), and the import is audited so.
    result = local_scope_import(campaign=campaign, actor=None)
    print(f"{campaign.name}：新增评估对象 {len(result.created)} 个，已有 {len(result.existing)} 个；"
          "网站网址请通过评估对象 Excel 导入填写")
    return 0


def cmd_campaign_ranking(args: argparse.Namespace) -> int:
    django_setup()
    with platform_errors():
        print(ranking_text(_campaign(args.year), args.framework, args.column))
    return 0


def ranking_text(campaign: Any, framework: str, column: str) -> str:
    from dgeval.web.scores.selectors import ranking

    level1, rows = ranking(campaign=campaign, framework=framework, column=column)
    lines = [f"{campaign.name} — {framework}/{column}", f"{'排名':>4}  {'总分':>7}  评估对象"]
    lines += [f"{row.rank:>4}  {row.total:>7.2f}  {row.target.name}（{row.target.code}）" for row in rows]
    if not rows:
        lines.append("（暂无得分）")
    return "\n".join(lines)


# -- dgeval worker / beat ------------------------------------------------------------------------------------------


def _celery_app() -> Any:
    """The Celery app, once Django is set up; exits with one line when the deployment is not scaled out."""
    if not os.environ.get("DGEVAL_BROKER_URL"):
        print("dgeval: DGEVAL_BROKER_URL is not set; workers take their work from Redis "
              "(start one with: bash scripts/redis.sh start DIR)", file=sys.stderr)
        raise SystemExit(2)
    try:
        import celery  # noqa: F401
        import django_celery_beat  # noqa: F401
    except ImportError:
        print("dgeval: Celery is not installed; install the scale extra: pip install 'dgeval[scale]'", file=sys.stderr)
        raise SystemExit(2) from None
    django_setup()
    from dgeval.web.workers import app

    return app


def cmd_worker(args: argparse.Namespace) -> int:
    app = _celery_app()
    from dgeval.web.workers import QUEUES

    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    unknown = [q for q in queues if q not in QUEUES]
    if unknown or not queues:
        print(f"dgeval worker: unknown queue(s) {', '.join(unknown) or '(none)'}; known: {', '.join(QUEUES)}",
              file=sys.stderr)
        return 2
    if args.concurrency < 1:
        print(f"dgeval worker: --concurrency must be at least 1 (got {args.concurrency})", file=sys.stderr)
        return 2
    # Threads, not forked children: a scan waits on the network, and a worker killed outright takes its work
    # with it (its parts' heartbeats stop, and another worker resumes them), leaving no orphan behind.
    app.worker_main(["worker", f"--loglevel={args.loglevel}", "--pool=threads", f"--concurrency={args.concurrency}",
                     f"--queues={','.join(queues)}", "--without-gossip", "--without-mingle"])
    return 0


def cmd_beat(args: argparse.Namespace) -> int:
    app = _celery_app()
    from dgeval.web.workers import tick_task_ensure

    if tick_task_ensure():
        print("已创建周期任务：系统监测调度（每 60 秒）")
    app.start(["beat", f"--loglevel={args.loglevel}", "--scheduler=django_celery_beat.schedulers:DatabaseScheduler"])
    return 0


# -- dgeval demo ----------------------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from dgeval.web.demo.build import demo_open

    campaign, sites = demo_open(data_dir=args.data_dir, host=args.host, reset=args.reset)
    try:
        from dgeval.web.accounts.demo import DEMO_USERS, WEBMASTER_PASSWORD
        from dgeval.web.accounts.models import User

        print()
        print(ranking_text(campaign, "local_site", "county"))
        print()
        print("演示账户（用户名 / 密码）：")
        for username, password, _role, display in DEMO_USERS:
            print(f"  {username:<22} {password:<24} {display}")
        for user in User.objects.filter(role="webmaster").order_by("username"):
            print(f"  {user.username:<22} {WEBMASTER_PASSWORD:<24} {user.display_name}")
        print("演示网站：")
        for site in sites.sites:
            print(f"  {site.spec.name:<10} {site.url}  ({site.spec.charset})")
        if args.no_serve:
            return 0
        serve(host=args.host, port=args.port)
    finally:
        sites.stop()
    return 0


def serve(*, host: str, port: int) -> None:
    """Serve the platform with waitress (threads; static files through whitenoise) until Ctrl-C."""
    from waitress import serve as waitress_serve

    from dgeval.web.wsgi import application

    shown = f"[{host}]" if ":" in host else host
    print(f"\n平台地址：http://{shown}:{port}/   （Ctrl-C 结束）", flush=True)
    from dgeval.web.monitoring.runner import runner_start

    runner_start()
    waitress_serve(application, **waitress_options(host=host, port=port))


def waitress_options(*, host: str, port: int) -> dict[str, Any]:
    """How the platform is served by waitress: a body over DGEVAL_MAX_REQUEST_BYTES is refused (413) on its
    headers, before waitress would buffer it."""
    from django.conf import settings

    return {"host": host, "port": port, "threads": 8, "ident": "dgeval",
            "max_request_body_size": int(settings.DGEVAL_MAX_REQUEST_BYTES)}


def main(argv: list[str] | None = None) -> int:
    """`python -m dgeval.web.cli …`: these commands without the rest of `dgeval` (used by the tests)."""
    parser = argparse.ArgumentParser(prog="dgeval")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
