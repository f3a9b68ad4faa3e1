from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: abstract models and helpers that every other app may import."""

    name = "komplan.core"
    label = "core"
