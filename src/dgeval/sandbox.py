"""Parse untrusted documents in a worker process under memory, CPU and wall-time limits.

A fetched attachment or an uploaded workbook can be built to hurt whoever reads it: an XLSX whose sheet inflates to
gigabytes, a PDF stream of zeros, a file that takes minutes of CPU. Such work runs here, never in the calling process:
`Sandbox.call(func, *args)` runs `func` in a worker process whose address space (`RLIMIT_AS`) and CPU time
(`RLIMIT_CPU`) are limited and which is killed when it overruns its wall time. A call over a limit raises `Refused`
with a sentence saying which limit; the worker is then replaced, so one hostile file costs one process, not the scan.

Archives (XLSX, DOCX, ZIP) get a second, earlier line of defence: `open_archive` checks the members' declared sizes
and compression ratios before anything is inflated, and counts the bytes actually inflated while reading, since the
declared sizes are the attacker's to write.

Workers are new interpreters (not forks): they start small, hold none of the caller's memory or connections, and
their memory limit is counted from their own size after `preload`. Nothing here knows what the functions do, so the web
platform's workbook imports can run in the same kind of worker as the monitor's attachment text.
"""

from __future__ import annotations

import importlib
import io
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import weakref
import zipfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any, Callable, Sequence, TypeVar

from dgeval.errors import DgevalError
from dgeval.i18n import gettext as _

T = TypeVar("T")
#: A worker is replaced after this many calls, so that a fragmented heap does not creep up on its memory limit.
CALLS_PER_WORKER = 20_000
#: Members smaller than this are not judged by their compression ratio: small XML parts compress very well.
RATIO_FLOOR_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one call may use. `memory_bytes` is address space on top of the worker's own size after its preload."""

    memory_bytes: int = 256 << 20
    cpu_seconds: int = 20
    wall_seconds: float = 30.0
    archive_bytes: int = 100 << 20  # sum of an archive's uncompressed member sizes
    archive_ratio: float = 200.0  # uncompressed / compressed, per member of RATIO_FLOOR_BYTES or more (zip bombs: 1,000+)
    archive_members: int = 10_000


class Refused(DgevalError):
    """A document was not read to the end because a limit stopped it; the message says which (in Chinese)."""


class SandboxError(DgevalError):
    """The work raised an error of its own in the worker (a damaged file); the message names the error."""


# --- archives -----------------------------------------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive by its directory alone: too many members, too large once inflated, or inflating too far."""
    infos = archive.infolist()
    if len(infos) > limits.archive_members:
        raise Refused(_("压缩包有 {count} 个成员，超过上限 {limit} 个").format(count=len(infos), limit=limits.archive_members))
    total = sum(info.file_size for info in infos)
    if total > limits.archive_bytes:
        raise Refused(_("压缩包解压后共 {size} 字节，超过上限 {limit} 字节").format(size=total, limit=limits.archive_bytes))
    for info in infos:
        _check_ratio(info.filename, info.file_size, info.compress_size, limits)


def _check_ratio(name: str, size: int, packed: int, limits: Limits) -> None:
    if size >= RATIO_FLOOR_BYTES and size > limits.archive_ratio * max(packed, 1):
        raise Refused(_("压缩包成员 {name} 的压缩比 {ratio:.0f}:1 超过上限 {limit:.0f}:1").format(
            name=name[:100], ratio=size / max(packed, 1), limit=limits.archive_ratio))


class BoundedZipFile(zipfile.ZipFile):
    """A ZipFile checked by `check_archive` when opened, whose members count the bytes they inflate while read:
    past the archive's byte limit, or a member's compression-ratio limit, reading raises `Refused`."""

    def __init__(self, file: str | os.PathLike[str] | IO[bytes], limits: Limits) -> None:
        super().__init__(file)
        self.limits = limits
        self.inflated = 0
        check_archive(self, limits)

    def open(self, name: str | zipfile.ZipInfo, mode: str = "r", pwd: bytes | None = None, *,
             force_zip64: bool = False) -> IO[bytes]:
        member = super().open(name, mode, pwd, force_zip64=force_zip64)
        if mode != "r":
            return member
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        return io.BufferedReader(_CountingReader(member, info, self), 1 << 16)


class _CountingReader(io.RawIOBase):
    """A member of a BoundedZipFile, read through: counts what it inflates against the archive's limits."""

    def __init__(self, member: IO[bytes], info: zipfile.ZipInfo, archive: BoundedZipFile) -> None:
        super().__init__()
        self._member = member
        self._info = info
        self._archive = archive
        self._read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._member.read(len(buffer))
        size = len(data)
        self._read += size
        self._archive.inflated += size
        limits = self._archive.limits
        if self._archive.inflated > limits.archive_bytes:
            raise Refused(_("压缩包解压后超过上限 {limit} 字节").format(limit=limits.archive_bytes))
        _check_ratio(self._info.filename, self._read, self._info.compress_size, limits)
        buffer[:size] = data
        return size

    def close(self) -> None:
        self._member.close()
        super().close()


def open_archive(data: bytes, limits: Limits) -> BoundedZipFile:
    """The archive in `data`, checked before reading and counted while reading (see `BoundedZipFile`)."""
    return BoundedZipFile(io.BytesIO(data), limits)


# --- the worker pool ------------------------------------------------------------------------------------------------


