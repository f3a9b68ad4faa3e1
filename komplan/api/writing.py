"""Changes through the API, made by the screens' own forms: the same validation, the same
messages, the same optimistic locking (`LockedModelForm.save_locked`), the same audit trail.

A JSON body becomes the form's data: lists are a many-to-many field's ids, null is an empty
field. A change (PATCH) starts from the entry as stored and replaces what the body names; a create
starts from the model's defaults.
The version a change was based on comes from `If-Match` (the ETag of a read: `"3"`); a stale
one is refused with 412, a missing one with 428.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from komplan.plans.editing import EditConflict


class FormInvalid(Exception):
    """The form refused the data: its errors, by field, in the screens' words."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid")
        self.errors = errors


class Stale(Exception):
    """Someone changed the object since the version the caller read."""


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None, current: int) -> int:
    """The version `If-Match` names; `*` means whatever is stored. 428 without one."""
    if not if_match:
        raise HttpError(428, _("Send the entry's ETag in If-Match to change it."))
    value = if_match.strip()
    if value == "*":
        return current
    value = value.removeprefix("W/").strip('"')
    try:
        return int(value)
    except ValueError:
        raise Stale from None


def _as_form_value(value: Any) -> list[str]:
    if value is None:
        return [""]
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if isinstance(value, bool):
        return ["on"] if value else []
    if isinstance(value, dt.date | dt.time | Decimal | int | float):
        return [str(value)]
    if isinstance(value, models.Model):
        return [str(value.pk)]
    return [str(value)]


def form_data(fields: list[str], values: dict[str, Any]) -> MultiValueDict[str, str]:
    data: MultiValueDict[str, str] = MultiValueDict()
    for name in fields:
        if name in values:
            data.setlist(name, _as_form_value(values[name]))
    return data


def valid(form: Any) -> Any:
    """`form` once it accepts its data; FormInvalid with its errors if it does not."""
    if not form.is_valid():
        raise FormInvalid(
            {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        )
    return form


def save(
    request: HttpRequest,
    form_class: Any,
    body: dict[str, Any],
    *,
    instance: Any = None,
    if_match: str | None = None,
    new: Any = None,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    saver: Callable[[Any], Any] | None = None,
    **form_kwargs: Any,
) -> Any:
    """Create (no `instance`) or change an object through `form_class`; FormInvalid, Stale.

    `new` is the unsaved object a create starts from, as the screen makes it (a forum of its
    organisation); `prepare` turns the values into what the form reads, where the API names
    a value otherwise than the form (a decision's plan version); `saver` saves a valid form
    as the screen does, when a service does more than `save_locked` (a new meeting)."""
    fields = list(form_class._meta.fields)
    # What the body leaves out keeps its stored value; on a create, the model's default.
    if instance is not None:
        stored = instance
    else:
        stored = new if new is not None else form_class._meta.model()
    values = {k: v for k, v in model_to_dict(stored, fields=fields).items() if v is not None}
    values.update(body)
    if prepare is not None:
        values = prepare(values)
    data = form_data(fields, values)
    if instance is not None:
        data["lock_version"] = str(expected_version(if_match, instance.lock_version))
    form = valid(
        form_class(data, instance=instance if instance is not None else new, **form_kwargs)
    )
    try:
        saved = form.save_locked(user=request.user) if saver is None else saver(form)
    except EditConflict:
        raise Stale from None
    # The links just written, as a read would list them, without reading them again: the
    # form's choices were loaded (in the model's order) when it checked them.
    saved._prefetched_objects_cache = {
        field.name: form.cleaned_data[field.name]
        for field in saved._meta.many_to_many
        if field.name in form.cleaned_data
    }
    return saved


def delete(instance: Any, if_match: str | None) -> None:
    """Delete `instance`, as the screens do. A delete may name the version it saw; a stale one
    is refused."""
    if if_match and expected_version(if_match, instance.lock_version) != instance.lock_version:
        raise Stale
    instance.delete()
