"""The plan's overview, served again without reading or rendering what has not changed.

The overview is the page people open most, and its body (coverage, facts, the revision
table, the first entries of every register, the apps' sections, the documents) reads a
dozen queries and renders most of the page. It is kept, rendered, in this process's memory
at two levels:

- the plan tabs and body (`Body`), shared by every reader of the same role, under a key of
  all they are made of: the plan's row as the permission gate read it (its facts, status,
  version, last change and who made it) and its organisation's; read in the same query
  (`get_overview_plan`, compiled once: `komplan.core.prepared`), the plan's content stamp
  with what other apps conveyed (`Plan.content_stamp(conveyed=True)`: every register and
  every part apps above plans keep), the stamp of its revision table
  (`revisions.revision_stamp`) and of the apps' overview sections
  (`extensions.OverviewPart.stamp`), and whether the reader follows the plan and hid its
  checklist; the page's language; and what the reader's membership allows (role, edit,
  manage, approve);
- the whole page for one reader (header and all), under that key and what the header shows
  of the reader and the request (`_reader`: name, organisations and their graphic profiles,
  the page's address). A page with a message to show is made, not kept.

The reader's CSRF token goes into the kept page on each request, and so does a revision
table or an app's section that has no stamp. The permission gate runs before any of this: a
reader only ever gets a page of a plan they may see, made for their role. The memory is per
process and small (`KEPT_BODIES`, `KEPT_PAGES`), so a new release or translation never
serves an old page.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from komplan.accounts.access import gate_object, user_memberships
from komplan.accounts.models import Organization
from komplan.core.prepared import PreparedObjects
from komplan.plans import extensions
from komplan.plans.activity_plan import outside_plan, unreadable_time
from komplan.plans.checklist import plan_checklist
from komplan.plans.coverage_display import coverage_summary
from komplan.plans.models import (
    ChecklistDismissal,
    Follow,
    Message,
    Plan,
    PriorityTier,
    content_stamp_expressions,
    stamp_hooks,
)
from komplan.plans.registers import REGISTERS
from komplan.plans.revisions import revision_rows, revision_stamp, revision_stamp_kind

# The overview reads like the document but stays fast for a 10,000-activity plan:
# each section shows its first entries and links to the whole register.
PREVIEW = 12
KEPT_BODIES = 32  # bodies of ~25-60 KiB: a few plans in a few languages and roles
KEPT_PAGES = 64  # whole pages, a little larger: a few readers of each
NAV_TEMPLATE = "plans/_overview_nav.html"
CONTENT_TEMPLATE = "plans/_overview_content.html"
# Slots filled on each request: the CSRF token, the revision table without a stamp, and
# apps' sections without one (by their names).
CSRF = "csrf"
REVISIONS = "revisions"
STAMP = "overview_stamp_"  # the plan's annotations: its stamps, following, dismissed


ORGANIZATION_FIELDS = Organization._meta.concrete_fields


def _kept_parts() -> list[extensions.OverviewPart]:
    return [part for part in extensions.OVERVIEW.values() if part.stamp is not None]


def _overview_expressions(user_id: Any) -> list[Any]:
    stamp = content_stamp_expressions(conveyed=True)
    stamp += revision_stamp() or []
    for part in _kept_parts():
        assert part.stamp is not None
        stamp += part.stamp()
    mine = {"plan": OuterRef("pk"), "user_id": user_id}
    return [
        *stamp,
        Exists(Follow.objects.filter(**mine)),
        Exists(ChecklistDismissal.objects.filter(**mine)),
    ]


def _with_stamps(pk: int, user_id: int) -> QuerySet[Plan]:
    expressions = _overview_expressions(user_id)
    return (
        Plan.objects.select_related("organization", "updated_by")
        .filter(pk=pk)
        .annotate(**{f"{STAMP}{n}": e for n, e in enumerate(expressions)})
    )


_PLAN_WITH_STAMPS = PreparedObjects(
    Plan,
    _with_stamps,
    lambda: (
        stamp_hooks(),
        tuple((name, id(part.stamp)) for name, part in extensions.OVERVIEW.items()),
        revision_stamp_kind(),
    ),
)


def get_overview_plan(user: Any, plan_id: int, role: str) -> Plan:
    """The permission gate's plan (`plans.access.get_plan_for`), read in the same query as
    its stamps and the reader's follow and checklist state (`overview_page` reads them)."""
    found = _PLAN_WITH_STAMPS(plan_id, user.pk)
    if not found:
        raise Http404
    plan = found[0]
    stamps = sorted((int(k[len(STAMP) :]), v) for k, v in vars(plan).items() if k.startswith(STAMP))
    plan.overview_stamps = tuple(v for _, v in stamps)
    return gate_object(user, plan, "organization_id", role)  # type: ignore[no-any-return]


