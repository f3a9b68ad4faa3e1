"""WSGI entry point for production servers (gunicorn komplan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komplan.settings")
application = get_wsgi_application()
