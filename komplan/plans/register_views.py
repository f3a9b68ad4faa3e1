"""The pages of a register, written once for the registers of every parent: a plan's tiers,
groups, messages, channels, activities and goals, and a meeting's participants, agenda items,
decisions and action items.

Each register has a list (the page; to htmx, the table fragment the page includes), an add
and an edit form (locked: `save_form` refuses, with 409 and what changed, a save that would
overwrite someone else's), a delete that asks first, and moves one place up or down.
`RegisterPages` says what differs between registers; `register_views` makes the view
functions, behind the parent's gate: reading needs VIEW, changing EDIT and the parent's own
guard (a meeting's minutes must be open). Only this module renders those pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ClassVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komplan.accounts.access import EDIT, VIEW
from komplan.plans.editing import save_form

__all__ = ["RegisterPages", "RegisterViews", "register_views"]

View = Callable[..., HttpResponse]
Decorator = Callable[[View], View]


class RegisterPages:
    """One register under its parent, as its pages show it. A subclass per kind of parent
    sets the templates and texts; its instances say which register."""

    parent_name: ClassVar[str]  # "plan", "meeting": the form's keyword argument
    form_template: ClassVar[str]
    delete_template: ClassVar[str]
    model: Any
    form_class: Any
    list_template: str = ""  # empty: the entries are listed by another page (the minutes)
    # The answer to an add from another entry's form (a target group added from the activity
    # form, with htmx): the new entry as that form shows it; empty: no such add.
    inline_template: str = ""
    table_template: str = ""  # the list page's table: htmx gets it alone; empty: reload
    added: Any  # the messages after adding, saving and deleting ("%(entry)s": the entry)
    saved: Any
    deleted: Any

    def get(self, parent: Any, pk: int) -> Any:
        """The parent's entry `pk` with what its form shows; `model.DoesNotExist` if none."""
        raise NotImplementedError

    def list_context(self, request: HttpRequest, parent: Any) -> dict[str, Any]:
        raise NotImplementedError

    def context(self, parent: Any, entry: Any | None) -> dict[str, Any]:
        """The form's and the delete confirmation's context; `entry` None: a new one."""
        raise NotImplementedError

    def list_url(self, parent: Any) -> str:
        raise NotImplementedError

    def saved_url(self, parent: Any, entry: Any) -> str:
        """Where a saved entry is shown."""
        return self.list_url(parent)

    def moved_url(self, request: HttpRequest, parent: Any, entry: Any) -> str:
        """Where a moved entry is shown, without htmx."""
        return self.saved_url(parent, entry)

    def initial(self, request: HttpRequest) -> dict[str, Any] | None:
        """A new entry's initial values (a guest, the agenda item a decision belongs to)."""
        return None

    def warnings(self, parent: Any, entry: Any) -> list[str]:
        """What to tell after a save that went through but wants a second look."""
        return []

    def form(
        self, request: HttpRequest, parent: Any, entry: Any | None, prefix: str | None = None
    ) -> Any:
        initial = self.initial(request) if entry is None else None
        data = request.POST or None
        return self.form_class(
            data, instance=entry, initial=initial, prefix=prefix, **{self.parent_name: parent}
        )

    def entry(self, parent: Any, pk: int) -> Any:
        """The parent's entry `pk`, else 404: another parent's entry is not found through it."""
        try:
            return self.get(parent, pk)
        except self.model.DoesNotExist:
            raise Http404 from None


# --- the views, for any parent ------------------------------------------------------------------


def entry_list(request: HttpRequest, parent: Any, pages: RegisterPages) -> HttpResponse:
    context = pages.list_context(request, parent)
    if request.htmx and pages.table_template:  # type: ignore[attr-defined]
        return render(request, pages.table_template, context)
    return render(request, pages.list_template, context)


# The create form's second button: save, then the same form again, empty, for the next entry.
ADD_ANOTHER = "add_another"


def added_another(entry: Any) -> str:
    """The message after "Save and add another": it names the entry saved, since the page
    that follows shows an empty form instead of it."""
    kind = capfirst(entry._meta.verbose_name)
    name = Truncator(str(entry)).chars(80)
    return _("%(kind)s “%(name)s” was added. The form is empty for the next one.") % {
        "kind": kind,
        "name": name,
    }


INLINE = "inline"


