"""WSGI entry point (waitress, gunicorn, mod_wsgi): `dgeval.web.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dgeval.web.settings.prod")

application = get_wsgi_application()
