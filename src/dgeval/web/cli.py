"""`dgeval demo`, `dgeval campaign …` and `dgeval manage …`: the platform's commands (issue 5 §7, §11).

Registered by `dgeval.cli` through `register(subparsers)`. Django is imported only when one of these commands runs,
so `dgeval framework` stays fast. `dgeval demo` builds a whole 2020 evaluation on SQLite around synthetic county
portals served on loopback (`dgeval.demo`), then serves the platform; `--no-serve` stops after printing the ranking.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

#: The platform's "today" during the demo: inside 系统监测 and 人工采集, before 结果发布 (rankings stay team-only).
DEMO_TODAY = dt.date(2020, 11, 20)
DEMO_DB = "demo.sqlite3"

#: Demo accounts: (username, password, role, display name). Passwords are printed: this is a loopback demo.
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "demo-admin-2020", "admin", "评估组管理员"),
    ("evaluator", "demo-evaluator-2020", "evaluator", "评估员张敏"),
    ("evaluator2", "demo-evaluator2-2020", "evaluator", "评估员李强"),
    ("expert", "demo-expert-2020", "expert", "专家王教授"),
)
WEBMASTER_PASSWORD = "demo-webmaster-2020"

#: How the demo reviews what the monitor found: confirmed defects, and doubts where a loopback demo site cannot be
#: judged fairly (no IPv6, no HTTPS on 127.0.0.1). Everything else stays 待审核 for the visitor to review.
CONFIRM_CHECKS = frozenset({
    "id_number_leak", "wrong_word", "broken_link", "stale_column", "blank_column", "orphan_interpretation",
    "overdue_message", "missing_icp", "missing_site_code", "missing_psb_filing", "missing_gov_badge",
})
DOUBT_CHECKS = frozenset({"ipv6", "https", "security_headers"})


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="build a demo 2020 evaluation and serve the platform",
                                 description="Build a full demo evaluation (SQLite, synthetic county portals on "
                                             "loopback, scans, scores) and serve the platform.")
    demo.add_argument("--port", type=int, default=8000, help="port of the platform (default 8000)")
    demo.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    demo.add_argument("--no-serve", action="store_true", help="build, print the ranking and exit")
    demo.add_argument("--data-dir", type=Path, default=Path("var/demo"),
                      help="where the demo database, WARCs and uploads go (default ./var/demo; rebuilt each run)")
    demo.set_defaults(func=cmd_demo)

    campaign = subparsers.add_parser("campaign", help="campaign operations (scan, ranking)")
    csub = campaign.add_subparsers(dest="campaign_command", required=True)
    scan = csub.add_parser("scan", help="scan or probe targets of a campaign and store the findings")
    group = scan.add_mutually_exclusive_group(required=True)
    group.add_argument("--targets", help="comma-separated target codes")
    group.add_argument("--kind", choices=("province", "key_city", "city", "county", "ministry", "corps"),
                       help="every target of this kind")
    group.add_argument("--all", action="store_true", help="every target with a website")
    scan.add_argument("--probe", action="store_true", help="availability probe only (no crawl, no findings)")
    scan.add_argument("--year", type=int, help="campaign year (default: the current campaign)")
    scan.add_argument("--allow-private", action="store_true", help="allow loopback/private addresses (test sites)")
    scan.add_argument("--external", choices=("skip", "check"), default="check", help="check external links or not")
    scan.add_argument("--as-of", type=dt.date.fromisoformat, help="date the checks judge freshness against")
    scan.add_argument("--max-pages", type=int, default=500, help="pages per site (default 500)")
    scan.set_defaults(func=cmd_campaign_scan)

    rank = csub.add_parser("ranking", help="print a ranking computed from the stored leaf scores")
    rank.add_argument("--year", type=int, help="campaign year (default: the current campaign)")
    rank.add_argument("--framework", default="local_site")
    rank.add_argument("--column", default="county")
    rank.set_defaults(func=cmd_campaign_ranking)

    manage = subparsers.add_parser("manage", help="Django management commands (migrate, createsuperuser, …)",
                                   add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)


def django_setup() -> None:
    """Set up Django once, with the dev settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")
    import django

    django.setup()


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dgeval manage", *args.args])
    return 0


