"""The activity plan: the plan's activities filtered, sorted and read with their periods.

Lists filter and sort by the dates in effect (`starts_on`/`ends_on`: a date set by hand, else
the one read from the time text), the same dates timelines and calendars use. The time text
itself is never changed: what komplan could not read is kept as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komplan.plans.coverage import PlanGraph, owed_messages
from komplan.plans.models import Activity, ActivityStatus, Plan
from komplan.plans.periods import Period, format_period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# sort key -> label; "position" is the plan document's own order.
SORTS = {
    "position": _("Document order"),
    "start": _("Period start"),
    "title": _("Title"),
    "responsible": _("Responsible"),
    "status": _("Status"),
}
QUICK_VIEWS = {
    "overdue": _("Overdue"),
    "week": _("This week"),
    "next30": _("Next 30 days"),
}
FINISHED = (ActivityStatus.DONE, ActivityStatus.CANCELLED)


def _ordering(sort: str) -> list[Any]:
    """ORDER BY for a sort key; ties, blanks and dateless activities keep document order."""
    if sort == "start":
        return [F("starts_on").asc(nulls_last=True), F("ends_on").asc(nulls_last=True)]
    if sort == "title":
        return [Lower("title")]
    if sort == "responsible":
        blank_last = Case(When(responsible="", then=Value(1)), default=Value(0))
        return [blank_last, Lower("responsible")]
    if sort == "status":
        rank = [When(status=status, then=Value(i)) for i, status in enumerate(ActivityStatus)]
        return [Case(*rank, output_field=IntegerField())]
    return []


def overlapping(start: date | None, end: date | None) -> Q:
    """Activities whose dates in effect share a day with [start, end].

    A missing date on either side is open: an activity without an end ("from September,
    ongoing") overlaps every range after its start. Activities without any date never match.
    """
    condition = Q(starts_on__isnull=False) | Q(ends_on__isnull=False)
    if end is not None:
        condition &= Q(starts_on__lte=end) | Q(starts_on__isnull=True)
    if start is not None:
        condition &= Q(ends_on__gte=start) | Q(ends_on__isnull=True)
    return condition


def quick_view(name: str, today: date) -> Q:
    """The condition of a quick view, relative to `today`; weeks start on Monday."""
    if name == "overdue":
        return Q(ends_on__lt=today) & ~Q(status__in=FINISHED)
    if name == "week":
        monday = today - timedelta(days=today.weekday())
        return overlapping(monday, monday + timedelta(days=6))
    if name == "next30":
        return overlapping(today, today + timedelta(days=29))
    return Q()


# --- options of the filters, loaded on demand --------------------------------------------------

# Filters whose options grow with the plan (a large plan: 300 groups, 150 channels, 600
# messages): the page renders only the chosen option; the rest come from `filter_options`
# when the select is first used or the search field beside it is typed in.
ON_DEMAND = ("group", "channel", "message")
ON_DEMAND_SEARCH = {
    "group": _("Find a target group"),
    "channel": _("Find a channel"),
    "message": _("Find a message"),
}
MESSAGE_LABEL_LENGTH = 60
EMPTY_CHOICES = {
    "group": _("All target groups"),
    "channel": _("All channels"),
    "message": _("All messages"),
}


def filter_options(
    plan: Plan, name: str, term: str = "", *, pk: int | None = None
) -> list[tuple[int, str]]:
    """(pk, label) of the plan's groups, channels or messages (`name`) in document order,
    those whose label contains `term` (any case) if given, only the one `pk` if given; one
    query."""
    term = term.strip()
    if name == "message":
        messages = plan.messages.order_by("position")
        if pk is not None:
            messages = messages.filter(pk=pk)
        if term.isdecimal():
            messages = messages.filter(Q(position=int(term)) | Q(text__icontains=term))
        elif term:
            messages = messages.filter(text__icontains=term)
        return [
            (pk, f"{number}. {text[:MESSAGE_LABEL_LENGTH]}")
            for pk, number, text in messages.values_list("pk", "position", "text")
        ]
    entries = (plan.groups if name == "group" else plan.channels).order_by("position")
    if pk is not None:
        entries = entries.filter(pk=pk)
    if term:
        entries = entries.filter(name__icontains=term)
    return list(entries.values_list("pk", "name"))


class OnDemandSelect(forms.Select):
    """A select that renders its empty option and the chosen one only, with a search field
    beside it; both ask `url` (the `activity_filter_options` view) for the options with htmx:
    the select when it is first focused or pointed at, the search field as it is typed in.
    Both are labelled and used with the keyboard as any select and text field."""

    template_name = "plans/activity_plan/_on_demand_select.html"

    def __init__(self, *, url: str, search_label: Any) -> None:
        super().__init__()
        self.url, self.search_label = url, search_label

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> Any:
        chosen = {str(v) for v in value if v not in ("", None)}
        every = self.choices
        self.choices = [(v, label) for v, label in every if v == "" or str(v) in chosen]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget.update(url=self.url, search_label=self.search_label)
        widget["attrs"].update(
            {
                "data-hx-get": self.url,
                "data-hx-trigger": "focus once, mouseenter once",
                "data-hx-target": "this",
                "data-hx-swap": "innerHTML",
                "data-hx-include": f"#{widget['attrs'].get('id', 'id_' + name)}-find",
            }
        )
        return context


class ActivityFilterForm(forms.Form):
    """The activity plan's GET form; option lists take one query each, whatever the plan's size.

    An invalid value is shown as an error and that one filter is left out.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Words in the title, description or time."),
    )
    group = forms.TypedChoiceField(
        label=_("Target group"), coerce=int, required=False, empty_value=None
    )
    channel = forms.TypedChoiceField(
        label=_("Channel"), coerce=int, required=False, empty_value=None
    )
    message = forms.TypedChoiceField(
        label=_("Message"), coerce=int, required=False, empty_value=None
    )
    responsible = forms.ChoiceField(label=_("Responsible"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ActivityStatus.choices]
    )
    start = forms.DateField(
        label=_("Under way from"),
        required=False,
        widget=DATE,
        help_text=_("Activities under way at some time in this range."),
    )
    end = forms.DateField(label=_("Under way until"), required=False, widget=DATE)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))
    view = forms.ChoiceField(
        required=False, widget=forms.HiddenInput, choices=[("", ""), *QUICK_VIEWS.items()]
    )

    def __init__(self, data: Any, *, plan: Plan) -> None:
        super().__init__(data)
        for name in ON_DEMAND:
            # Only the chosen option, if any: the page shows no other (the select asks for
            # them when used), and a choice that is not the plan's is not found, so invalid.
            chosen = self.data.get(name, "") if self.is_bound else ""
            found = filter_options(plan, name, pk=int(chosen)) if chosen.isdecimal() else []
            url = reverse("plans:activity_filter_options", args=[plan.pk, name])
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", EMPTY_CHOICES[name]), *found]
            widget = OnDemandSelect(url=url, search_label=ON_DEMAND_SEARCH[name])
            widget.choices = field.choices
            field.widget = widget
        names = plan.activities.exclude(responsible="").values_list("responsible", flat=True)
        self.fields["responsible"].choices = [
            ("", _("Anyone")),
            *((name, name) for name in names.order_by("responsible").distinct()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        return data

    def value(self, name: str) -> Any:
        """A field's cleaned value; None when it is empty or was not valid."""
        if not self.is_bound:
            return None
        self.is_valid()  # cleans once; fields in error are left out of cleaned_data
        return self.cleaned_data.get(name) or None

    @property
    def sort_key(self) -> str:
        """The chosen sort (a key of SORTS); document order by default."""
        return self.value("sort") or "position"

    @property
    def is_filtered(self) -> bool:
        """True when any filter or quick view narrows the list (sorting does not)."""
        return any(self.value(name) for name in self.fields if name != "sort")

    def apply(self, activities: QuerySet[Activity], today: date) -> QuerySet[Activity]:
        """`activities` narrowed by the valid filters and sorted; document order breaks ties."""
        value = self.value
        if value("q"):
            words = value("q")
            activities = activities.filter(
                Q(title__icontains=words)
                | Q(description__icontains=words)
                | Q(time_text__icontains=words)
            )
        for name, lookup in (("group", "groups"), ("channel", "channels"), ("message", "messages")):
            if value(name):
                activities = activities.filter(**{lookup: value(name)})
        if value("responsible"):
            activities = activities.filter(responsible=value("responsible"))
        if value("status"):
            activities = activities.filter(status=value("status"))
        if value("start") or value("end"):
            activities = activities.filter(overlapping(value("start"), value("end")))
        if value("view"):
            activities = activities.filter(quick_view(value("view"), today))
        return activities.order_by(*_ordering(self.sort_key), "position", "pk")


class ActivityStatusForm(forms.Form):
    """The bulk status change: a new status for the ticked activities (`activity` ids)."""

    status = forms.ChoiceField(label=_("New status"), choices=ActivityStatus.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        values = self.data.getlist("activity")
        if not values:
            raise forms.ValidationError(_("Tick at least one activity."))
        try:
            data["activity"] = sorted({int(value) for value in values})
        except ValueError:
            raise forms.ValidationError(_("The ticked activities were not understood.")) from None
        return data


# --- the period as people read it ----------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """What the time field's live region says about an activity's time."""

    understood: str = ""  # the reading of the time text in the interface language
    unreadable: bool = False  # there is text, but no date could be read from it
    in_effect: str = ""  # the dates in effect, when a start or end date was set by hand


def reading(activity: Activity) -> Period:
    """What komplan understood from the activity's time text, as stored on it."""
    return Period(
        activity.parsed_start,
        activity.parsed_end,
        activity.open_ended,
        activity.preliminary,
        activity.period_note,
        reason=activity.period_reason,
    )


def in_effect(activity: Activity) -> Period:
    """The dates lists, timelines and calendars use; unread when there are none."""
    open_end = activity.open_ended and activity.end_override is None
    if activity.starts_on is None and activity.ends_on is None and not open_end:
        return Period(None, None, reason="no dates")
    return Period(activity.starts_on, activity.ends_on, open_end, activity.preliminary)


def period_summary(activity: Activity, language: str) -> PeriodSummary:
    """The summary of an activity whose period fields are up to date (saved or previewed)."""
    written = bool(activity.time_text.strip())
    overridden = activity.start_override is not None or activity.end_override is not None
    understood = format_period(reading(activity), language) if written else ""
    return PeriodSummary(
        understood=understood,
        unreadable=written and not understood,
        in_effect=format_period(in_effect(activity), language) if overridden else "",
    )


def previewed(plan: Plan, time_text: str, start: str = "", end: str = "") -> Activity:
    """An unsaved activity read exactly as saving would read it; bad dates count as none."""
    activity = Activity(
        plan=plan,
        time_text=time_text,
        start_override=_iso_date(start),
        end_override=_iso_date(end),
    )
    activity.refresh_period(plan)
    return activity


# --- the message picker ---------------------------------------------------------------------


@dataclass(frozen=True)
class MessageChoice:
    pk: int
    label: str
    checked: bool


@dataclass(frozen=True)
class MessagePicker:
    """The activity form's messages: with target groups chosen, those owed to them (and any
    ticked) come first and the rest wait behind "other messages"; without groups, all."""

    narrowed: bool
    owed: list[MessageChoice]
    others: list[MessageChoice]
    group_count: int


def message_picker(graph: PlanGraph, group_ids: list[int], checked_ids: list[int]) -> MessagePicker:
    """The picker for the chosen groups and ticked messages of the plan `graph` (its
    `graph.owed_graph` is enough); ids not in the plan are ignored. Which messages a group
    must get is the coverage core's answer (tiers, own messages and inherited ones)."""
    owed_by_group, _cycles = owed_messages(graph)
    chosen = [g for g in dict.fromkeys(group_ids) if g in owed_by_group]
    owed = set().union(*(owed_by_group[g] for g in chosen)) if chosen else set()
    checked = set(checked_ids)
    choices = [
        MessageChoice(m.id, f"{m.number}. {m.text[:80]}", m.id in checked) for m in graph.messages
    ]
    if not chosen:
        return MessagePicker(False, choices, [], 0)
    first = [c for c in choices if c.pk in owed or c.checked]
    rest = [c for c in choices if not (c.pk in owed or c.checked)]
    return MessagePicker(True, first, rest, len(chosen))


def ids(values: Any) -> list[int]:
    """Integer ids from form values or model instances; anything else is left out."""
    found = []
    for value in values or ():
        value = getattr(value, "pk", value)
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return found


# --- times that need a second look ---------------------------------------------------------

# Short words for the activity plan's marker: shown as text beside the time, never as a colour.
UNREADABLE_MARK = _("Time not read")
OUTSIDE_MARK = _("Outside the plan's dates")


def unreadable_time() -> Q:
    """Activities with a written time from which no date could be read."""
    return ~Q(time_text="") & ~Q(period_reason="")


def outside_plan(plan: Plan) -> Q:
    """Activities whose dates in effect reach before the plan's start or after its end; no
    condition on a side the plan leaves open."""
    condition = Q(pk__in=[])
    if plan.start_date is not None:
        condition |= Q(starts_on__lt=plan.start_date) | Q(ends_on__lt=plan.start_date)
    if plan.end_date is not None:
        condition |= Q(ends_on__gt=plan.end_date) | Q(starts_on__gt=plan.end_date)
    return condition


def time_marks(activity: Activity, plan: Plan) -> list[Any]:
    """What is wrong with the activity's time, as the activity plan marks it (short words)."""
    marks = []
    if activity.time_text.strip() and activity.period_reason:
        marks.append(UNREADABLE_MARK)
    start, end = activity.starts_on, activity.ends_on
    before = plan.start_date is not None and any(d and d < plan.start_date for d in (start, end))
    after = plan.end_date is not None and any(d and d > plan.end_date for d in (start, end))
    if before or after:
        marks.append(OUTSIDE_MARK)
    return marks


def time_warnings(activity: Activity, plan: Plan, language: str) -> list[str]:
    """The warnings shown after saving the activity: its time could not be read, or its
    dates fall outside the plan's. The save has gone through; these only ask for a look."""
    marks = time_marks(activity, plan)
    found = []
    if UNREADABLE_MARK in marks:
        found.append(
            _(
                "komplan could not read a date from the time “%(time)s”. The activity is saved "
                "but not shown on the timeline or in calendars; write the time differently or "
                "set the dates by hand."
            )
            % {"time": activity.time_text}
        )
    if OUTSIDE_MARK in marks:
        plan_period = Period(plan.start_date, plan.end_date)
        found.append(
            _(
                "The activity “%(title)s” (%(dates)s) falls outside the plan's dates "
                "(%(plan)s). It is saved; check its time or the plan's dates."
            )
            % {
                "title": activity.title,
                "dates": format_period(in_effect(activity), language),
                "plan": format_period(plan_period, language),
            }
        )
    return [str(text) for text in found]


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
