"""Calendars: the plan's activities as iCalendar, downloaded by members or subscribed to by
calendar apps at a secret address.

A feed's address holds a 256-bit random token and nothing else: it is the only key. The public
view needs no login, looks the feed up by its unique token alone and answers 404 to an unknown
or revoked token alike. `komplan.exports.calendars` writes the file.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django.views.decorators.http import require_safe

from komplan.accounts.access import EDIT, VIEW
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
        )
        for row in activities.order_by("starts_on", "position", "pk").values(*ROW_FIELDS)
    ]


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


def _ics_response(plan: Plan, responsible: str) -> HttpResponse:
    """The plan's (or one person's) calendar as a private, never-shared-cached .ics file."""
    name = f"{plan.name} – {responsible}" if responsible else plan.name
    # Calendar apps poll feeds often, and a 10,000-activity plan takes seconds to write:
    # the file is kept until anything it is made of changes.
    made_of = (plan.pk, plan.updated_at, responsible, plan.content_stamp())
    key = "komplan:ics:" + hashlib.sha256(repr(made_of).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = calendar_ics(
            calendar_rows(plan, responsible or None),
            name=name,
            plan_end=plan.end_date,
            stamp=timezone.now(),
            labels=_labels(plan.language),
        )
        cache.set(key, body, timeout=24 * 3600)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(name) or 'komplan'}.ics"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex, nofollow"
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
    return _ics_response(feed.plan, feed.responsible)


@plan_view(VIEW)
def calendar_download(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The whole plan's calendar, for members who import it once."""
    return _ics_response(plan, "")


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