# -- dgeval campaign ------------------------------------------------------------------------------------------------


def _campaign(year: int | None) -> Any:
    from dgeval.web.campaigns.models import Campaign
    from dgeval.web.campaigns.selectors import campaign_current

    campaign = Campaign.objects.filter(year=year).first() if year else campaign_current()
    if campaign is None:
        raise SystemExit(f"dgeval campaign: no campaign{f' for {year}' if year else ''}; create one first "
                         "(the demo does: dgeval demo --no-serve)")
    return campaign


def cmd_campaign_scan(args: argparse.Namespace) -> int:
    django_setup()
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
    options = scan_options(allow_private=args.allow_private, external=args.external, as_of=args.as_of,
                           max_pages=args.max_pages)
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


def cmd_campaign_ranking(args: argparse.Namespace) -> int:
    django_setup()
    campaign = _campaign(args.year)
    print(ranking_text(campaign, args.framework, args.column))
    return 0


def ranking_text(campaign: Any, framework: str, column: str) -> str:
    from dgeval.web.scores.selectors import ranking

    level1, rows = ranking(campaign=campaign, framework=framework, column=column)
    lines = [f"{campaign.name} — {framework}/{column}", f"{'排名':>4}  {'总分':>7}  评估对象"]
    lines += [f"{row.rank:>4}  {row.total:>7.2f}  {row.target.name}（{row.target.code}）" for row in rows]
    if not rows:
        lines.append("（暂无得分）")
    return "\n".join(lines)


# -- dgeval demo ----------------------------------------------------------------------------------------------------


