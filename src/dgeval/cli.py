"""The one `dgeval` command. Each area registers its own subcommands; this module only wires them together.

It also turns the errors a user can fix into one line on stderr (exit 2) instead of a traceback: a bad input or
configuration (`DgevalError`), a file that cannot be read or written, and an optional part that is not installed
(`pip install dgeval` alone has no Django; `dgeval demo` then names the extra to install).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from typing import Sequence

from dgeval import __version__
from dgeval.errors import DgevalError
from dgeval.i18n import gettext as _

#: modules exposing `register(subparsers)`. Registration stays cheap: Django is imported only when a web command runs.
COMMAND_MODULES: tuple[str, ...] = (
    "dgeval.framework.cli",
    "dgeval.scoring.cli",
    "dgeval.monitor.cli",
    "dgeval.web.cli",
    "dgeval.web.publication.cli",
)

#: Top-level module of an optional dependency → the extra of pyproject.toml that installs it.
EXTRA_OF_MODULE: dict[str, str] = {
    "django": "web",
    "axes": "web",
    "csp": "web",
    "dj_database_url": "web",
    "whitenoise": "web",
    "waitress": "web",
    "psycopg": "postgres",
}


#: Why a file could not be used, in the user's words, for the reasons a user can fix.
OS_REASONS: dict[int, str] = {
    errno.ENOENT: _("文件或目录不存在"),
    errno.ENOTDIR: _("路径中有一段不是目录"),
    errno.EISDIR: _("这是一个目录，不是文件"),
    errno.EACCES: _("没有权限"),
    errno.EPERM: _("没有权限"),
    errno.ENOSPC: _("磁盘空间不足"),
    errno.EROFS: _("文件系统只读"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dgeval", description="数字政府服务能力评估 / 政府网站绩效评估")
    parser.add_argument("--version", action="version", version=f"dgeval {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def missing_extra_message(exc: ModuleNotFoundError, command: str) -> str | None:
    """One line naming the extra that provides the missing module, or None when it is not an optional part."""
    top = (exc.name or "").split(".")[0]
    extra = EXTRA_OF_MODULE.get(top)
    if extra is None:
        return None
    return _("dgeval %(command)s 需要可选组件 %(extra)s（缺少模块 %(module)s）：请运行 pip install 'dgeval[%(extra)s]'") % {
        "command": command, "extra": extra, "module": top}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ModuleNotFoundError as exc:
        message = missing_extra_message(exc, args.command)
        if message is None:
            raise
        print(message, file=sys.stderr)
    except DgevalError as exc:
        print(f"dgeval {args.command}: {exc}", file=sys.stderr)
    except OSError as exc:
        if exc.filename is None:
            raise
        reason = OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
        print(_("dgeval %(command)s：无法访问 %(file)s：%(reason)s") % {
            "command": args.command, "file": exc.filename, "reason": reason}, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
