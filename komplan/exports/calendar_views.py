"""Calendars: the plan's activities as iCalendar, downloaded by members or subscribed to by
calendar apps at a secret address.

A feed's address holds a 256-bit random token and nothing else: it is the only key. The public
view needs no login, looks the feed up by its unique token alone and answers 404 to an unknown
or revoked token alike. `komplan.exports.calendars` writes the file.

Calendar apps poll: every answer carries an ETag and Last-Modified, and a conditional GET of an
unchanged calendar gets 304 without a body. An event's SEQUENCE is the number of changes the
audit trail recorded for its activity (AuditEvent rows with action "update"), so it grows with
every edit and needs no field of its own.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import require_safe

from komplan.accounts.access import EDIT, VIEW
from komplan.audit.models import Action, AuditEvent
from komplan.audit.recording import REGISTER_OF
from komplan.exports.calendars import CalendarActivity, Labels, calendar_ics
from komplan.plans.access import plan_view
from komplan.plans.models import Activity, CalendarFeed, Plan

ROW_FIELDS = (
    "pk",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "open_ended",
    "preliminary",
    "status",
    "recurrence",
    "responsible",
    "time_text",
    "updated_at",
)


def _linked(
    through: type[Model], target: str, field: str, activities: QuerySet[Activity]
) -> dict[int, list[Any]]:
    """activity id → `field` of each linked `target` (group, channel, message), in plan order."""
    rows = (
        through._default_manager.filter(activity__in=activities.values("pk"))
        .order_by(f"{target}__position")
        .values_list("activity_id", f"{target}__{field}")
    )
    linked: dict[int, list[Any]] = defaultdict(list)
    for activity_id, value in rows:
        linked[activity_id].append(value)
    return linked


def calendar_rows(plan: Plan, responsible: str | None = None) -> list[CalendarActivity]:
    """The plan's dated activities (only `responsible`'s, if given) as plain rows, by start."""
    activities = plan.activities.filter(starts_on__isnull=False)
    if responsible is not None:
        activities = activities.filter(responsible=responsible)
    groups = _linked(Activity.groups.through, "targetgroup", "name", activities)
    channels = _linked(Activity.channels.through, "channel", "name", activities)
    numbers = _linked(Activity.messages.through, "message", "position", activities)
    sequences = _sequences(plan, activities)
    return [
        CalendarActivity(
            id=row["pk"],
            title=row["title"],
            start=row["starts_on"],
            end=row["ends_on"],
            open_ended=row["open_ended"],
            preliminary=row["preliminary"],
            status=row["status"],
            recurrence=row["recurrence"],
            purpose=row["description"],
            groups=tuple(groups[row["pk"]]),
            channels=tuple(channels[row["pk"]]),
            messages=tuple(numbers[row["pk"]]),
            responsible=row["responsible"],
            time_text=row["time_text"],
            updated_at=row["updated_at"],
            sequence=sequences.get(row["pk"], 0),
        )
        for row in activities.order_by("starts_on", "position", "pk").values(*ROW_FIELDS)
    ]


def _sequences(plan: Plan, activities: QuerySet[Activity]) -> dict[int, int]:
    """activity id → how many changes the audit trail recorded for it: the event's SEQUENCE."""
    rows = (
        AuditEvent.objects.filter(
            plan=plan,
            register=REGISTER_OF[Activity],
            action=Action.UPDATE,
            object_id__in=activities.values("pk"),
        )
        .order_by()
        .values("object_id")
        .annotate(changes=Count("pk"))
        .values_list("object_id", "changes")
    )
    return dict(rows)


def _labels(language: str) -> Labels:
    """The description's words in the plan's language, as its documents use."""
    with override(language):
        return Labels(
            groups=_("Target groups"),
            channels=_("Channels"),
            messages=_("Messages"),
            responsible=_("Responsible"),
            time=_("Time"),
            ongoing=_("Ongoing from this day; the plan has no end date."),
        )


