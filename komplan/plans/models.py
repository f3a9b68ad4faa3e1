"""The communication plan and its registers: tiers, target groups, messages, channels,
activities and goals. A message reaches a target group through an activity in a channel."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from komplan.core.languages import LANGUAGE_CHOICES
from komplan.core.models import Locked
from komplan.core.ordering import Positioned, unique_positions
from komplan.core.prepared import PreparedRow


class Reach(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def count_of(model: type[models.Model], plan: str = "plan") -> Coalesce:
    """A plan's number of `model` rows (`plan` the path to the plan), as a subquery to
    annotate plans with."""
    rows = model._default_manager.filter(**{plan: OuterRef("pk")}).order_by()
    return Coalesce(Subquery(rows.values(plan).annotate(n=Count("pk")).values("n")), 0)


def latest_change(model: type[models.Model], plan: str = "plan") -> Subquery:
    """A plan's latest change of its `model` rows (`plan` the path to the plan), as a
    subquery to annotate plans with."""
    rows = model._default_manager.filter(**{plan: OuterRef("pk")}).order_by()
    return Subquery(rows.values(plan).annotate(t=Max("updated_at")).values("t"))


# Written by komplan.versions.services alone.
WORKFLOW_FIELDS = frozenset({"status", "version"})


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: Any) -> PlanQuerySet:
        return self.filter(organization__memberships__user=user)


class Plan(Locked):
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("project name"), max_length=300)
    diary_number = models.CharField(_("diary number"), max_length=100, blank=True)
    client = models.CharField(_("client"), max_length=300, blank=True)
    funder = models.CharField(_("funder"), max_length=300, blank=True)
    project_lead = models.CharField(_("project lead"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    language = models.CharField(
        _("plan language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="sv",
        help_text=_("The language of the plan's content and of its documents."),
    )
    background = models.TextField(_("background"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        editable=False,
    )
    version = models.CharField(_("version"), max_length=20, default="0.1", editable=False)
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=F("start_date")),
                name="plan_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save the plan; an existing plan's status and version are left as they are in the
        database: only the versions workflow changes them (with update()), and an instance
        read before a step must not undo it when saved afterwards."""
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in WORKFLOW_FIELDS
            ]
        super().save(*args, **kwargs)

    def register_counts(self) -> dict[str, int]:
        """How many entries each register of the schema holds, by slug, in one query (joins
        would multiply)."""
        from komplan.plans.schema import REGISTERS

        counts = [count_of(register.model) for register in REGISTERS]
        row = Plan.objects.filter(pk=self.pk).values_list(*counts)[0]
        return dict(zip((register.slug for register in REGISTERS), row, strict=True))

    def content_stamp(self, *, conveyed: bool = False) -> tuple[Any, ...]:
        """Changes whenever an entry of any register of the schema, or a part of the plan an
        app above plans keeps (`extensions.PARTS`: the cascade, engagement, contacts), is
        added, changed or deleted: a key for caching what is computed from the whole plan, in
        one query (compiled once per process: `komplan.core.prepared`). With `conveyed`,
        also what other apps conveyed to the plan's groups (`extensions.CONVEYED`), which
        only coverage reads."""
        row = (_CONVEYED_STAMP if conveyed else _CONTENT_STAMP)(self.pk)
        assert row is not None, "the plan is not in the database"
        return row

    def create_default_tiers(self) -> None:
        """Core, primary and secondary stakeholders, defined in the plan's language, after
        the tiers the plan has."""
        with override(self.language), transaction.atomic():
            first = PriorityTier.next_position(self.pk)
            PriorityTier.objects.bulk_create(
                PriorityTier(plan=self, position=p, name=str(name), definition=str(definition))
                for p, (name, definition) in enumerate(DEFAULT_TIERS, start=first)
            )


def content_stamp_expressions(*, conveyed: bool = False) -> list[Any]:
    """The expressions of `Plan.content_stamp` over a plan (`OuterRef("pk")`)."""
    from komplan.plans.extensions import CONVEYED_STAMPS, PARTS
    from komplan.plans.schema import REGISTERS

    stamp: list[Any] = []
    for register in REGISTERS:
        stamp += [count_of(register.model), latest_change(register.model)]
    for part in PARTS.values():
        stamp += part.stamp() if part.stamp else []
    if conveyed:
        for source in CONVEYED_STAMPS.values():
            stamp += source()
    return stamp


