"""WSGI entry point: `waitress-serve chibo.web.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chibo.web.settings")
application = get_wsgi_application()