def _demo_environment(data_dir: Path, host: str) -> None:
    """Point the settings at a fresh SQLite file in DATA_DIR and set the platform's today to DEMO_TODAY."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in (DEMO_DB, f"{DEMO_DB}-journal", f"{DEMO_DB}-wal", f"{DEMO_DB}-shm"):
        (data_dir / name).unlink(missing_ok=True)
    for folder in ("warc", "media"):
        shutil.rmtree(data_dir / folder, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{(data_dir / DEMO_DB).resolve()}"
    os.environ["DGEVAL_DATA_DIR"] = str(data_dir.resolve())
    os.environ["DGEVAL_TODAY"] = DEMO_TODAY.isoformat()
    os.environ.setdefault("DGEVAL_DEBUG", "0")
    if host not in ("127.0.0.1", "localhost", "::1"):
        hosts = os.environ.get("DGEVAL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
        os.environ["DGEVAL_ALLOWED_HOSTS"] = f"{hosts},{host}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")


def _stamped_form_pdf(name: str) -> bytes:
    """A one-page PDF standing in for the stamped 附件2 (the upload checks sniff the %PDF header)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"% " + name.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _register_counties(campaign: Any, admin: Any, sites: list[Any]) -> list[Any]:
    """Each demo portal registers through the public 附件2 service (in the registration phase) and is approved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dgeval.web.registration.services import registration_approve, registration_submit
    from dgeval.web.targets.models import Target

    parent = Target.objects.filter(code="330100").first()
    counties = []
    for n, site in enumerate(sites, start=1):
        spec = site.spec
        data = {
            "unit_name": spec.name, "site_name": spec.website_name, "site_url": site.url,
            "competent_unit": f"{spec.name}办公室", "sponsor_unit": f"{spec.name}办公室",
            "organizer_unit": f"{spec.short_name}大数据发展管理中心", "contact_name": f"联系人{n}",
            "contact_title": "科长", "contact_phone": f"0571-880{n:05d}", "contact_mobile": f"1390000{n:04d}",
            "contact_email": f"web{n}@{spec.key}.example.gov.cn", "contact_address": f"{spec.province}{spec.short_name}人民路1号",
            "division_code": spec.division_code, "parent": parent,
        }
        reg = registration_submit(
            campaign=campaign, data=data, stamped_form_type="pdf", on=dt.date(2020, 10, 9 + n),
            stamped_form=SimpleUploadedFile(f"{spec.key}.pdf", _stamped_form_pdf(spec.name), "application/pdf"),
        )
        counties.append(registration_approve(registration=reg, actor=admin, code=spec.division_code,
                                             reason="材料齐全，同意参评"))
    return counties


def _review(campaign: Any, users: dict[str, Any], counties: list[Any]) -> dict[str, int]:
    """Review what the monitor found the way the team would, and show one rectification and one appeal."""
    from dgeval.web.monitoring.models import FindingRecord
    from dgeval.web.monitoring.services import appeal_create, finding_rectify, finding_review

    counts = {"confirmed": 0, "doubtful": 0, "pending": 0}
    # The last county's findings are left 待审核, for the visitor to review.
    for finding in FindingRecord.objects.filter(campaign=campaign).exclude(target=counties[-1]).order_by("pk"):
        if finding.check_name in CONFIRM_CHECKS:
            finding_review(finding=finding, status="confirmed", actor=users["evaluator"], reason="人工核实属实")
            counts["confirmed"] += 1
        elif finding.check_name in DOUBT_CHECKS:
            finding_review(finding=finding, status="doubtful", actor=users["evaluator"],
                           reason="演示站点运行在本机回环地址，IPv6/HTTPS 无法据实判断")
            counts["doubtful"] += 1
        else:
            counts["pending"] += 1
    counts["pending"] += FindingRecord.objects.filter(campaign=campaign, target=counties[-1]).count()
    by_code = {t.code: t for t in counties}
    webmasters = users["webmasters"]
    broken = FindingRecord.objects.filter(campaign=campaign, check_name="broken_link", status="confirmed").first()
    if broken is not None:
        finding_rectify(finding=broken, actor=webmasters[broken.target.code], note="已删除失效链接，请复查")
    word = FindingRecord.objects.filter(campaign=campaign, check_name="wrong_word", status="confirmed").first()
    if word is not None and word.target.code in by_code:
        appeal_create(finding=word, actor=webmasters[word.target.code], reason="该处为转载原文，已联系原发布单位更正")
    return counts


#: Share of each leaf's weight the demo's imported evaluator sheet gives each portal (by site key), so that the
#: ranking reflects both the sheet and what the monitor found.
DEMO_QUALITY = {"qinghe": 0.86, "xiling": 0.82, "dongshan": 0.8, "linchuan": 0.78, "nanhu": 0.76}


def _import_sheet(campaign: Any, admin: Any, counties: list[Any], keys: list[str]) -> int:
    """Fill every leaf still unscored with the demo evaluator sheet's points (source "import"), as the team does
    when it imports its spreadsheet; leaves scored by the monitor, manual collection or 依申请公开 keep their points."""
    from dgeval.scoring import points_from_fraction
    from dgeval.web.scores.models import LeafScore
    from dgeval.web.scores.services import framework_for, leaf_score_set

    written = 0
    for target, key in zip(counties, keys):
        for framework, column in target.evaluations():
            fw = framework_for(campaign=campaign, framework=framework)
            done = set(LeafScore.objects.filter(campaign=campaign, target=target, framework=framework,
                                                column=column).values_list("code", flat=True))
            for n, leaf in enumerate(fw.leaves_for(column)):
                if leaf.bonus or leaf.code in done:
                    continue
                # Deterministic spread around the site's level: the same demo every run.
                fraction = min(1.0, max(0.0, DEMO_QUALITY.get(key, 0.8) + ((n * 7 + len(key)) % 5 - 2) * 0.05))
                points = round(points_from_fraction(fw, column, leaf.code, fraction) * 2) / 2  # half points
                leaf_score_set(campaign=campaign, target=target, framework=framework, column=column, code=leaf.code,
                               points=points, source_kind="import", source_id="demo-sheet.xlsx", actor=admin,
                               reason="演示：评估员打分表导入")
                written += 1
    return written


def _seed(name: str, module: str, function: str, campaign: Any, out: Callable[[str], None]) -> None:
    """Call a W3 seeding function if that app ships one; a failure is reported, and the demo goes on without it."""
    import importlib

    try:
        seeder = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        out(f"  （{name}演示数据：未提供）")
        return
    try:
        created = seeder(campaign)
    except Exception as exc:  # demo data of another app must not take the whole demo down
        out(f"  警告：{name}演示数据未能生成：{type(exc).__name__}: {exc}")
        return
    out(f"  {name}：{len(created or [])} 条")


def demo_build(*, data_dir: Path, host: str = "127.0.0.1", out: Callable[[str], None] = print) -> tuple[Any, Any]:
    """Build the demo evaluation; returns (campaign, running demo sites) — the caller stops the sites."""
    _demo_environment(data_dir, host)
    django_setup()
    from django.core.management import call_command

    from dgeval.demo.server import DemoSites
    from dgeval.web.accounts.services import user_create
    from dgeval.web.campaigns.services import campaign_create_2020
    from dgeval.web.monitoring.services import scan_options, scan_run_create, scan_run_execute
    from dgeval.web.targets.services import targets_import_registry

    out(f"数据目录：{data_dir.resolve()}")
    call_command("migrate", verbosity=0, interactive=False)
    campaign = campaign_create_2020()
    targets_import_registry(actor=None)
    users: dict[str, Any] = {}
    for username, password, role, display in DEMO_USERS:
        users.setdefault(username, user_create(username=username, password=password, role=role, display_name=display))

    sites = DemoSites(DEMO_TODAY)
    running = sites.start()
    try:
        out(f"演示网站：{len(running)} 个（127.0.0.1）")
        mail = io.StringIO()
        with contextlib.redirect_stdout(mail):  # the console mail backend would flood the demo's output
            counties = _register_counties(campaign, users["admin"], running)
        out(f"区县报名：{len(counties)} 个（报名与审核通过通知邮件 {mail.getvalue().count('Message-ID:')} 封）")
        users["webmasters"] = {
            t.code: user_create(username=f"webmaster_{site.spec.key}", password=WEBMASTER_PASSWORD, role="webmaster",
                                target=t, display_name=f"{t.name}网站")
            for t, site in zip(counties, running)
        }
        run = scan_run_create(campaign=campaign, kind="scan", targets=counties, actor=users["admin"],
                              options=scan_options(allow_private=True, external="skip", as_of=DEMO_TODAY,
                                                   max_pages=300))
        run = scan_run_execute(run_id=run.pk)
        out(f"系统监测：任务 #{run.pk} {run.get_status_display()}，"
            f"{sum(p.findings for p in run.run_targets.all())} 个问题 {run.error}".rstrip())
        counts = _review(campaign, users, counties)
        out(f"  审核：确认 {counts['confirmed']}，存疑 {counts['doubtful']}，待审核 {counts['pending']}")
        _seed("人工采集", "dgeval.web.collection.demo", "seed_collection", campaign, out)
        _seed("依申请公开", "dgeval.web.foi.demo", "seed_foi", campaign, out)
        imported = _import_sheet(campaign, users["admin"], counties, [site.spec.key for site in running])
        out(f"  打分表导入：{imported} 项")
    except BaseException:
        sites.stop()
        raise
    return campaign, sites


def cmd_demo(args: argparse.Namespace) -> int:
    campaign, sites = demo_build(data_dir=args.data_dir, host=args.host)
    try:
        print()
        print(ranking_text(campaign, "local_site", "county"))
        print()
        print("演示账户（用户名 / 密码）：")
        for username, password, _role, display in DEMO_USERS:
            print(f"  {username:<22} {password:<24} {display}")
        from dgeval.web.accounts.models import User

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
    waitress_serve(application, host=host, port=port, threads=8, ident="dgeval")


def main(argv: list[str] | None = None) -> int:
    """`python -m dgeval.web.cli …`: these commands without the rest of `dgeval` (used by the tests)."""
    parser = argparse.ArgumentParser(prog="dgeval")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
