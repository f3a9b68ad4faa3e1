from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from komplan.plans.registers import REGISTERS

# The order of the plan document: goals (2), tiers and groups (3), messages (4),
# channels (5), activities (6).
DOCUMENT_ORDER = ["goals", "tiers", "groups", "messages", "channels", "activities"]


def plan_sections(request: HttpRequest) -> dict[str, Any]:
    return {"plan_sections": [(slug, REGISTERS[slug].title) for slug in DOCUMENT_ORDER]}
