"""The fleet for real: Redis and PostgreSQL started with the project's scripts, two Celery workers (`dgeval worker`)
and celery beat (`dgeval beat`) scanning a few dozen loopback sites; one worker is killed with SIGKILL mid-scan, its
parts resume from their checkpoints on the other, and the findings equal those of the embedded runner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from dgeval.demo.fleet import Fleet, FleetSpec
from tests.services import ROOT, service

SCRIPT = Path(__file__).with_name("fleet_platform.py")
SITES = 16
PAGES = 30
HOST_INTERVAL = 0.08


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database on a cluster started by scripts/postgres.sh."""
    with tempfile.TemporaryDirectory(prefix="dgeval-pg-") as folder, service("postgres.sh", Path(folder)) as url:
        with psycopg.connect(host=folder, user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE dgeval_fleet")
        yield url.replace("/dgeval_test?", "/dgeval_fleet?")


@pytest.fixture(scope="module")
def fleet() -> Iterator[Fleet]:
    # A site refuses requests beyond the configured rate: impolite scans would find 429s, not the same findings.
    with Fleet(FleetSpec(sites=SITES, pages=PAGES, latency=0.005, min_interval=HOST_INTERVAL)) as running:
        yield running


def platform_env(tmp: Path, database_url: str, broker_url: str = "") -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DGEVAL_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "dgeval.web.settings.dev", "DATABASE_URL": database_url,
        "DGEVAL_DATA_DIR": str(tmp), "DGEVAL_HEARTBEAT_SECONDS": "1", "DGEVAL_CHECKPOINT_SECONDS": "0.3",
        "DGEVAL_HOST_INTERVAL": str(HOST_INTERVAL), "DGEVAL_LOG_LEVEL": "WARNING", "DGEVAL_DEBUG": "0",
    })
    if broker_url:
        env["DGEVAL_BROKER_URL"] = broker_url
    return env


def dgeval(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dgeval.cli", *args], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=300, **kwargs)


def platform(*args: str, env: dict[str, str]) -> str:
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=env, cwd=ROOT, check=True, capture_output=True,
                          text=True, timeout=300).stdout.strip()


def spawn(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "dgeval.cli", *args], env=env, cwd=ROOT,
                            stdout=open(log, "wb"), stderr=subprocess.STDOUT)


def query(database_url: str, sql: str, *params: object) -> list[tuple]:
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql, params).fetchall()


def wait_for(predicate, seconds: float, what: str, logs: tuple[Path, ...] = ()) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    tails = "".join(f"\n--- {log.name}\n" + log.read_text(errors="replace")[-3000:] for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}{tails}")


def embedded_findings(fleet: Fleet, tmp: Path) -> dict:
    env = platform_env(tmp, f"sqlite:///{tmp / 'embedded.sqlite3'}")
    env["DGEVAL_SCAN_THREADS"] = "4"
    dgeval("manage", "migrate", "--noinput", env=env)
    run_id = platform("setup", *fleet.urls, "--wait", env=env).splitlines()[-1]
    return json.loads(platform("report", run_id, env=env))


def test_two_workers_one_killed_find_what_the_embedded_runner_finds(fleet, postgres_url, redis_url, tmp_path):
    env = platform_env(tmp_path / "fleet", postgres_url, redis_url)
    dgeval("manage", "migrate", "--noinput", env=env)
    run_id = int(platform("setup", *fleet.urls, env=env).splitlines()[-1])
    workers = [spawn("worker", "--queues", "scans,probes", "--concurrency", "3", env=env,
                     log=tmp_path / f"worker{n}.log") for n in range(2)]
    beat = spawn("beat", env=env, log=tmp_path / "beat.log")
    processes = [*workers, beat]
    try:
        by_pid = {worker.pid: worker for worker in workers}
        holders: list[subprocess.Popen[bytes]] = []

        # Wait until a worker holds a part whose scan has saved a checkpoint, then kill that worker outright.
        def checkpointed_holder() -> bool:
            rows = query(postgres_url, "SELECT t.code, p.worker FROM monitoring_runtarget p JOIN targets_target t "
                                       "ON t.id = p.target_id WHERE p.run_id = %s AND p.status = 'running'", run_id)
            frontier = tmp_path / "fleet" / "frontier" / f"run-{run_id}"
            for code, worker in rows:
                pid = int(worker.rsplit(":", 1)[1].split("/", 1)[0])
                if pid in by_pid and (frontier / code / "state.pickle").is_file():
                    holders.append(by_pid[pid])
                    return True
            return False

        logs = tuple(tmp_path / name for name in ("worker0.log", "worker1.log", "beat.log"))
        wait_for(checkpointed_holder, 120, "a part with a saved checkpoint", logs)
        victim = holders[0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        wait_for(lambda: query(postgres_url, "SELECT status FROM monitoring_scanrun WHERE id = %s",
                               run_id)[0][0] not in ("queued", "running"), 240, "the run to finish", logs)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
    fleet_report = json.loads(platform("report", str(run_id), env=env))
    parts = fleet_report["parts"]
    assert all(p["status"] == "done" for p in parts), parts
    assert all(p["pages"] == PAGES for p in parts)
    taken_up = [p for p in parts if p["attempts"] > 1]
    # Parts the victim held were taken up by the other worker; the one it had checkpointed resumed from there (those
    # killed before their first checkpoint started over).
    assert taken_up and any(p["resumed"] for p in taken_up), parts
    # The two workers never reached one site faster than the configured spacing. Without the shared limiter most
    # requests would be too fast; a loaded machine may delay one request into the next one's turn now and then, and
    # the sites' own server (a thread of this process) may stamp a backlog of requests at once.
    assert fleet.violations <= fleet.requests // 20

    embedded = embedded_findings(fleet, tmp_path / "embedded")
    assert fleet_report["findings"] == embedded["findings"]
    assert {f[1] for f in embedded["findings"]} >= {"broken_link", "phone_leak"}
    assert len({tuple(f) for f in fleet_report["findings"]}) == len(fleet_report["findings"])  # no duplicates
