"""Development settings: DEBUG on unless DGEVAL_DEBUG=0, a fixed throwaway key if none is set."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DGEVAL_DEBUG", True)
SECRET_KEY = os.environ.get("DGEVAL_SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Serve static files straight from the app folders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
