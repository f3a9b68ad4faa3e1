from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from komplan.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: also where a deleted plan's last event can be found."""

    list_display = ["at", "plan_name", "register", "object_repr", "action", "user_name"]
    list_filter = ["action", "register"]
    search_fields = ["plan_name", "object_repr", "user_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
