"""Django set up for a command run outside a web server (the `dgeval` CLI, an app's own subcommands, the demo)."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Set up Django once, with the dev settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.dev")
    import django

    django.setup()
