"""Build, keep and reopen the demo evaluation (`dgeval demo`).

The demo database lives in DATA_DIR and is kept between runs: a second `dgeval demo` serves what the first built
(the demo portals come back on the ports the stored target URLs name); `--reset` builds it anew.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable

from dgeval.demo.server import DemoSites
from dgeval.web.common.demo import DemoContext

#: The platform's "today" during the demo: inside 系统监测 and 人工采集, before 结果发布.
DEMO_TODAY = dt.date(2020, 11, 20)
DEMO_DB = "demo.sqlite3"
#: Written last: a data dir without it holds a build that did not finish, which is rebuilt.
BUILT_MARKER = "demo-built.json"

#: The build, in order: (what it seeds, the module whose `seed(ctx) -> str` does it).
DEMO_STEPS: tuple[tuple[str, str], ...] = (
    ("演示账户", "dgeval.web.accounts.demo"),
    ("意见征集", "dgeval.web.consultation.demo"),
    ("区县报名", "dgeval.web.registration.demo"),
    ("系统监测", "dgeval.web.monitoring.demo"),
    ("可用性监测", "dgeval.web.monitoring.demo_availability"),
    ("人工采集", "dgeval.web.collection.demo"),
    ("依申请公开", "dgeval.web.foi.demo"),
    ("政务新媒体", "dgeval.web.newmedia.demo"),
    ("打分表导入", "dgeval.web.scores.demo"),
    ("优秀创新案例", "dgeval.web.awards.demo"),
    ("结果发布", "dgeval.web.publication.demo"),
)


def demo_environment(data_dir: Path, host: str) -> None:
    """Point the settings at DATA_DIR's SQLite file and set the platform's today to DEMO_TODAY."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{(data_dir / DEMO_DB).resolve()}"
    os.environ["DGEVAL_DATA_DIR"] = str(data_dir.resolve())
    os.environ["DGEVAL_TODAY"] = DEMO_TODAY.isoformat()
    os.environ.setdefault("DGEVAL_HOST_INTERVAL", "0")  # the demo portals are ours, on loopback
    os.environ.setdefault("DGEVAL_DEBUG", "0")
    if host not in ("127.0.0.1", "localhost", "::1"):
        hosts = os.environ.get("DGEVAL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
        os.environ["DGEVAL_ALLOWED_HOSTS"] = f"{hosts},{host}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")


def demo_clear(data_dir: Path) -> None:
    """Remove a previous demo from DATA_DIR (database, WARCs, uploads, marker); nothing else there is touched."""
    for name in (BUILT_MARKER, DEMO_DB, f"{DEMO_DB}-journal", f"{DEMO_DB}-wal", f"{DEMO_DB}-shm"):
        (data_dir / name).unlink(missing_ok=True)
    for folder in ("warc", "media"):
        shutil.rmtree(data_dir / folder, ignore_errors=True)


def demo_is_built(data_dir: Path) -> bool:
    return (data_dir / BUILT_MARKER).is_file() and (data_dir / DEMO_DB).is_file()


def _site_ports(data_dir: Path) -> dict[str, int]:
    return {key: int(port) for key, port in json.loads((data_dir / BUILT_MARKER).read_text("utf-8"))["ports"].items()}


def demo_open(
    *, data_dir: Path, host: str = "127.0.0.1", reset: bool = False, out: Callable[[str], None] = print
) -> tuple[Any, DemoSites]:
    """The demo campaign and its running portals: reopened from DATA_DIR, or built (anew with RESET).

    The caller stops the sites.
    """
    data_dir = data_dir.resolve()
    if reset or not demo_is_built(data_dir):
        demo_clear(data_dir)
    demo_environment(data_dir, host)
    from dgeval.web.common.setup import django_setup

    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    out(f"数据目录：{data_dir}")
    if demo_is_built(data_dir):
        from dgeval.web.campaigns.selectors import campaign_current

        sites = DemoSites(DEMO_TODAY, ports=_site_ports(data_dir))
        sites.start()
        out(f"沿用已建好的演示（重建请加 --reset）；演示网站：{len(sites.sites)} 个（127.0.0.1）")
        return campaign_current(), sites
    return _build(data_dir, out)


def _build(data_dir: Path, out: Callable[[str], None]) -> tuple[Any, DemoSites]:
    from dgeval.web.campaigns.services import campaign_create_2020
    from dgeval.web.targets.services import targets_import_registry

    campaign = campaign_create_2020()
    targets_import_registry(actor=None)
    sites = DemoSites(DEMO_TODAY)
    try:
        sites.start()
        out(f"演示网站：{len(sites.sites)} 个（127.0.0.1）")
        ctx = DemoContext(campaign=campaign, today=DEMO_TODAY, data_dir=data_dir, sites=sites.sites, out=out)
        for title, module in DEMO_STEPS:
            summary = importlib.import_module(module).seed(ctx)
            out(f"  {title}：{summary}")
        ports = {site.spec.key: int(site.url.rsplit(":", 1)[1].strip("/")) for site in sites.sites}
        (data_dir / BUILT_MARKER).write_text(json.dumps({"ports": ports}), encoding="utf-8")
    except BaseException:
        sites.stop()
        raise
    return campaign, sites
