"""A scan killed with SIGKILL half-way resumes from its checkpoint and finds exactly what an uninterrupted scan finds."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dgeval.demo.fleet import Fleet, FleetSpec
from dgeval.monitor.checkpoint import STATE, Checkpoint
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.runner import scan_site
from dgeval.monitor.warc import whole_records_length

AS_OF = dt.date(2020, 10, 15)
CHECKS = ["broken_link", "phone_leak"]
PAGES = 80
#: Slow enough that the kill lands half-way: about 80 pages and 16 link checks, 25 ms apart.
CONFIG = CrawlConfig(allow_private=True, external="skip", per_host_interval=0.025, retries=0, max_wall_time=120)

SCAN = """
import asyncio, datetime as dt, sys
from pathlib import Path
from dgeval.monitor.checkpoint import Checkpoint
from dgeval.monitor.config import CrawlConfig
from dgeval.monitor.runner import scan_site
config = CrawlConfig(allow_private=True, external="skip", per_host_interval=0.025, retries=0, max_wall_time=120)
asyncio.run(scan_site(sys.argv[1], as_of=dt.date(2020, 10, 15), config=config, checks=[], probes=False,
                      warc=sys.argv[3], checkpoint=Checkpoint(Path(sys.argv[2]), interval=0.3)))
"""


@pytest.fixture
def site() -> object:
    with Fleet(FleetSpec(sites=1, pages=PAGES)) as fleet:
        yield fleet


def keys(findings: list) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.check, f.url, f.page, f.value) for f in findings)


async def killed_half_way(url: str, folder: Path, warc: Path) -> None:
    """Run a checkpointed scan in another process and SIGKILL it a moment after its first save."""
    process = subprocess.Popen([sys.executable, "-c", SCAN, url, str(folder), str(warc)])
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and not (folder / STATE).is_file():
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.45)
        assert process.poll() is None, "the scan ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)


async def test_killed_scan_resumes_with_the_same_findings(site: Fleet, tmp_path: Path) -> None:
    url = site.urls[0]
    whole = await scan_site(url, as_of=AS_OF, config=CONFIG, checks=CHECKS, probes=False)
    assert len(whole.site.pages) == PAGES
    requests_whole = site.requests

    folder, warc = tmp_path / "checkpoint", tmp_path / "site.warc.gz"
    await killed_half_way(url, folder, warc)
    before_resume = site.requests - requests_whole
    checkpoint = Checkpoint(folder, interval=0.3)
    saved = checkpoint.load()
    assert saved is not None and 0 < len(saved.records) < PAGES

    resumed = await scan_site(url, as_of=AS_OF, config=CONFIG, checks=CHECKS, probes=False, warc=warc,
                              checkpoint=Checkpoint(folder, interval=0.3))
    after_resume = site.requests - requests_whole - before_resume
    assert keys(resumed.findings) == keys(whole.findings)
    assert {f.check for f in whole.findings} == set(CHECKS)
    assert sorted(p.url for p in resumed.site.pages) == sorted(p.url for p in whole.site.pages)
    # The resumed scan fetched what was left, not the whole site again.
    assert after_resume < requests_whole - len(saved.records) // 2
    # The archive holds every page: those before the kill and those after.
    assert whole_records_length(warc) == warc.stat().st_size
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as stream:
        archived = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                    if r.rec_type == "response"}
    assert {p.url for p in whole.site.pages} <= archived


async def test_a_crawl_with_more_workers_than_jobs_saves_as_it_goes(tmp_path: Path) -> None:
    """Workers idle for want of a job must not take new ones while a save waits for the busy ones to finish, or the
    save waits for the end of the crawl and a killed scan starts over."""
    config = CrawlConfig(allow_private=True, external="skip", per_host_interval=0.1, retries=0, concurrency=32)
    checkpoint = Checkpoint(tmp_path / "checkpoint", interval=0.3)
    with Fleet(FleetSpec(sites=1, pages=20)) as fleet:
        requests_at_save: list[int] = []
        checkpoint.before_save.append(lambda: requests_at_save.append(fleet.requests))
        await scan_site(fleet.urls[0], as_of=AS_OF, config=config, checks=[], probes=False, checkpoint=checkpoint)
        total = fleet.requests
    assert requests_at_save and requests_at_save[0] < total, (requests_at_save, total)


async def test_a_checkpoint_without_a_saved_state_starts_over(site: Fleet, tmp_path: Path) -> None:
    checkpoint = Checkpoint(tmp_path / "fresh", interval=60)
    result = await scan_site(site.urls[0], as_of=AS_OF, config=CONFIG, checks=CHECKS, probes=False,
                             checkpoint=checkpoint)
    assert len(result.site.pages) == PAGES
    assert checkpoint.load() is None


async def test_a_truncated_warc_is_cut_after_its_last_whole_record(tmp_path: Path) -> None:
    from dgeval.monitor.warc import WarcArchive

    path = tmp_path / "a.warc.gz"
    archive = WarcArchive(path)
    for n in range(3):
        archive.record(method="GET", url=f"http://127.0.0.1/{n}", request_headers=[], status=200, reason="OK",
                       response_headers=[("Content-Type", "text/html")], payload=b"<p>x</p>" * 50)
    archive.close()
    whole = path.stat().st_size
    with open(path, "ab") as handle:
        handle.write(b"\x1f\x8b\x08\x00half a record")
    assert whole_records_length(path) == whole
    WarcArchive(path, resume=True).close()
    assert path.stat().st_size == whole
