"""`python -m dgeval.web <command>`: Django's manage.py, defaulting to the dev settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command (argv without the program name; default sys.argv[1:])."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dgeval.web", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
