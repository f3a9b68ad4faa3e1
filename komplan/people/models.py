"""An organisation's contacts (the people behind the target groups of its plans) and the
interactions with them: meetings, calls, emails and events, with the groups concerned and
the messages conveyed, which count as done in the plans' coverage.

Contacts belong to the organisation, not to one plan: the same head teacher is a contact
of every plan whose groups they belong to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komplan.core.models import Locked


class Contact(Locked):
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    employer = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where the person works, e.g. a school or an association."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    groups = models.ManyToManyField(
        "plans.TargetGroup", blank=True, related_name="contacts", verbose_name=_("target groups")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organization", "name"], name="contact_org_name")]

    def __str__(self) -> str:
        return self.name


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("Email")
    EVENT = "event", _("Event")


class Interaction(Locked):
    """One meeting, call, email or event with contacts: who took part, which groups it
    concerned and which messages it conveyed to them."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InteractionKind.choices, default=InteractionKind.MEETING
    )
    day = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("contacts")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("our people"),
        help_text=_("Members of the organisation who took part."),
    )
    groups = models.ManyToManyField(
        "plans.TargetGroup",
        blank=True,
        related_name="interactions",
        verbose_name=_("target groups concerned"),
    )
    messages = models.ManyToManyField(
        "plans.Message",
        blank=True,
        related_name="interactions",
        verbose_name=_("messages conveyed"),
        help_text=_("Each counts as done in the coverage of the groups concerned."),
    )
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.DateField(_("follow-up date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["organization", "day"], name="interaction_org_day")]

    def __str__(self) -> str:
        return self.subject


class Invitee(models.Model):
    """A contact added to a meeting as a participant: what erasing the person must find."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="invitations")
    participant = models.OneToOneField(
        "meetings.Participant", on_delete=models.CASCADE, related_name="contact_link"
    )

    def __str__(self) -> str:
        return str(self.participant_id)


# --- engagement -------------------------------------------------------------------------------


class Level(models.IntegerChoices):
    """How engaged a target group is, in the order a plan wants to move it."""

    UNAWARE = 1, _("Unaware")
    RESISTANT = 2, _("Resistant")
    NEUTRAL = 3, _("Neutral")
    SUPPORTIVE = 4, _("Supportive")
    LEADING = 5, _("Leading")


class Weight(models.IntegerChoices):
    """A group's influence on the project, or its interest in it: the grid's two axes."""

    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    MEDIUM = 3, _("Medium")
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


class Engagement(Locked):
    """Where a target group stands now and where the plan needs it, and its place on the
    influence/interest grid. A group without one has not been assessed yet."""

    group = models.OneToOneField(
        "plans.TargetGroup",
        on_delete=models.CASCADE,
        related_name="engagement",
        verbose_name=_("target group"),
    )
    current = models.PositiveSmallIntegerField(_("current engagement"), choices=Level.choices)
    desired = models.PositiveSmallIntegerField(_("desired engagement"), choices=Level.choices)
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        choices=Weight.choices,
        help_text=_("How much the group can affect the project."),
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        choices=Weight.choices,
        help_text=_("How much the project concerns the group."),
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagement")

    def __str__(self) -> str:
        return f"{self.get_current_display()} → {self.get_desired_display()}"

    @property
    def gap(self) -> int:
        """Steps from the current level to the desired one (negative: above it)."""
        return self.desired - self.current

    @property
    def gap_text(self) -> str:
        """The gap as people write it: +2, 0, −1 (a minus sign, not a hyphen)."""
        return f"+{self.gap}" if self.gap > 0 else f"−{-self.gap}" if self.gap else "0"


class EngagementChange(models.Model):
    """One save of a group's engagement, as it was after the save: who, when and why."""

    group = models.ForeignKey(
        "plans.TargetGroup", on_delete=models.CASCADE, related_name="engagement_changes"
    )
    current = models.PositiveSmallIntegerField(_("current engagement"), choices=Level.choices)
    desired = models.PositiveSmallIntegerField(_("desired engagement"), choices=Level.choices)
    influence = models.PositiveSmallIntegerField(_("influence"), choices=Weight.choices)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Weight.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["group", "-changed_at"], name="engagement_change_group")]

    def __str__(self) -> str:
        return f"{self.group_id} {self.changed_at:%Y-%m-%d %H:%M}"