def stamp_hooks() -> tuple[Any, ...]:
    """What the stamp's expressions depend on besides the schema, cheaply: the apps' hooks
    (`PreparedRow` compiles again when they change)."""
    from komplan.plans.extensions import CONVEYED_STAMPS, PARTS

    return (
        tuple((name, id(part.stamp)) for name, part in PARTS.items()),
        tuple((name, id(stamp)) for name, stamp in CONVEYED_STAMPS.items()),
    )


_CONTENT_STAMP = PreparedRow(
    Plan,
    lambda pk: Plan.objects.filter(pk=pk).values_list(*content_stamp_expressions()),
    stamp_hooks,
)
_CONVEYED_STAMP = PreparedRow(
    Plan,
    lambda pk: Plan.objects.filter(pk=pk).values_list(*content_stamp_expressions(conveyed=True)),
    stamp_hooks,
)


DEFAULT_TIERS = [
    (
        _("Core stakeholders"),
        _("Stakeholders with deciding and/or driving roles in the project."),
    ),
    (
        _("Primary stakeholders"),
        _("Stakeholders who are strongly affected and therefore want to influence the project."),
    ),
    (
        _("Secondary stakeholders"),
        _(
            "Stakeholders with an interest in the project who are unlikely to actively "
            "influence its direction."
        ),
    ),
]


class Ordered(Locked, Positioned):
    """A register entry with a place in the plan's document order, kept 1..n without gaps."""

    order_parent = "plan"
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")

    class Meta(Positioned.Meta):
        abstract = True
        # Every list and preview reads one plan's entries in position order.
        indexes = [models.Index(fields=["plan", "position"], name="%(class)s_plan_position")]
        constraints = [unique_positions("plan")]