@dataclass(frozen=True, slots=True)
class Made:
    """A written calendar as kept in the cache: its ETag, its last change and its bytes."""

    etag: str
    changed: datetime | None
    body: bytes


def _identity(plan: Plan, responsible: str) -> tuple[str, datetime | None]:
    """The calendar's digest (its ETag and cache key) and its last change: the digest changes
    whenever anything the calendar is made of changes."""
    stamp = plan.content_stamp()
    made_of = (plan.pk, plan.updated_at, responsible, stamp, settings.KOMPLAN_CALENDAR_DOMAIN)
    digest = hashlib.sha256(repr(made_of).encode()).hexdigest()
    changed = max(
        (value for value in (plan.updated_at, *stamp) if isinstance(value, datetime)),
        default=None,
    )
    return digest, changed


def _name(plan: Plan, responsible: str) -> str:
    return f"{plan.name} – {responsible}" if responsible else plan.name


def _latest_key(plan: Plan, responsible: str) -> str:
    return f"komplan:ics-latest:{plan.pk}:{hashlib.sha256(responsible.encode()).hexdigest()}"


def write_calendar(plan: Plan, responsible: str) -> Made:
    """Write the calendar as the plan is now and keep it in the cache, under its digest and as
    the feed's latest copy."""
    digest, changed = _identity(plan, responsible)
    body = calendar_ics(
        calendar_rows(plan, responsible or None),
        name=_name(plan, responsible),
        plan_end=plan.end_date,
        stamp=timezone.now(),
        domain=settings.KOMPLAN_CALENDAR_DOMAIN,
        labels=_labels(plan.language),
    )
    made = Made(f'"{digest[:32]}"', changed, body)
    cache.set("komplan:ics:" + digest, made, timeout=24 * 3600)
    cache.set(_latest_key(plan, responsible), made, timeout=LATEST_SECONDS)
    return made


# The latest copy of a feed answers its subscribers while a task writes the next one; kept
# for a month after it was written.
LATEST_SECONDS = 30 * 24 * 3600
# A claimed write that no worker finished within this many seconds may be asked for again.
WRITE_SECONDS = 10 * 60


def _ics_response(request: HttpRequest, plan: Plan, responsible: str) -> HttpResponse:
    """The plan's (or one person's) calendar as a private, never-shared-cached .ics file; 304
    to a conditional GET whose ETag or date shows the calendar has not changed since.

    Calendar apps poll feeds often, and a 10,000-activity plan takes seconds to write: the
    file is kept in the cache until anything it is made of changes. A stale calendar of a
    plan with more than KOMPLAN_INLINE_CALENDAR_ACTIVITIES dated activities is written by a
    task; meanwhile subscribers get the latest copy (its own ETag), or, before the very
    first copy exists, 503 with Retry-After. A smaller plan's is written in the request.
    """
    digest, changed = _identity(plan, responsible)
    etag = f'"{digest[:32]}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(changed.timestamp()) if changed else None
    )
    if not_modified is not None:
        return _calendar_headers(not_modified, etag, changed)
    made = cache.get("komplan:ics:" + digest)
    if not isinstance(made, Made):
        dated = plan.activities.filter(starts_on__isnull=False).count()
        if dated <= settings.KOMPLAN_INLINE_CALENDAR_ACTIVITIES:
            made = write_calendar(plan, responsible)
        else:
            made = _stale_copy(request, plan, responsible, digest)
            if made is None:
                return _retry_later()
            stale = get_conditional_response(request, etag=made.etag)
            if stale is not None:  # the subscriber has the latest copy already
                return _calendar_headers(stale, made.etag, made.changed)
    response = HttpResponse(made.body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(_name(plan, responsible)) or 'komplan'}.ics"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return _calendar_headers(response, made.etag, made.changed)


