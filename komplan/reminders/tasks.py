"""The digests' tasks: hourly, find who is due; then one task per person sends theirs."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from komplan.accounts.models import Membership
from komplan.reminders.digest import digest_send, period_of, settled
from komplan.reminders.models import DigestPreference, DigestSent, Frequency


@task()
def queue_digests() -> int:
    """Enqueue a digest for each person whose period has begun and who has none for it (or
    only a stale claim of one: its worker was killed)."""
    now = timezone.localtime()
    preferences = (
        DigestPreference.objects.exclude(frequency=Frequency.NONE)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "frequency")
    )
    due = {}
    for user_id, frequency in preferences:
        period = period_of(frequency, now)
        if period is not None:
            due[user_id] = period
    sent = set(
        DigestSent.objects.filter(settled(now), period__in=set(due.values())).values_list(
            "user_id", "period"
        )
    )
    # The organisation whose administrators hear of a digest that keeps failing: the first.
    organization_of: dict[int, int] = {}
    memberships = Membership.objects.filter(user_id__in=list(due)).order_by("organization_id")
    for user_id, organization_id in memberships.values_list("user_id", "organization_id"):
        organization_of.setdefault(user_id, organization_id)
    queued = 0
    for user_id, period in due.items():
        if (user_id, period) in sent or user_id not in organization_of:
            continue
        send_digest.enqueue(
            user_id=user_id, period=period, organization_id=organization_of[user_id]
        )
        queued += 1
    return queued


@task()
def send_digest(*, user_id: int, period: str, organization_id: int) -> bool:
    """Send one person's digest for `period`, once (komplan.reminders.digest has the rules)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    preference = DigestPreference.objects.filter(user_id=user_id).first()
    if user is None or preference is None or preference.frequency == Frequency.NONE:
        return False  # chose no digest after it was queued
    return digest_send(
        user=user, period=period, language=preference.language, today=timezone.localdate()
    )
