"""Optimistic locking for every edit form: two people may open the same object, but
the second save is refused with what the first one changed, never silently lost.
`save_form` is the view side every edit page uses: save, or show the form again."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


class EditConflict(Exception):
    """Someone saved the object after this form was opened."""

    def __init__(self, current: models.Model, changes: list[FieldChange]) -> None:
        super().__init__("edit conflict")
        self.current = current
        self.changes = changes


def display_value(instance: models.Model, name: str) -> str:
    """How a field's value reads to a person, for comparing two versions."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(obj) for obj in getattr(instance, name).all()))
    if getattr(field, "choices", None):
        return str(getattr(instance, f"get_{name}_display")())
    value = getattr(instance, name)
    return "" if value is None else str(value)


class LockedModelForm(forms.ModelForm):
    """A model form that remembers the version and values it was opened with."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        if self.instance.pk is not None:  # only an edit can conflict
            self.fields["seen"].initial = json.dumps(self.current_values(self.instance))

    def current_values(self, instance: models.Model) -> dict[str, str]:
        return {name: display_value(instance, name) for name in self._meta.fields or []}

    def reopen_on(self, current: models.Model) -> None:
        """Keep the user's input but base it on `current`, so saving again replaces it."""
        data = self.data.copy()
        data[self.add_prefix("lock_version")] = str(current.lock_version)
        data[self.add_prefix("seen")] = json.dumps(self.current_values(current))
        self.data = data

    def changes_since_seen(self, current: models.Model) -> list[FieldChange]:
        try:
            seen = json.loads(self.cleaned_data.get("seen") or "{}")
        except ValueError:
            seen = {}
        now = self.current_values(current)
        return [
            FieldChange(str(self.fields[name].label), seen.get(name, ""), value)
            for name, value in now.items()
            if name in self.fields and seen.get(name, "") != value
        ]

    def save_locked(self, *, user: Any) -> models.Model:
        """Save if nobody saved since the form was opened; otherwise raise EditConflict."""
        instance = self.instance
        model = type(instance)
        with transaction.atomic():
            if instance.pk is not None:
                read_version = self.cleaned_data.get("lock_version")
                claimed = model._default_manager.filter(
                    pk=instance.pk, lock_version=read_version
                ).update(lock_version=F("lock_version") + 1)
                if not claimed:
                    current = model._default_manager.get(pk=instance.pk)
                    raise EditConflict(current, self.changes_since_seen(current))
                instance.lock_version = (read_version or 0) + 1
            instance.updated_by = user if user.is_authenticated else None
            saved = super().save()
            self.after_save()
            return saved

    def after_save(self) -> None:
        """What else a save means, in the saving transaction (a plan re-reads its times)."""


CONFLICT_MESSAGE = _(
    "Someone else saved this while you were editing. Your version is kept in the form "
    "below; their changes are listed. Save again to replace their version with yours."
)


def save_form(
    request: HttpRequest,
    form: Any,
    template: str,
    context: dict[str, Any],
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str],
    *,
    save: Callable[[Any], Any] | None = None,
    warnings: Callable[[Any], list[str]] | None = None,
) -> HttpResponse:
    """Save a locked form or show it again: invalid, or conflicting with another save.
    `success_url` and `success_message` may be functions of the saved object; `warnings`
    names what the saved object should have looked at, shown after the success message."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form) if save else form.save_locked(user=request.user)
        except EditConflict as conflict:
            form.reopen_on(conflict.current)
            context["conflict"] = conflict
            messages.error(request, CONFLICT_MESSAGE)
            return render(request, template, {**context, "form": form}, status=409)
        text = success_message(saved) if callable(success_message) else success_message
        messages.success(request, text)
        for warning in warnings(saved) if warnings else []:
            messages.warning(request, warning)
        return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(request, template, {**context, "form": form})


def confirm_delete(
    request: HttpRequest,
    entry: models.Model,
    template: str,
    context: dict[str, Any],
    success_url: str,
    success_message: str,
) -> HttpResponse:
    """The page that deletes one thing: GET asks (`template` with `context`), POST deletes
    `entry` and goes to `success_url` saying `success_message`."""
    if request.method == "POST":
        entry.delete()
        messages.success(request, success_message)
        return redirect(success_url)
    return render(request, template, context)
