"""The one `dgeval` command. Each area registers its own subcommands; this module only wires them together."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from dgeval import __version__

#: modules exposing `register(subparsers)`; imported lazily so `dgeval framework` does not load aiohttp or Django.
COMMAND_MODULES: tuple[str, ...] = (
    "dgeval.framework.cli",
    "dgeval.scoring.cli",
    "dgeval.monitor.cli",
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse exits 2 on bad arguments, which is our contract too; keep the message on one line."""


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = ArgumentParser(prog="dgeval", description="数字政府服务能力评估 / 政府网站绩效评估")
    parser.add_argument("--version", action="version", version=f"dgeval {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ArgumentParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("dgeval"):
                continue  # an area not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