class Kept:
    """A small least-recently-used memory of this process, safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass(frozen=True)
class Body:
    """The overview's plan tabs and body as rendered, with a marker `<!--token:slot-->` for
    each slot filled on each request."""

    token: str
    nav: str
    content: str


_BODIES = Kept(KEPT_BODIES)  # shared by every reader of the same role
_PAGES = Kept(KEPT_PAGES)  # a reader's whole page, header and all, with its slots


def forget() -> None:
    """Empty this process's kept bodies and pages (tests do, with the cache)."""
    _BODIES.clear()
    _PAGES.clear()


def _facts(plan: Plan) -> tuple[Any, ...]:
    """The plan's row as read, and what the page shows of its relations."""
    row = tuple(getattr(plan, f.attname) for f in Plan._meta.concrete_fields)
    organization = tuple(getattr(plan.organization, f.attname) for f in ORGANIZATION_FIELDS)
    updated_by = str(plan.updated_by) if plan.updated_by_id else None
    return row, organization, updated_by


def _reader(request: HttpRequest) -> tuple[Any, ...]:
    """What the page's header shows of the reader and the request (base.html): their name,
    their organisations (names, addresses, graphic profiles), the address of the page."""
    user = request.user
    organizations = tuple(
        (m.role, tuple(getattr(m.organization, f.attname) for f in ORGANIZATION_FIELDS))
        for m in user_memberships(user)
    )
    return (user.pk, str(user), organizations, request.get_full_path(), settings.DEBUG)


def _digest(*made_of: Any) -> str:
    return hashlib.sha256(repr(made_of).encode()).hexdigest()


def overview_page(request: HttpRequest, plan: Plan, context: dict[str, Any]) -> str:
    """The overview of `plan` (from `get_overview_plan`, with its stamps and the reader's
    membership) for `request`'s reader, as HTML; `context` has `can_edit` and
    `can_manage`."""
    row = plan.overview_stamps  # read by the gate, `get_overview_plan`
    membership = plan.membership
    body_key = _digest(
        plan.pk,
        _facts(plan),
        row,  # ends with whether the reader follows the plan and hid its checklist
        get_language(),
        timezone.get_current_timezone_name(),
        membership.role,
        membership.can_approve,
        context["can_edit"],
        context["can_manage"],
    )
    # A message to show (after a change) is shown once: that page is made, not kept.
    with_messages = len(get_messages(request)) > 0
    page_key = _digest(body_key, _reader(request))
    pieces = None if with_messages else _PAGES.get(page_key)
    if pieces is None:
        body = _BODIES.get(body_key)
        if body is None:
            following, dismissed = row[-2:]
            body = _make(plan, {**context, "following": following, "dismissed": dismissed})
            _BODIES.put(body_key, body)
        page = {
            **context,
            "overview": {"nav": mark_safe(body.nav), "content": mark_safe(body.content)},
            "csrf_token": _marker(body.token, CSRF),
        }
        html = render_to_string("plans/plan_overview.html", page, request)
        pieces = tuple(re.split(f"<!--{body.token}:([a-z0-9_-]+)-->", html))
        if not with_messages:
            _PAGES.put(page_key, pieces)
    filled = {CSRF: get_token(request)}  # letters and digits; one per page, like Django's
    return "".join(
        text if n % 2 == 0 else filled.get(text) or _slot(text, request, plan, context)
        for n, text in enumerate(pieces)
    )