class Sandbox:
    """Up to `workers` worker processes; `call` runs a function in one of them under `limits`.

    Thread-safe: an asyncio program calls it through `asyncio.to_thread`. Workers start on first use and end with
    `close()` (or the context manager, or garbage collection). `preload` names modules each worker imports before
    its memory limit is counted, so that a parser's own code does not use up the budget of the first document.
    The function and its arguments must be picklable: a module-level function and bytes, typically.
    """

    def __init__(self, workers: int = 1, limits: Limits | None = None, preload: Sequence[str] = ()) -> None:
        self.limits = limits or Limits()
        self._preload = tuple(preload)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _slot in range(max(1, workers)):
            self._idle.put(None)  # a slot; its worker starts when first needed
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End every worker; later calls start new ones."""
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        _stop_all(workers)

    def call(self, func: Callable[..., T], *args: Any, limits: Limits | None = None) -> T:
        """`func(*args)` in a worker. Raises `Refused` when a limit stopped it, `SandboxError` when it raised."""
        limits = limits or self.limits
        worker = self._idle.get()
        try:
            if worker is None or not worker.usable():
                self._retire(worker)
                worker = self._start()
            outcome, value = worker.run(func, args, limits)
            if outcome == "refused":  # a limit was reached: the worker's heap may be full of the document
                self._retire(worker)
                worker = None
        except BaseException:
            self._retire(worker)
            worker = None
            raise
        finally:
            self._idle.put(worker)
        if outcome == "ok":
            return value  # type: ignore[no-any-return]
        if outcome == "refused":
            raise Refused(value)
        raise SandboxError(value)

    def _start(self) -> _Worker:
        try:
            worker = _Worker(self._preload)
        except OSError as exc:  # no process could be started (fork failed, descriptors exhausted)
            raise Refused(_("处理进程无法启动：{error}").format(error=exc)) from exc
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        with self._lock:
            self._all.discard(worker)
        worker.stop()


def _stop_all(workers: Any) -> None:
    for worker in list(workers):
        worker.stop()


class _Worker:
    """One worker process and the socket to it. Started as `python -c` with a socket of its own rather than with
    multiprocessing's spawn, which would import the caller's main script again (a web server's, a test runner's)."""

    def __init__(self, preload: tuple[str, ...]) -> None:
        ours, theirs = socket.socketpair()
        # Its output goes nowhere: what it has to say comes back over the socket (a CLI prints no traceback).
        self.process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(theirs.fileno())], pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.calls = 0
        try:
            self.conn.send((sys.path, preload))
        except OSError as exc:
            self.stop()
            raise Refused(_("处理进程无法启动：{error}").format(error=exc)) from exc

    def usable(self) -> bool:
        return self.calls < CALLS_PER_WORKER and self.process.poll() is None

    def run(self, func: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> tuple[str, Any]:
        self.calls += 1
        try:
            self.conn.send((func, args, limits))
            if not self.conn.poll(limits.wall_seconds):
                self.stop()
                return "refused", _("用时超过上限 {limit:g} 秒").format(limit=limits.wall_seconds)
            answer: tuple[str, Any] = self.conn.recv()
            return answer
        except (EOFError, OSError):
            try:
                code = self.process.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            self.stop()
            if code is not None and code < 0:
                detail = signal.Signals(-code).name if -code in signal.valid_signals() else str(code)
                return "refused", _("处理进程被系统终止（{signal}），可能超过了内存或 CPU 上限").format(signal=detail)
            return "refused", _("处理进程意外退出（退出码 {code}）").format(code=code)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


#: The worker's first words: its socket's descriptor is argv[1]; the path and modules to load come over it.
_BOOT = "import sys; from dgeval.sandbox import serve; serve(int(sys.argv[1]))"


class _CpuTime(BaseException):
    """Raised in a worker by SIGXCPU; a BaseException so that the work's own `except Exception` cannot swallow it."""


def _on_sigxcpu(signum: int, frame: object) -> None:
    raise _CpuTime


def _address_space() -> int:
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


def serve(fd: int) -> None:
    """The worker's main: over the socket `fd`, take the caller's sys.path and the modules to preload, import them,
    then run calls one at a time, each under its limits, until the socket closes."""
    conn = Connection(fd)
    try:
        path, preload = conn.recv()
    except (EOFError, OSError):
        return
    sys.path[:] = path
    for name in preload:
        importlib.import_module(name)
    signal.signal(signal.SIGXCPU, _on_sigxcpu)
    base = _address_space()
    as_hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    while True:
        try:
            func, args, limits = conn.recv()
        except (EOFError, OSError):
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu_limit = int(used.ru_utime + used.ru_stime) + limits.cpu_seconds
        memory_limit = base + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_CPU, (_under(cpu_limit, cpu_hard), cpu_hard))
        resource.setrlimit(resource.RLIMIT_AS, (_under(memory_limit, as_hard), as_hard))
        try:
            answer = outcome(func, *args)
        except MemoryError:
            answer = ("refused", _("内存超过上限 {limit} MB").format(limit=limits.memory_bytes >> 20))
        except _CpuTime:
            answer = ("refused", _("CPU 时间超过上限 {limit} 秒").format(limit=limits.cpu_seconds))
        finally:
            resource.setrlimit(resource.RLIMIT_AS, (as_hard, as_hard))
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_hard, cpu_hard))
        try:
            conn.send(answer)
        except (MemoryError, OSError, ValueError, TypeError, AttributeError):  # unpicklable or too large a result
            conn.send(("error", "the result could not be sent back"))


def outcome(func: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """What a worker answers for `func(*args)`: ("ok", result), ("refused", why) when a document limit refused it, or
    ("error", what went wrong) when the document is at fault. The limits of a whole call (memory, CPU time) are not
    caught here: the worker answers for those."""
    try:
        return "ok", func(*args)
    except Refused as exc:
        return "refused", str(exc)
    except MemoryError:
        raise
    except Exception as exc:  # the document's own fault: reported, the worker goes on
        return "error", f"{type(exc).__name__}: {exc}"[:500]


def _under(value: int, hard: int) -> int:
    return value if hard == resource.RLIM_INFINITY else min(value, hard)
