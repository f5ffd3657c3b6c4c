"""The one `dgeval` command. Each area registers its own subcommands; this module only wires them together."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from dgeval import __version__

#: modules exposing `register(subparsers)`. Registration stays cheap: Django is imported only when a web command runs.
COMMAND_MODULES: tuple[str, ...] = (
    "dgeval.framework.cli",
    "dgeval.scoring.cli",
    "dgeval.monitor.cli",
    "dgeval.web.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dgeval", description="数字政府服务能力评估 / 政府网站绩效评估")
    parser.add_argument("--version", action="version", version=f"dgeval {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