def _marker(token: str, name: str) -> SafeString:
    return mark_safe(f"<!--{token}:{name}-->")


def _slot(name: str, request: HttpRequest, plan: Plan, context: dict[str, Any]) -> str:
    """What goes into a slot of the kept page on this request."""
    if name == REVISIONS:
        rows = revision_rows(plan)
        if not rows:
            return ""
        return render_to_string(
            "versions/_revision_table.html", {**context, "plan": plan, "revision_rows": rows}
        )
    part = extensions.OVERVIEW.get(name)
    data = part.context(plan) if part is not None else None
    if part is None or data is None:
        return ""
    return render_to_string(part.template, {**context, "plan": plan, "data": data})


def _make(plan: Plan, context: dict[str, Any]) -> Body:
    """Read and render the plan tabs and body, with a marker, unguessable, for each slot."""
    token = secrets.token_hex(16)
    counts = plan.register_counts()
    coverage = coverage_summary(plan)
    checklist = plan_checklist(plan.pk, counts, coverage.owed, coverage.gaps)
    kept_revisions = revision_stamp_kind() != "missing"
    full = {
        **context,
        "csrf_token": _marker(token, CSRF),
        "plan": plan,
        "plan_sections": [(slug, REGISTERS[slug].title) for slug in REGISTERS],
        "counts": counts,
        "preview": PREVIEW,
        "coverage": coverage,
        # Until every step is done, unless this reader hid it.
        "checklist": None if checklist.complete or context["dismissed"] else checklist,
        "tiers": _tiers_with_first_messages(plan, PREVIEW),
        "goals": plan.goals.order_by("position")[:PREVIEW],
        "groups": plan.groups.select_related("tier").order_by("position")[:PREVIEW],
        "channels": plan.channels.order_by("position")[:PREVIEW],
        "activities": plan.activities.order_by("position")[:PREVIEW],
        "direct_messages": plan.messages.filter(tiers=None).order_by("position")[:PREVIEW],
        **_times_to_check(plan, PREVIEW),
        "revision_rows": revision_rows(plan) if kept_revisions else [],
        "revisions_slot": "" if kept_revisions else _marker(token, REVISIONS),
        # Sections of apps above plans (the people's engagement), by their hooks.
        "overview_parts": [
            {"slot": _marker(token, part.name)}
            if part.stamp is None
            else {"template": part.template, "context": extra}
            for part in extensions.OVERVIEW.values()
            if part.stamp is None or (extra := part.context(plan)) is not None
        ],
    }
    return Body(
        token, render_to_string(NAV_TEMPLATE, full), render_to_string(CONTENT_TEMPLATE, full)
    )


def _times_to_check(plan: Plan, limit: int) -> dict[str, Any]:
    """The activities whose time could not be read or falls outside the plan's dates: the
    first `limit` of them and how many there are."""
    problems = plan.activities.filter(unreadable_time() | outside_plan(plan))
    return {
        "time_problems": list(problems.order_by("position")[:limit]),
        "time_problem_count": problems.count(),
    }


def _tiers_with_first_messages(plan: Plan, limit: int) -> list[PriorityTier]:
    """The plan's tiers, each with its first `limit` messages and its message count.

    A window function picks the first messages per tier in SQL: the overview of a plan
    with 600 messages must not load them all to show a dozen per tier.
    """
    tiers = list(plan.tiers.annotate(n_messages=Count("messages")).order_by("position"))
    links = (
        Message.tiers.through.objects.filter(prioritytier__plan=plan)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("prioritytier_id"),
                order_by=F("message__position").asc(),
            )
        )
        .filter(rank__lte=limit)
        .select_related("message")
        .order_by("prioritytier_id", "message__position")
    )
    first: dict[int, list[Message]] = {}
    for link in links:
        first.setdefault(link.prioritytier_id, []).append(link.message)
    for tier in tiers:
        tier.first_messages = first.get(tier.pk, [])
    return tiers
