"""Development settings: DEBUG on unless DGEVAL_DEBUG=0, a fixed throwaway key if none is set.

Used by `dgeval demo` (which sets DJANGO_SETTINGS_MODULE to this), or when asked for by name; every other entry
point defaults to `prod`.
"""


from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY_VARIABLES, env_bool, env_first

DEBUG = env_bool("DGEVAL_DEBUG", True)
SECRET_KEY = env_first(*SECRET_KEY_VARIABLES) or "dev-only-insecure-key-do-not-use-in-production"
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Serve static files straight from the app folders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
