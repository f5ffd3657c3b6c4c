"""`python -m dgeval.web <command>`: Django's manage.py, defaulting to the production settings.

A missing secret key, a bad DATABASE_URL or an unreachable database is one line on stderr (exit 2), as in `dgeval`.
"""

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Run a Django management command (argv without the program name; default sys.argv[1:])."""
    from dgeval.errors import ConfigError
    from dgeval.web.cli import cmd_manage

    try:
        return cmd_manage(argparse.Namespace(args=list(sys.argv[1:] if argv is None else argv)))
    except ConfigError as exc:
        print(f"python -m dgeval.web: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
