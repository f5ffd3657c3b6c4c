"""Django set up for a command run outside a web server (the `dgeval` CLI, an app's own subcommands, the demo).

Production settings unless DJANGO_SETTINGS_MODULE says otherwise (`dgeval demo` sets the dev settings first); a
missing key, a bad DATABASE_URL or a database that is down or not migrated comes out as one `ConfigError` that the
CLI prints as one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from dgeval.errors import ConfigError
from dgeval.i18n import gettext as _


def django_setup() -> None:
    """Set up Django once, with the production settings unless DJANGO_SETTINGS_MODULE says otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.prod")
    import django

    with platform_errors():
        django.setup()


@contextmanager
def platform_errors() -> Iterator[None]:
    """A missing key, a bad DATABASE_URL or DGEVAL_TODAY, or a database that is down or not migrated, as one
    `ConfigError` naming what to fix (the CLI prints it as one line) instead of a traceback."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError, ProgrammingError

    try:
        yield
    except ImproperlyConfigured as exc:
        raise ConfigError(str(exc)) from exc
    except (OperationalError, ProgrammingError) as exc:
        raise ConfigError(database_problem(exc)) from exc


def database_problem(exc: Exception) -> str:
    """What is wrong with the database, naming it as DATABASE_URL gives it (never its password)."""
    from django.db import connection

    db = connection.settings_dict
    where = str(db.get("NAME") or "")
    if db.get("HOST"):
        where = f"{db['HOST']}:{db.get('PORT') or ''}/{where}"
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if "no such table" in first_line or "does not exist" in first_line:
        return _("数据库 %(db)s 尚未建表：请先运行 dgeval manage migrate（数据库由 DATABASE_URL 指定）") % {"db": where}
    return _("无法使用数据库 %(db)s（由 DATABASE_URL 指定）：%(error)s") % {"db": where, "error": first_line}
