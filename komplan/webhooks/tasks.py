"""Sending one delivery: one attempt per run of the task, retried with backoff by
komplan.core.tasks when the receiver did not answer 2xx (KOMPLAN_TASK_ATTEMPTS tries, then
the delivery is on the organisation's failed-work list, from where it may be tried again)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from komplan.core import tasks as core_tasks
from komplan.webhooks.models import Attempt, Delivery
from komplan.webhooks.sending import body_of, send


class DeliveryFailed(Exception):
    """The receiver did not take the delivery: the task fails, and is tried again later."""


@task()
def webhook_deliver(*, delivery_id: int, organization_id: int) -> int | None:
    """Send the delivery once; its attempt is logged whatever happens. Returns the status."""
    delivery = (
        Delivery.objects.select_related("webhook")
        .filter(pk=delivery_id, webhook__organization_id=organization_id)
        .first()
    )
    if delivery is None or delivery.delivered_at is not None or not delivery.webhook.active:
        return None  # removed, already delivered (a run again), or switched off meanwhile
    webhook = delivery.webhook
    answer = send(
        webhook.url,
        secret=webhook.secret,
        body=body_of(delivery.payload),
        event=delivery.event,
        delivery_id=str(delivery.event_id),
    )
    number = delivery.attempts.count() + 1
    Attempt.objects.create(
        delivery=delivery,
        number=number,
        status_code=answer.status_code,
        duration_ms=answer.duration_ms,
        response_start=answer.text,
        error=answer.error,
    )
    if answer.status_code is None or not 200 <= answer.status_code < 300:
        raise DeliveryFailed(answer.error or f"HTTP {answer.status_code}")
    Delivery.objects.filter(pk=delivery.pk).update(delivered_at=timezone.now())
    return answer.status_code


core_tasks.describe(webhook_deliver, _("Sending an event to a webhook"))