class PriorityTier(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("priority tier")
        verbose_name_plural = _("priority tiers")

    def __str__(self) -> str:
        return self.name


class TargetGroup(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=300)
    reach = models.CharField(
        _("internal/external"), max_length=10, choices=Reach.choices, default=Reach.INTERNAL
    )
    tier = models.ForeignKey(
        PriorityTier,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
        verbose_name=_("priority"),
    )
    description = models.TextField(_("description"), blank=True)
    inherits_from = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="inheritors",
        verbose_name=_("inherits the messages of"),
        help_text=_("This group must also get every message required for these groups."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class Message(Ordered):
    """A numbered message; its number is its position, so numbers stay consecutive."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(_("message"))
    clarification = models.TextField(_("clarification"), blank=True)
    tiers = models.ManyToManyField(
        PriorityTier, blank=True, related_name="messages", verbose_name=_("addressed to tiers")
    )
    groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="messages", verbose_name=_("addressed to groups")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def number(self) -> int:
        return self.position


class Channel(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    reach = models.CharField(
        _("internal/external"), max_length=10, choices=Reach.choices, default=Reach.INTERNAL
    )
    cadence = models.CharField(
        _("cadence"), max_length=200, blank=True, help_text=_("For example: monthly meetings.")
    )
    groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="channels", verbose_name=_("reaches target groups")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A secret address serving a plan's activities as iCalendar, for calendar apps that
    cannot log in; revoking it makes the address 404."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="calendar_feeds")
    responsible = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_("Only this person's activities; empty for the whole plan."),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return self.responsible or str(self.plan)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)


class Goal(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("communication goal")
        verbose_name_plural = _("communication goals")

    def __str__(self) -> str:
        return self.text[:80]


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")


class Activity(Ordered):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=500)
    description = models.TextField(_("description and purpose"), blank=True)
    groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="activities", verbose_name=_("target groups")
    )
    messages = models.ManyToManyField(
        Message, blank=True, related_name="activities", verbose_name=_("messages")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="activities", verbose_name=_("channels")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="activities", verbose_name=_("goals it serves")
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    time_text = models.CharField(
        _("time"),
        max_length=200,
        blank=True,
        help_text=_("As you would say it, e.g. “Spring 2026” or “September 2026 – ongoing”."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    # The period komplan understood from time_text (see periods.parse_period), kept so
    # that lists can sort and filter by it in SQL; refresh_period() is the one writer.
    parsed_start = models.DateField(null=True, blank=True, editable=False)
    parsed_end = models.DateField(null=True, blank=True, editable=False)
    open_ended = models.BooleanField(default=False, editable=False)
    preliminary = models.BooleanField(default=False, editable=False)
    period_note = models.CharField(max_length=200, blank=True, editable=False)
    period_reason = models.CharField(max_length=100, blank=True, editable=False)
    start_override = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Only if the date komplan understood from the time is wrong."),
    )
    end_override = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Only if the date komplan understood from the time is wrong."),
    )
    # What lists, timelines and calendars use: the override, else the parsed date.
    starts_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    ends_on = models.DateField(null=True, blank=True, editable=False, db_index=True)
    recurrence = models.CharField(
        _("repeats"),
        max_length=10,
        choices=Recurrence.choices,
        blank=True,
        default=Recurrence.NONE,
    )
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    follow_up = models.TextField(
        _("follow-up"), blank=True, help_text=_("How the activity's effect is checked.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_period()
        super().save(*args, **kwargs)

    @property
    def is_done(self) -> bool:
        return self.status == ActivityStatus.DONE

    def refresh_period(
        self,
        plan: Plan | None = None,
        *,
        seasons: str | None = None,
        read: dict[str, Any] | None = None,
    ) -> None:
        """Re-read time_text in the plan's language and period; set the effective dates.
        `read`: readings of texts already read for the same plan facts and seasons, by text
        (the caller's, filled in here), for writers of many activities: a plan repeats its
        times ("Våren 2026") and a reading is the same for the same text."""
        from komplan.plans.periods import parse_period

        plan = plan or self.plan
        period = read.get(self.time_text) if read is not None else None
        if period is None:
            period = parse_period(
                self.time_text,
                plan.language,
                plan_start=plan.start_date,
                plan_end=plan.end_date,
                seasons=seasons or plan.organization.season_system,
            )
            if read is not None:
                read[self.time_text] = period
        self.parsed_start, self.parsed_end = period.start, period.end
        self.open_ended, self.preliminary = period.open_ended, period.preliminary
        self.period_note = period.note[:200]
        self.period_reason = period.reason[:100]
        self.starts_on = self.start_override or self.parsed_start
        self.ends_on = self.end_override or self.parsed_end
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            self.ends_on = self.starts_on


class Follow(models.Model):
    """A user follows a plan: its recent changes are listed on the user's home page.

    The rule for "plans I own": whoever creates a plan (new, copied) follows it from the start
    (`komplan.plans.services`); a plan has no owner field, so following is the one relation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_follows"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed plan")
        verbose_name_plural = _("followed plans")
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.plan}"


class ChecklistDismissal(models.Model):
    """A user has hidden a plan's checklist of first steps before it was complete."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="dismiss_checklist_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.plan}"


class Spokesperson(Ordered):
    """Who speaks for the project on a subject, and how the press or the public reach them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="spokespersons")
    subject = models.CharField(
        _("subject"), max_length=300, help_text=_("For example: the budget, or the schools.")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role/title"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact route"),
        max_length=300,
        blank=True,
        help_text=_("An email address, a phone number or the press office's number."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("spokesperson")
        verbose_name_plural = _("spokespersons")

    def __str__(self) -> str:
        return f"{self.subject}: {self.name}"


class Likelihood(models.IntegerChoices):
    VERY_UNLIKELY = 1, _("1 Very unlikely")
    UNLIKELY = 2, _("2 Unlikely")
    POSSIBLE = 3, _("3 Possible")
    LIKELY = 4, _("4 Likely")
    VERY_LIKELY = 5, _("5 Very likely")


class Consequence(models.IntegerChoices):
    NEGLIGIBLE = 1, _("1 Negligible")
    MINOR = 2, _("2 Minor")
    MODERATE = 3, _("3 Moderate")
    MAJOR = 4, _("4 Major")
    SEVERE = 5, _("5 Severe")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATED = "mitigated", _("Mitigated")
    CLOSED = "closed", _("Closed")
    OCCURRED = "occurred", _("Occurred")


# A risk's score is likelihood × consequence (1–25): from this score up it is high, and from
# MEDIUM_RISK medium; lists and documents name the level in words as well as in colour.
HIGH_RISK = 15
MEDIUM_RISK = 6


def risk_level(score: int) -> str:
    """The level of a score of likelihood × consequence: "high", "medium" or "low"."""
    if score >= HIGH_RISK:
        return "high"
    return "medium" if score >= MEDIUM_RISK else "low"


class Risk(Ordered):
    """A communication risk of the plan: how likely, how bad, and what is done about it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    text = models.TextField(_("risk"))
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), choices=Likelihood.choices, default=Likelihood.POSSIBLE
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"), choices=Consequence.choices, default=Consequence.MODERATE
    )
    mitigation = models.TextField(
        _("mitigation"), blank=True, help_text=_("What is done to make it less likely or less bad.")
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )

    class Meta(Ordered.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            *Ordered.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(consequence__gte=1, consequence__lte=5),
                name="risk_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def score(self) -> int:
        return int(self.likelihood) * int(self.consequence)

    @property
    def level(self) -> str:
        return risk_level(self.score)
