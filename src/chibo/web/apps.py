from django.apps import AppConfig


class ChiboWebConfig(AppConfig):
    name = "chibo.web"
    label = "chibo"
    verbose_name = "chibo"
    default_auto_field = "django.db.models.BigAutoField"