def _stale_copy(request: HttpRequest, plan: Plan, responsible: str, digest: str) -> Made | None:
    """Ask a worker for the calendar (once, across servers) and return the latest copy, if
    any; None when there is none yet (or the client already has it: then 304 serves)."""
    from komplan.exports.tasks import build_calendar

    if cache.add("komplan:ics-writing:" + digest, True, WRITE_SECONDS):
        build_calendar.enqueue(plan.pk, responsible)
    latest = cache.get(_latest_key(plan, responsible))
    if isinstance(latest, Made):
        return latest
    # Written at once (a backend that runs tasks in the request)?
    made = cache.get("komplan:ics:" + digest)
    return made if isinstance(made, Made) else None


def _retry_later() -> HttpResponse:
    response = HttpResponse(
        _("The calendar is being written. Try again in a minute."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# What a subscriber's first request for a large plan's calendar is told to wait.
RETRY_SECONDS = 60


def _calendar_headers(response: HttpResponse, etag: str, changed: datetime | None) -> HttpResponse:
    response["ETag"] = etag
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    response["Cache-Control"] = "private"
    return response


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The public feed: no login, the token is the only key; unknown or revoked → 404."""
    feed = (
        CalendarFeed.objects.select_related("plan")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    # The unique index finds the row; comparing in constant time as well costs nothing.
    if feed is None or not secrets.compare_digest(feed.token.encode(), token.encode()):
        raise Http404
    return _ics_response(request, feed.plan, feed.responsible)


@plan_view(VIEW)
def calendar_download(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The whole plan's calendar, for members who import it once."""
    return _ics_response(request, plan, "")


class CalendarFeedForm(forms.Form):
    responsible = forms.ChoiceField(
        label=gettext_lazy("Activities in the calendar"),
        required=False,
        help_text=gettext_lazy(
            "The whole plan, or only the activities one person is responsible for."
        ),
    )

    def __init__(self, *args: Any, people: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All activities in the plan"))]
        choices += [(person, person) for person in people]
        self.fields["responsible"].choices = choices


def _people(plan: Plan) -> list[str]:
    """The plan's distinct responsible values, for per-person feeds."""
    rows = plan.activities.exclude(responsible="").order_by("responsible")
    return list(rows.values_list("responsible", flat=True).distinct())


def _feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))


@plan_view(VIEW)
def calendar_list(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The plan's live feed addresses; editors also make new ones and revoke old ones."""
    feeds = (
        plan.calendar_feeds.filter(revoked_at__isnull=True)
        .select_related("created_by")
        .order_by("responsible", "created_at", "pk")
    )
    can_edit = plan.membership.allows(EDIT)
    context = {
        "plan": plan,
        "nav": "calendars",
        "feeds": [(feed, _feed_url(request, feed)) for feed in feeds],
        "can_edit": can_edit,
        "form": CalendarFeedForm(people=_people(plan)) if can_edit else None,
    }
    return render(request, "exports/calendars.html", context)


@plan_view(EDIT)
def calendar_create(request: HttpRequest, plan: Plan) -> HttpResponse:
    """A new secret address for the whole plan or for one responsible person."""
    form = CalendarFeedForm(request.POST or None, people=_people(plan))
    if request.method == "POST" and form.is_valid():
        feed = CalendarFeed.objects.create(
            plan=plan, responsible=form.cleaned_data["responsible"], created_by=request.user
        )
        messages.success(
            request, _("The calendar address was made. Copy it into your calendar app.")
        )
        return redirect(reverse("exports:calendars", args=[plan.pk]) + f"#feed-{feed.pk}")
    return render(request, "exports/calendar_form.html", {"plan": plan, "form": form})


@plan_view(EDIT)
def calendar_revoke(request: HttpRequest, plan: Plan, feed_id: int) -> HttpResponse:
    """Ask, then revoke: the address answers 404 from the next request on."""
    feed = get_object_or_404(plan.calendar_feeds, pk=feed_id, revoked_at__isnull=True)
    if request.method == "POST":
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        messages.success(request, _("The calendar address was revoked."))
        return redirect("exports:calendars", plan_id=plan.pk)
    return render(
        request,
        "exports/calendar_revoke.html",
        {"plan": plan, "feed": feed, "url": _feed_url(request, feed)},
    )
