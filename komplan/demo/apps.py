from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "komplan.demo"
    label = "demo"
