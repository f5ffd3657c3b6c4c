"""Production settings: HTTPS-only cookies, HSTS, and a required DGEVAL_SECRET_KEY.

`python -m dgeval.web check --deploy --settings=dgeval.web.settings.prod` is clean with
DGEVAL_SECRET_KEY and DGEVAL_ALLOWED_HOSTS set.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DGEVAL_DEBUG", False)
SECRET_KEY = os.environ.get("DGEVAL_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DGEVAL_SECRET_KEY must be set to a random string of at least 50 characters in production "
        '(e.g. python -c "import secrets; print(secrets.token_urlsafe(50))")'
    )

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
