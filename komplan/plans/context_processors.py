from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from komplan.plans.registers import REGISTERS


def plan_sections(request: HttpRequest) -> dict[str, Any]:
    return {"plan_sections": [(slug, REGISTERS[slug].title) for slug in REGISTERS]}
