"""Production settings, the default of every entry point (wsgi.py, `python -m dgeval.web`, `dgeval manage`).

Refuses to start without a secret key (DJANGO_SECRET_KEY or DGEVAL_SECRET_KEY) and the host names it serves
(DJANGO_ALLOWED_HOSTS or DGEVAL_ALLOWED_HOSTS); HTTPS-only cookies and HSTS. `dgeval manage check --deploy` is clean.
Only `dgeval demo` (dev settings) and the tests (test settings) run otherwise. See docs/deployment.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from dgeval.i18n import gettext as _

from .base import ALLOWED_HOSTS_VARIABLES, SECRET_KEY_VARIABLES, env_bool, env_first

DEBUG = env_bool("DGEVAL_DEBUG", False)
SECRET_KEY = env_first(*SECRET_KEY_VARIABLES)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(_(
        "请设置 DJANGO_SECRET_KEY（或 DGEVAL_SECRET_KEY）为至少 50 个字符的随机串"
        '（python -c "import secrets; print(secrets.token_urlsafe(50))"）；本机试用请运行 dgeval demo'))
if not env_first(*ALLOWED_HOSTS_VARIABLES):
    raise ImproperlyConfigured(_(
        "请设置 DJANGO_ALLOWED_HOSTS（或 DGEVAL_ALLOWED_HOSTS）为本平台对外的主机名，多个用逗号分隔（如 pg.example.gov.cn）"))

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("DGEVAL_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DGEVAL_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Behind a reverse proxy that terminates TLS, set DGEVAL_BEHIND_PROXY=1 so Django trusts X-Forwarded-Proto.
if env_bool("DGEVAL_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
