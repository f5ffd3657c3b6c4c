"""Settings shared by every environment.

Everything that differs per deployment comes from environment variables with the DGEVAL_ prefix
(plus DATABASE_URL, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS), so the same code runs on a laptop (SQLite under
./var/) and on a server (PostgreSQL). Defaults are the safe ones: DEBUG off, secure cookies in prod; the variables
are listed in docs/deployment.md.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dgeval.i18n import gettext as _

WEB_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean env var; "1", "true", "yes", "on" are true (case-insensitive)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated env var into a list of non-empty stripped items."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_first(*names: str) -> str:
    """The value of the first of NAMES that is set and not empty, or ""."""
    return next((os.environ[name] for name in names if os.environ.get(name)), "")


def env_date(name: str) -> date | None:
    """Read an ISO date env var (YYYY-MM-DD); a bad value is a startup error naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ImproperlyConfigured(_("%(name)s=%(value)r 不是日期，应为 YYYY-MM-DD") % {"name": name, "value": value}) \
            from exc


def database_from_env(default: str) -> dict:
    """DATABASE_URL (or DEFAULT) as Django's database settings; a bad URL is a startup error naming the variable.

    The message shows the URL's scheme only: the rest may hold a password.
    """
    try:
        return dj_database_url.config(env="DATABASE_URL", default=default,
                                      conn_max_age=int(os.environ.get("DGEVAL_DB_CONN_MAX_AGE", "60")))
    except ValueError as exc:
        scheme = os.environ.get("DATABASE_URL", "").split("://", 1)[0]
        raise ImproperlyConfigured(
            _("DATABASE_URL（%(scheme)s://…）无法识别：%(error)s；应如 postgres://用户:密码@主机:5432/库名 或 sqlite:///路径")
            % {"scheme": scheme, "error": exc}) from exc


DATA_DIR = Path(os.environ.get("DGEVAL_DATA_DIR") or Path.cwd() / "var").resolve()

DEBUG = env_bool("DGEVAL_DEBUG", False)
#: Django's usual name first; DGEVAL_SECRET_KEY is the project's own name for the same key.
SECRET_KEY_VARIABLES = ("DJANGO_SECRET_KEY", "DGEVAL_SECRET_KEY")
SECRET_KEY = env_first(*SECRET_KEY_VARIABLES)
ALLOWED_HOSTS_VARIABLES = ("DJANGO_ALLOWED_HOSTS", "DGEVAL_ALLOWED_HOSTS")
ALLOWED_HOSTS = [h.strip() for h in env_first(*ALLOWED_HOSTS_VARIABLES).split(",") if h.strip()] or [
    "localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DGEVAL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "dgeval.web.audit.apps.AuditedAdminConfig",  # django.contrib.admin, every change audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dgeval.web.common.thirdparty.AxesConfig",
    "csp",
    "dgeval.web.common",
    "dgeval.web.accounts",
    "dgeval.web.audit",
    "dgeval.web.notifications",
    "dgeval.web.campaigns",
    "dgeval.web.targets",
    "dgeval.web.registration",
    "dgeval.web.consultation",
    "dgeval.web.monitoring",
    "dgeval.web.scores",
    "dgeval.web.collection",
    "dgeval.web.foi",
    "dgeval.web.newmedia",
    "dgeval.web.publication",
    "dgeval.web.common.thirdparty.CaptchaConfig",
    "dgeval.web.cases",
    "dgeval.web.voting",
    "dgeval.web.awards",
    "dgeval.web.dashboards",
]

MIDDLEWARE = [
    # First: a body over DGEVAL_MAX_REQUEST_BYTES is refused before anything reads it.
    "dgeval.web.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dgeval.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dgeval.web.urls"
WSGI_APPLICATION = "dgeval.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dgeval.web.accounts.context_processors.role",
                "dgeval.web.notifications.context_processors.unread",
            ],
        },
    },
]

