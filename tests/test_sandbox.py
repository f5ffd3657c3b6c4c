"""The sandbox: work over a limit is refused with the limit named, the worker is replaced, the caller unharmed."""

from __future__ import annotations

import io
import os
import time
import zipfile
from typing import Iterator

import pytest

from dgeval.sandbox import Limits, Refused, Sandbox, SandboxError, check_archive, open_archive

SMALL = Limits(memory_bytes=64 << 20, cpu_seconds=1, wall_seconds=10.0)


def _pid() -> int:
    return os.getpid()


def _allocate(size: int) -> int:
    return len(bytearray(size))


def _spin() -> None:
    while True:
        pass


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _fail() -> None:
    raise ValueError("damaged file")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(limits=SMALL) as box:
        yield box


def test_work_runs_in_another_process(sandbox: Sandbox) -> None:
    assert sandbox.call(_pid) != os.getpid()
    assert sandbox.call(_allocate, 1 << 20) == 1 << 20


def test_memory_over_the_limit_is_refused_and_the_worker_replaced(sandbox: Sandbox) -> None:
    before = sandbox.call(_pid)
    with pytest.raises(Refused, match="内存超过上限 64 MB"):
        sandbox.call(_allocate, 512 << 20)
    after = sandbox.call(_pid)
    assert after != before and sandbox.call(_allocate, 1 << 20) == 1 << 20


def test_cpu_time_over_the_limit_is_refused(sandbox: Sandbox) -> None:
    started = time.monotonic()
    with pytest.raises(Refused, match="CPU 时间超过上限 1 秒"):
        sandbox.call(_spin)
    assert time.monotonic() - started < SMALL.wall_seconds


def test_wall_time_over_the_limit_kills_the_worker(sandbox: Sandbox) -> None:
    with pytest.raises(Refused, match="用时超过上限 0.5 秒"):
        sandbox.call(_sleep, 30, limits=Limits(wall_seconds=0.5))
    assert sandbox.call(_allocate, 10) == 10


def test_an_error_of_the_work_is_named_and_the_worker_goes_on(sandbox: Sandbox) -> None:
    before = sandbox.call(_pid)
    with pytest.raises(SandboxError, match="ValueError: damaged file"):
        sandbox.call(_fail)
    assert sandbox.call(_pid) == before


def _archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_archive_is_refused_by_its_directory_before_inflating() -> None:
    bomb = _archive({"a.xml": bytes(8 << 20)})
    with pytest.raises(Refused, match="压缩包解压后共 8388608 字节，超过上限 1048576 字节"):
        open_archive(bomb, Limits(archive_bytes=1 << 20))
    with pytest.raises(Refused, match=r"a.xml 的压缩比 \d+:1 超过上限 200:1"):
        check_archive(zipfile.ZipFile(io.BytesIO(bomb)), Limits())
    many = _archive({f"{i}.txt": b"x" for i in range(20)})
    with pytest.raises(Refused, match="压缩包有 20 个成员，超过上限 10 个"):
        open_archive(many, Limits(archive_members=10))


def test_archive_counts_what_it_inflates_while_reading() -> None:
    data = os.urandom(600_000)  # incompressible: no ratio to refuse it by
    archive = open_archive(_archive({"a.bin": data}), Limits(archive_bytes=1_000_000))
    assert archive.read("a.bin") == data
    with pytest.raises(Refused, match="压缩包解压后超过上限 1000000 字节"):
        archive.read("a.bin")  # the same member again: the archive's running total passes the limit
