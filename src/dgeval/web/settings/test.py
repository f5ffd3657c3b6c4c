"""Test settings: fast hashing, in-memory mail, SQLite under pytest-django's test database.

`DGEVAL_TEST_DATABASE_URL` runs the same tests on another database (scripts/dev.sh runs the web suite a second
time on a throwaway PostgreSQL cluster).
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A file, not SQLite's shared in-memory database: there, a thread touching a table another thread is writing fails
# at once ("database table is locked", no busy wait), so the embedded runner's threads (scan, heartbeat) and a test
# polling the run would fail in ways production, with a file and a busy timeout, never does.
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "OPTIONS": dict(SQLITE_OPTIONS),  # noqa: F405
    "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"dgeval-test-{os.getpid()}.sqlite3")},
}}
if os.environ.get("DGEVAL_TEST_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DGEVAL_TEST_DATABASE_URL"])}
DGEVAL_TODAY = None
AXES_FAILURE_LIMIT = 3
# Serve static files straight from the app folders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Loopback test sites answer at once; the limiter's own tests set their intervals.
DGEVAL_HOST_INTERVAL = 0.0
# Work is done in the caller: a runner thread would outlive the test whose database it uses. Tests of the embedded
# runner opt in and stop it.
DGEVAL_SCAN_RUNNER = "inline"
