"""An organisation's contacts (the people behind the target groups of its plans) and the
interactions with them: meetings, calls, emails and events, with the groups concerned and
the messages conveyed, which count as done in the plans' coverage.

Contacts belong to the organisation, not to one plan: the same head teacher is a contact
of every plan whose groups they belong to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
