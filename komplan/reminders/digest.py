"""One person's digest: what "My work" shows, by email, in the person's language.

The rules:
- The content is the home page's, from the same queries (komplan.home.work): activities
  the person is responsible for that are overdue or due within the next 7 days, the cascade
  steps where they pass material on that are overdue or due within 7 days, their open action
  items, minutes waiting for their justering, plans waiting for their approval, and what
  other apps add through `SECTIONS`.
- A digest with nothing in it is not sent.
- Once per period per person: a worker first claims the `DigestSent` row of (person, period)
  in a short transaction of its own, then builds and sends the email, then marks the row
  sent. The email is sent outside any transaction: on SQLite a transaction that writes holds
  the whole database's write lock, which no one should hold while an SMTP server answers.
  A second worker's insert fails on the unique constraint, so it sends nothing. An email that
  could not be sent gives its claim back (the task's retry sends it); a claim not marked sent
  within CLAIM_SECONDS (its worker was killed) is stale, and the next hourly run takes it
  over with one conditional UPDATE, which only one worker can win. Only a worker killed
  between the SMTP server's answer and marking the row can make a second email.
- The email: plain text and HTML, absolute links (KOMPLAN_SITE_URL), `Auto-Submitted:
  auto-generated` (RFC 3834: no auto-replies), and a one-click unsubscribe (RFC 8058): the
  `List-Unsubscribe` address carries a signed token that works without logging in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from komplan.accounts.access import memberships_by_organization
from komplan.core.mail import templated_email
from komplan.home import work
from komplan.reminders.models import DigestSent, Frequency

# The activities' horizon: due within this many days from today (or overdue).
AHEAD_DAYS = 7
UNSUBSCRIBE_SALT = "komplan.reminders.unsubscribe"
# A claimed digest not marked sent after this long was lost with its worker: it may be taken
# over. Far longer than building and sending one email takes.
CLAIM_SECONDS = 15 * 60


@dataclass
class ExtraSection:
    """A section another app adds to the digest: a title and (text, absolute link) lines."""

    title: str
    lines: list[tuple[str, str]]


# Other apps (above the reminders' layer, or through their AppConfig.ready) append a function
# (person, organisation ids, today) → ExtraSection or None.
SECTIONS: list[Callable[[Any, list[int], dt.date], ExtraSection | None]] = []


@dataclass
class Digest:
    user: Any
    today: dt.date
    activities: work.Section
    steps: work.Section
    actions: work.Section
    minutes: work.Section
    approvals: work.Section
    extra: list[ExtraSection] = field(default_factory=list)

    def count(self) -> int:
        sections = [self.activities, self.steps, self.actions, self.minutes, self.approvals]
        shown = sum(len(s.items) + s.more for s in sections)
        return shown + sum(len(e.lines) for e in self.extra)


def digest_for(user: Any, today: dt.date) -> Digest:
    """What the person's digest lists on `today`."""
    memberships = memberships_by_organization(user)
    organization_ids = list(memberships)
    week = work.Week(today)
    until = today + dt.timedelta(days=AHEAD_DAYS)
    extra = [section(user, organization_ids, today) for section in SECTIONS]
    return Digest(
        user=user,
        today=today,
        activities=work.my_activities(user, organization_ids, week, until=until),
        steps=work.my_cascade_steps(user, organization_ids, week, until=until),
        actions=work.my_actions(user, organization_ids, week),
        minutes=work.minutes_to_justera(user, organization_ids),
        approvals=work.plans_to_approve(memberships),
        extra=[e for e in extra if e is not None and e.lines],
    )


def period_of(frequency: str, now: dt.datetime) -> str | None:
    """The period a digest sent at local time `now` belongs to, or None before it is due:
    daily from KOMPLAN_DIGEST_HOUR, weekly from that hour on Monday."""
    before_hour = now.hour < settings.KOMPLAN_DIGEST_HOUR
    if frequency == Frequency.DAILY:
        return None if before_hour else now.date().isoformat()
    if frequency == Frequency.WEEKLY:
        year, week, weekday = now.isocalendar()
        return None if weekday == 1 and before_hour else f"{year}-W{week:02d}"
    return None


def unsubscribe_token(user: Any) -> str:
    """The person's id, signed; it does not expire: an old email's link still stops them."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(user.pk)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def absolute(path: str) -> str:
    return f"{settings.KOMPLAN_SITE_URL}{path}"


def digest_email(digest: Digest, language: str) -> EmailMultiAlternatives:
    """The multipart email of `digest`, written in `language`."""
    unsubscribe = absolute(reverse("reminders:unsubscribe", args=[unsubscribe_token(digest.user)]))
    context = {
        "digest": digest,
        "site": settings.KOMPLAN_SITE_URL,
        "unsubscribe_url": unsubscribe,
        "profile_url": absolute(reverse("reminders:profile")),
        "home_url": absolute(reverse("home:home")),
        "ahead_days": AHEAD_DAYS,
    }
    return templated_email(
        "reminders/digest",
        context,
        to=digest.user.email,
        language=language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def claim_digest(user: Any, period: str, now: dt.datetime) -> DigestSent | None:
    """Claim sending `user` their digest for `period` (committed when this returns); None when
    it was sent or another worker is sending it."""
    try:
        with transaction.atomic():
            return DigestSent.objects.create(user=user, period=period, claimed_at=now)
    except IntegrityError:
        pass
    stale = now - dt.timedelta(seconds=CLAIM_SECONDS)
    lost = DigestSent.objects.filter(user=user, period=period, sent_at=None, claimed_at__lt=stale)
    if not lost.update(claimed_at=now):  # one UPDATE: of two workers, one wins
        return None
    return DigestSent.objects.get(user=user, period=period)


def settled(now: dt.datetime) -> Q:
    """A filter on DigestSent: the rows whose digest needs no one else (sent, or being sent
    by a worker that is not stale)."""
    stale = now - dt.timedelta(seconds=CLAIM_SECONDS)
    return Q(sent_at__isnull=False) | Q(claimed_at__gte=stale)


def digest_send(*, user: Any, period: str, language: str, today: dt.date) -> bool:
    """Send `user` their digest for `period` unless it was sent; whether an email went out.
    Call it outside a transaction: the claim must be committed before the email goes."""
    claim = claim_digest(user, period, timezone.now())
    if claim is None:
        return False  # sent already, or being sent by another worker
    try:
        digest = digest_for(user, today)
        items = digest.count()
        if items:
            digest_email(digest, language).send()
    except BaseException:
        # Give the claim back: the task's retry sends the digest.
        DigestSent.objects.filter(pk=claim.pk, sent_at=None).delete()
        raise
    DigestSent.objects.filter(pk=claim.pk).update(items=items, sent_at=timezone.now())
    return items > 0
