"""How a recorded event reads: field labels and choice labels in the reader's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from komplan.audit.models import AuditEvent
from komplan.audit.recording import COPIED_FROM, COPIED_FROM_LABEL, MODEL_OF, PLAN, POSITION_LABEL


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _choice(f: Any, code: str | None, recorded: str) -> str:
    if not code or f is None or not f.choices:
        return recorded
    return str(dict(f.flatchoices).get(code, recorded))


def field_changes(event: AuditEvent) -> list[dict[str, str]]:
    """Each change of `event` as {"label", "old", "new"}, labelled in the active language."""
    model = MODEL_OF.get(event.register)
    rows = []
    for entry in event.changes or []:
        name = entry.get("field", "")
        f = _field(model, name)
        if event.register == PLAN and "count" in entry and entry.get("register") in MODEL_OF:
            # A plan written in one go: how many entries of a register it came with.
            model = MODEL_OF[entry["register"]]
            label = str(capfirst(model._meta.verbose_name_plural))
            count = formats.number_format(entry["count"], force_grouping=True)
            rows.append({"field": name, "label": label, "old": "", "new": count})
            continue
        if event.register == PLAN and name == COPIED_FROM:
            label = str(COPIED_FROM_LABEL)
        elif name == "position":
            label = str(POSITION_LABEL)
        elif f is not None and getattr(f, "verbose_name", None):
            label = str(capfirst(f.verbose_name))
        else:
            label = entry.get("label") or name
        rows.append(
            {
                "field": name,
                "label": label,
                "old": _choice(f, entry.get("old_value"), entry.get("old", "")),
                "new": _choice(f, entry.get("new_value"), entry.get("new", "")),
            }
        )
    return rows


def register_label(slug: str) -> str:
    """What an event's register is called: the singular of its entries, or "Plan"."""
    if slug == PLAN:
        return str(_("Plan"))
    model = MODEL_OF.get(slug)
    return str(capfirst(model._meta.verbose_name)) if model else slug