def entry_inline_create(request: HttpRequest, parent: Any, pages: RegisterPages) -> HttpResponse:
    """An entry added from another entry's form (htmx): the fragment that puts it into that
    form, ticked, or says what is missing; the other form's typed text stays untouched. The
    fields carry the prefix that INLINE names ("new-groups-name"), apart from that form's."""
    prefix = request.POST.get(INLINE, "")
    form = pages.form(request, parent, None, prefix=prefix if prefix.startswith("new-") else None)
    if form.is_valid():
        entry = form.save_locked(user=request.user)
        context = {**pages.context(parent, entry), "form": form}
        response = render(request, pages.inline_template, context)
        response["X-Komplan-Added"] = str(entry.pk)
        return response
    return render(request, pages.inline_template, {**pages.context(parent, None), "form": form})


def entry_create(request: HttpRequest, parent: Any, pages: RegisterPages) -> HttpResponse:
    inline = request.method == "POST" and INLINE in request.POST
    if inline and request.htmx and pages.inline_template:  # type: ignore[attr-defined]
        return entry_inline_create(request, parent, pages)
    context = {**pages.context(parent, None), "add_another": ADD_ANOTHER}
    if request.method == "POST" and ADD_ANOTHER in request.POST:
        # Back to this very address: a decision's or action's `?item=` stays chosen.
        again = request.get_full_path()
        return save_form(
            request,
            pages.form(request, parent, None),
            pages.form_template,
            context,
            again,
            added_another,
            warnings=lambda entry: pages.warnings(parent, entry),
        )
    return save_form(
        request,
        pages.form(request, parent, None),
        pages.form_template,
        context,
        lambda entry: pages.saved_url(parent, entry),
        str(pages.added),
        warnings=lambda entry: pages.warnings(parent, entry),
    )


def entry_edit(request: HttpRequest, parent: Any, pages: RegisterPages, pk: int) -> HttpResponse:
    entry = pages.entry(parent, pk)
    return save_form(
        request,
        pages.form(request, parent, entry),
        pages.form_template,
        pages.context(parent, entry),
        pages.saved_url(parent, entry),
        str(pages.saved),
        warnings=lambda saved: pages.warnings(parent, saved),
    )


def entry_delete(request: HttpRequest, parent: Any, pages: RegisterPages, pk: int) -> HttpResponse:
    entry = pages.entry(parent, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, str(pages.deleted) % {"entry": entry})
        return redirect(pages.list_url(parent))
    return render(request, pages.delete_template, pages.context(parent, entry))


def entry_move(request: HttpRequest, parent: Any, pages: RegisterPages, pk: int) -> HttpResponse:
    entry = pages.entry(parent, pk)
    entry.move(-1 if request.POST.get("direction") == "up" else 1)
    if request.htmx and pages.table_template:  # type: ignore[attr-defined]
        return render(request, pages.table_template, pages.list_context(request, parent))
    return redirect(pages.moved_url(request, parent, entry))


# --- behind the gate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterViews:
    """A register's view functions, one per URL pattern."""

    list: View
    create: View
    edit: View
    delete: View
    move: View


def _unguarded(view: View) -> View:
    return view


def register_views(
    pages: RegisterPages | Callable[[Any], RegisterPages],
    *,
    gate: Callable[[str], Decorator],
    guard: Decorator = _unguarded,
    pk: str = "pk",
) -> RegisterViews:
    """The views of a register under the parent that `gate(role)` looks up and checks
    (`plan_view`, `meeting_view`); every change also passes `guard`. `pages` is the register's
    pages, or makes them from the URL's `register` argument (one set of views for all the
    registers a URL converter names). `pk` is the URL argument holding the entry's id."""

    def bind(view: View) -> View:
        @wraps(view)
        def bound(request: HttpRequest, parent: Any, **kwargs: Any) -> HttpResponse:
            if isinstance(pages, RegisterPages):
                register_pages = pages
            else:
                register_pages = pages(kwargs.pop("register"))
            args = [kwargs.pop(pk)] if pk in kwargs else []
            return view(request, parent, register_pages, *args)

        return bound

    def reading(view: View) -> View:
        return gate(VIEW)(bind(view))

    def changing(view: View, *, post_only: bool = False) -> View:
        guarded = guard(bind(view))
        return gate(EDIT)(require_POST(guarded) if post_only else guarded)

    return RegisterViews(
        list=reading(entry_list),
        create=changing(entry_create),
        edit=changing(entry_edit),
        delete=changing(entry_delete),
        move=changing(entry_move, post_only=True),
    )