# The embedded runner writes from several threads (scans, probes, heartbeats) while the web serves: writers take the
# lock when their transaction begins and wait for one another instead of failing with "database is locked"; WAL
# lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE", "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
DATABASES = {"default": database_from_env(f"sqlite:///{DATA_DIR / 'dgeval.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:me"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an (username, IP) pair after N failed logins for a cool-off period.
AXES_FAILURE_LIMIT = int(os.environ.get("DGEVAL_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DGEVAL_AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "zh-hans"
# Chinese first; English is the second language, chosen with the header's switch (dgeval.web.language).
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The platform's catalogues (msgids are Chinese): zh_Hans and en, compiled .mo committed beside the .po.
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The report charts' ECharts (vendored once, scripts/vendor_report_assets.sh) serves the platform's charts too.
STATICFILES_DIRS = [WEB_DIR / "static", ("reports", WEB_DIR.parent / "reports" / "static")]
MEDIA_ROOT = Path(os.environ.get("DGEVAL_MEDIA_ROOT") or DATA_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: the stamped registration form is at most this many bytes (checked in the form too).
DGEVAL_UPLOAD_MAX_BYTES = int(os.environ.get("DGEVAL_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Whole requests: refused above this before being read (dgeval.web.middleware); the same as nginx's
# client_max_body_size and the demo server's limit. An upload plus the form around it.
DGEVAL_MAX_REQUEST_BYTES = int(os.environ.get("DGEVAL_MAX_REQUEST_BYTES", str(DGEVAL_UPLOAD_MAX_BYTES + 2 * 1024 * 1024)))
# Form fields other than files: at most this much in memory; files above FILE_UPLOAD_MAX_MEMORY_SIZE go to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

EMAIL_BACKEND = os.environ.get("DGEVAL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DGEVAL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DGEVAL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DGEVAL_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DGEVAL_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DGEVAL_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DGEVAL_FROM_EMAIL", "dgeval@localhost")
# Where the platform is reached from outside: the links mailed to people (a new webmaster's set-password link).
DGEVAL_SITE_URL = os.environ.get("DGEVAL_SITE_URL", "http://127.0.0.1:8000")
# A set-password link mailed on approval stays valid for a week (it is spent once used).
PASSWORD_RESET_TIMEOUT = 7 * 86_400

# The platform's "today" (dgeval.web.common.clock): phases, deadlines and every record's date are judged against it
# instead of the real date, for 2020 demos.
DGEVAL_TODAY = env_date("DGEVAL_TODAY")
# 整改: working days a target has to fix a finding sent to it, and how many before that deadline it is reminded,
# when the campaign year's rules/campaign.toml does not say (admins change them per campaign).
DGEVAL_RECTIFICATION_DAYS = int(os.environ.get("DGEVAL_RECTIFICATION_DAYS", "10"))
DGEVAL_RECTIFICATION_REMIND_DAYS = int(os.environ.get("DGEVAL_RECTIFICATION_REMIND_DAYS", "2"))

# Framework data (data/<year>/*.toml and rules/): empty for the data shipped with dgeval; a folder of one's own for a
# year not shipped yet (docs/frameworks.md).
DGEVAL_FRAMEWORK_DIR = os.environ.get("DGEVAL_FRAMEWORK_DIR") or None

# Cookies and headers: safe everywhere; prod adds HTTPS-only settings.
# Sessions end when the browser closes, and on the server 8 hours after login whatever the browser keeps: a shared
# office computer left logged in does not stay logged in (DGEVAL_SESSION_HOURS changes the 8).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(float(os.environ.get("DGEVAL_SESSION_HOURS", "8")) * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every page (django-csp): the platform's own scripts, styles and fonts only, no inline
# script or style, no plugins, never framed. Views that set their own header keep it (archived pages, reports).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Monitoring at scale (docs/scale.md). Without a broker: the embedded runner (threads of the web server, SQLite is
# fine). With DGEVAL_BROKER_URL (Redis): Celery workers (`dgeval worker`) do the work, celery beat (`dgeval beat`,
# schedules in the database, editable in the admin) ticks the monitoring schedules.
DGEVAL_BROKER_URL = os.environ.get("DGEVAL_BROKER_URL", "")
# Seconds between two requests to one host, across every scan and probe of the deployment.
DGEVAL_HOST_INTERVAL = float(os.environ.get("DGEVAL_HOST_INTERVAL", "0.5"))
# A part's worker stamps its heartbeat this often; three silent beats and the part is taken up by another worker.
DGEVAL_HEARTBEAT_SECONDS = float(os.environ.get("DGEVAL_HEARTBEAT_SECONDS", "10"))
# A scan saves its crawl checkpoint this often (seconds).
DGEVAL_CHECKPOINT_SECONDS = float(os.environ.get("DGEVAL_CHECKPOINT_SECONDS", "30"))
# Scans the embedded runner does at once (SQLite takes one writer: more threads mostly wait).
DGEVAL_SCAN_THREADS = int(os.environ.get("DGEVAL_SCAN_THREADS", "1"))
if DGEVAL_BROKER_URL:
    INSTALLED_APPS.append("django_celery_beat")
    CELERY_BROKER_URL = DGEVAL_BROKER_URL
    CELERY_TASK_IGNORE_RESULT = True
    # A task is acknowledged when done: a message whose worker died is delivered again (the part's lease makes
    # a second delivery harmless). The visibility timeout must outlast the longest scan.
    CELERY_TASK_ACKS_LATE = True
    CELERY_TASK_REJECT_ON_WORKER_LOST = True
    CELERY_WORKER_PREFETCH_MULTIPLIER = 1
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("DGEVAL_VISIBILITY_TIMEOUT", "43200"))}
    CELERY_TASK_DEFAULT_QUEUE = "scans"
    CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
    CELERY_TIMEZONE = "Asia/Shanghai"
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DGEVAL_LOG_LEVEL", "INFO")},
}
AXES_VERBOSE = False
