import gc

from django.apps import AppConfig


class ChiboWebConfig(AppConfig):
    name = "chibo.web"
    label = "chibo"
    verbose_name = "chibo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import urls  # noqa: F401 -- every view's module, loaded before the freeze below

        # What start-up made (Django, the views, their modules) lives as long as the process:
        # kept out of the full garbage collections, which otherwise walk it all (about 45 ms
        # on the office's year page, every dozen requests).
        gc.freeze()
