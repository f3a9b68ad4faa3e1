"""Webhooks: an administrator registers a receiver; the events reach it signed, a failing
receiver is tried again, and every attempt is on the delivery log."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from komplan.plans.models import Activity, ActivityStatus
from komplan.versions import services as versions
from komplan.webhooks import events
from komplan.webhooks.models import Attempt, Delivery, Event, Webhook
from komplan.webhooks.sending import UnsafeAddress, checked_address
from tests.factories import fill_plan, make_plan

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verify() -> Any:
    """The `verify` function of docs/webhooks.md, run as a receiver would copy it."""
    text = DOCS.read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    scope: dict[str, Any] = {}
    exec(code.group(1), scope)
    return scope["verify"]


class Receiver:
    """An HTTP server on 127.0.0.1 in a thread, answering with the statuses it is given (the
    last one repeated) and keeping what it received."""

    def __init__(self) -> None:
        self.statuses = [200]
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.received.append((dict(self.headers.items()), body))
                n = len(receiver.received) - 1
                status = receiver.statuses[min(n, len(receiver.statuses) - 1)]
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answer {n + 1}: {status}".encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 5
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/komplan"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def private_allowed(settings: Any) -> None:
    settings.KOMPLAN_WEBHOOKS_ALLOW_PRIVATE = True
    settings.KOMPLAN_WEBHOOK_TIMEOUT = 2
    settings.KOMPLAN_SITE_URL = "https://komplan.ekby.example"


@pytest.fixture
def receiver(private_allowed: None) -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def make_webhook(organization: Any, url: str, events: list[str] | None = None) -> Webhook:
    return Webhook.objects.create(
        organization=organization, url=url, events=events or [e.value for e in Event]
    )


def approve(plan: Any, user: Any, capture: Any) -> None:
    with capture(execute=True):
        versions.submit(plan, user=user)
    with capture(execute=True):
        versions.approve(plan, user=user, on_behalf_of="Styrgruppen")


# --- signing and delivering ---------------------------------------------------------------------


def test_an_approved_plan_reaches_the_receiver_signed_as_the_docs_say(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    hook = make_webhook(organization, receiver.url, [Event.PLAN_APPROVED])
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert headers["Komplan-Event"] == "plan.approved"
    verify = documented_verify()
    assert verify(hook.secret, headers["Komplan-Signature"], body)
    # Another secret, or a body changed on the way, does not verify.
    assert not verify("whsec_other", headers["Komplan-Signature"], body)
    assert not verify(hook.secret, headers["Komplan-Signature"], body.replace(b"1.0", b"2.0"))
    payload = Delivery.objects.get().payload
    assert payload["type"] == "plan.approved"
    assert payload["organization"]["slug"] == "ekby"
    assert payload["data"]["plan"]["url"] == f"https://komplan.ekby.example/plans/{plan.pk}/"
    assert payload["data"]["version"] == "1.0"
    assert payload["data"]["on_behalf_of"] == "Styrgruppen"


def test_an_old_signature_is_refused_by_the_documented_check(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    hook = make_webhook(organization, receiver.url)
    time_machine.move_to("2026-10-14 09:00:00+02:00", tick=True)
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    headers, body = receiver.received[0]
    time_machine.move_to("2026-10-14 09:10:00+02:00", tick=True)  # ten minutes later: replayed
    assert not documented_verify()(hook.secret, headers["Komplan-Signature"], body)


def test_a_failing_receiver_is_tried_again_until_it_takes_the_delivery(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    admin_client_: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver.statuses = [500, 503, 200]
    hook = make_webhook(organization, receiver.url, [Event.PLAN_APPROVED])
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    # The immediate backend of the tests runs each retry at once (the queue waits 30 s, 2 min).
    assert len(receiver.received) == 3
    delivery = Delivery.objects.get()
    assert delivery.delivered_at is not None
    # The same event, signed anew, on every attempt.
    ids = {headers["Komplan-Delivery"] for headers, _ in receiver.received}
    assert ids == {str(delivery.event_id)}
    attempts = list(delivery.attempts.order_by("number"))
    assert [(a.number, a.status_code) for a in attempts] == [(1, 500), (2, 503), (3, 200)]
    assert attempts[0].response_start == "answer 1: 500"
    # The log lists them, newest first.
    page = admin_client_.get(f"/orgs/ekby/webhooks/{hook.pk}/deliveries/").content.decode()
    rows = re.findall(r'<tr id="attempt-\d+">(.*?)</tr>', page, re.S)
    assert len(rows) == 3
    assert "answer 3: 200" in rows[0] and "answer 1: 500" in rows[2]
    assert "Plan approved" in rows[0] or "Plan godkänd" in rows[0]


def test_a_receiver_that_never_answers_well_ends_on_the_failed_work_list(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from komplan.core.models import TaskFailure

    settings.KOMPLAN_TASK_ATTEMPTS = 3
    receiver.statuses = [500]
    make_webhook(organization, receiver.url, [Event.PLAN_APPROVED])
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 3
    assert Attempt.objects.count() == 3
    failure = TaskFailure.objects.get()
    assert failure.gave_up and failure.organization_id == organization.pk
    assert Delivery.objects.get().delivered_at is None


def test_redirects_are_not_followed(
    private_allowed: None,
    organization: Any,
    plan: Any,
    admin_user: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.KOMPLAN_TASK_ATTEMPTS = 1
    with Receiver() as target, Receiver() as redirecting:
        redirecting.statuses = [302]
        make_webhook(organization, redirecting.url, [Event.PLAN_APPROVED])
        approve(plan, admin_user, django_capture_on_commit_callbacks)
        assert len(redirecting.received) == 1 and not target.received
    assert Attempt.objects.get().status_code == 302


def test_nothing_is_announced_for_a_rolled_back_change_or_a_switched_off_webhook(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    hook = make_webhook(organization, receiver.url)
    hook.active = False
    hook.save()
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    assert not receiver.received and not Delivery.objects.exists()


# --- the events ---------------------------------------------------------------------------------


def test_each_event_is_delivered_to_the_webhooks_that_want_it(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    entries: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    everything = make_webhook(organization, receiver.url)
    make_webhook(organization, receiver.url, [Event.MINUTES_JUSTERED])
    capture = django_capture_on_commit_callbacks
    approve(plan, admin_user, capture)
    with capture(execute=True):
        versions.publish(plan, user=admin_user)
    activity = Activity.objects.filter(plan=plan).exclude(status=ActivityStatus.DONE).first()
    assert activity is not None
    old = activity.status
    with capture(execute=True), transaction.atomic():  # the audit trail writes at its end
        activity.status = ActivityStatus.DONE
        activity.save()
    kinds = [d.event for d in Delivery.objects.order_by("pk")]
    assert kinds == ["plan.approved", "plan.published", "activity.status_changed"]
    assert all(d.webhook_id == everything.pk for d in Delivery.objects.all())
    data = Delivery.objects.get(event="activity.status_changed").payload["data"]
    assert data["activity"]["id"] == activity.pk
    assert (data["old_status"], data["new_status"]) == (old, "done")
    assert len(receiver.received) == 3


def test_material_released_down_the_cascade_is_delivered(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import datetime as dt

    from komplan.cascade import services as cascade
    from komplan.cascade.models import CascadeSettings
    from tests.cascade.factories import FIRST_MEETING, make_cascade, make_material

    make_webhook(organization, receiver.url, [Event.MATERIAL_RELEASED])
    make_cascade(plan)
    CascadeSettings.objects.filter(plan=plan).update(approval_required=False)
    material = make_material(plan)
    with django_capture_on_commit_callbacks(execute=True):
        cascade.material_release(
            material, user=admin_user, today=FIRST_MEETING - dt.timedelta(days=3)
        )
    delivery = Delivery.objects.get()
    assert delivery.event == "material.released"
    assert delivery.payload["data"]["material"]["title"] == material.title
    assert len(receiver.received) == 1


def test_justered_minutes_are_delivered(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.meetings.factories import (
        fill_meeting,
        justera,
        make_adjuster,
        make_forum,
        make_meeting,
    )

    make_webhook(organization, receiver.url, [Event.MINUTES_JUSTERED])
    meeting = make_meeting(make_forum(organization), plans=(plan,))
    fill_meeting(meeting, plan=plan)
    adjuster = make_adjuster(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        justera(meeting, adjuster)
    delivery = Delivery.objects.get()
    assert delivery.event == "minutes.justered"
    assert delivery.payload["data"]["meeting"]["id"] == meeting.pk
    assert delivery.payload["data"]["minutes_version"] == 1


def test_another_organisations_webhooks_hear_nothing(
    receiver: Receiver,
    outsider: Any,
    plan: Any,
    admin_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = outsider.memberships.get().organization
    make_webhook(other, receiver.url)
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    assert not receiver.received
    own = make_plan(other, name="Västbys plan")
    approve(own, outsider, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1


# --- addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.org/hook",
        "file:///etc/passwd",
    ],
)
def test_local_and_private_addresses_and_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(UnsafeAddress):
        checked_address(url)


def test_a_public_address_is_accepted() -> None:
    assert checked_address("https://93.184.215.14/hook") == "93.184.215.14"


def test_the_setting_allows_private_addresses(settings: Any) -> None:
    settings.KOMPLAN_WEBHOOKS_ALLOW_PRIVATE = True
    assert checked_address("http://127.0.0.1:9/hook") == "127.0.0.1"
    with pytest.raises(UnsafeAddress):
        checked_address("ftp://127.0.0.1/hook")


def test_a_delivery_to_an_address_no_longer_allowed_is_not_sent(
    receiver: Receiver,
    organization: Any,
    plan: Any,
    admin_user: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.KOMPLAN_TASK_ATTEMPTS = 1
    make_webhook(organization, receiver.url, [Event.PLAN_APPROVED])
    settings.KOMPLAN_WEBHOOKS_ALLOW_PRIVATE = False
    approve(plan, admin_user, django_capture_on_commit_callbacks)
    assert not receiver.received
    attempt = Attempt.objects.get()
    assert attempt.status_code is None and attempt.error


# --- the pages ----------------------------------------------------------------------------------


def test_an_administrator_adds_a_webhook_and_sees_its_secret_once(
    private_allowed: None, admin_client_: Client, organization: Any
) -> None:
    response = admin_client_.post(
        "/orgs/ekby/webhooks/new/",
        {
            "url": "http://127.0.0.1:9/komplan",
            "description": "Intranätets nyheter",
            "events": ["plan.published", "minutes.justered"],
            "active": "on",
        },
    )
    hook = Webhook.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orgs/ekby/webhooks/{hook.pk}/"
    assert hook.events == ["plan.published", "minutes.justered"]
    assert hook.organization == organization and hook.secret.startswith("whsec_")
    first = admin_client_.get(response["Location"]).content.decode()
    assert hook.secret in first
    again = admin_client_.get(response["Location"]).content.decode()
    assert hook.secret not in again
    assert hook.secret not in admin_client_.get("/orgs/ekby/webhooks/").content.decode()


def test_the_form_refuses_a_private_address(admin_client_: Client) -> None:
    response = admin_client_.post(
        "/orgs/ekby/webhooks/new/",
        {"url": "http://192.168.1.20/hook", "events": ["plan.published"], "active": "on"},
    )
    assert response.status_code == 200
    assert not Webhook.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_administrator_changes_and_removes_a_webhook(
    private_allowed: None, admin_client_: Client, organization: Any
) -> None:
    hook = make_webhook(organization, "http://127.0.0.1:9/a")
    secret = hook.secret
    response = admin_client_.post(
        f"/orgs/ekby/webhooks/{hook.pk}/",
        {"url": "http://127.0.0.1:9/b", "events": ["plan.approved"]},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.active) == (
        "http://127.0.0.1:9/b",
        ["plan.approved"],
        False,
    )
    assert hook.secret == secret
    assert admin_client_.post(f"/orgs/ekby/webhooks/{hook.pk}/delete/").status_code == 302
    assert not Webhook.objects.exists()


def urls_of(hook: Webhook) -> list[str]:
    return [
        "/orgs/ekby/webhooks/",
        "/orgs/ekby/webhooks/new/",
        f"/orgs/ekby/webhooks/{hook.pk}/",
        f"/orgs/ekby/webhooks/{hook.pk}/deliveries/",
    ]


def test_outsiders_get_404_and_members_below_administrator_are_refused(
    private_allowed: None,
    organization: Any,
    outsider_client: Client,
    editor_client: Client,
    viewer_client: Client,
) -> None:
    hook = make_webhook(organization, "http://127.0.0.1:9/a")
    delete = f"/orgs/ekby/webhooks/{hook.pk}/delete/"
    for url in urls_of(hook):
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"url": "http://127.0.0.1:9/x"}).status_code == 404
        for client in (editor_client, viewer_client):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"url": "http://127.0.0.1:9/x"}).status_code == 403, url
    for client in (outsider_client, editor_client, viewer_client):
        assert client.post(delete).status_code in (403, 404)
    assert outsider_client.post(delete).status_code == 404
    # The outsider's own organisation cannot reach Ekby's webhook through its own address.
    assert outsider_client.get(f"/orgs/vastby/webhooks/{hook.pk}/").status_code == 404
    assert outsider_client.post(f"/orgs/vastby/webhooks/{hook.pk}/delete/").status_code == 404
    hook.refresh_from_db()
    assert hook.url == "http://127.0.0.1:9/a"
    assert Client().get(urls_of(hook)[0]).status_code == 302  # not logged in: the login page


def add_attempts(hook: Webhook, n: int) -> None:
    delivery = Delivery.objects.create(webhook=hook, event=Event.PLAN_APPROVED, payload={})
    Attempt.objects.bulk_create(
        Attempt(delivery=delivery, number=i + 1, status_code=500, response_start="fel")
        for i in range(n)
    )


def test_the_pages_need_the_same_queries_however_many_webhooks_and_attempts(
    private_allowed: None,
    organization: Any,
    admin_client_: Client,
    django_assert_num_queries: Any,
) -> None:
    hook = make_webhook(organization, "http://127.0.0.1:9/a")
    add_attempts(hook, 1)
    deliveries = f"/orgs/ekby/webhooks/{hook.pk}/deliveries/"
    admin_client_.get("/orgs/ekby/webhooks/")  # the session's first read is behind us
    with django_assert_num_queries(5):
        assert admin_client_.get("/orgs/ekby/webhooks/").status_code == 200
    with django_assert_num_queries(6):
        assert admin_client_.get(deliveries).status_code == 200
    for i in range(5):
        make_webhook(organization, f"http://127.0.0.1:9/{i}")
    add_attempts(hook, 10)
    with django_assert_num_queries(5):
        assert admin_client_.get("/orgs/ekby/webhooks/").status_code == 200
    with django_assert_num_queries(6):
        assert admin_client_.get(deliveries).status_code == 200


def test_the_settings_page_links_to_the_webhooks(admin_client_: Client) -> None:
    page = admin_client_.get("/orgs/ekby/settings/").content.decode()
    assert 'href="/orgs/ekby/webhooks/"' in page


def test_announce_reads_nothing_more_when_no_webhook_wants_the_event(
    organization: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert events.announce(organization.pk, Event.PLAN_APPROVED, lambda: {}) == []


def status_change_queries(plan: Any, user: Any, capture: Any, how_many: int) -> int:
    """Queries of the announcement of `how_many` activities' status changed in one bulk
    write, to a webhook that hears of it (tasks queued in the database, not sent)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komplan.plans import services as plans

    plan.activities.update(status=ActivityStatus.PLANNED)
    ids = list(plan.activities.values_list("pk", flat=True))
    assert len(ids) == how_many
    with capture() as callbacks, transaction.atomic():
        plans.activities_status_set(
            plan=plan, activity_ids=ids, status=ActivityStatus.DONE, user=user
        )
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    return len(queries)


def test_a_bulk_status_change_reads_the_webhooks_once_however_many_activities_change(
    organization: Any,
    admin_user: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_webhook(organization, "https://hooks.ekby.example/in", [Event.ACTIVITY_STATUS_CHANGED])
    few, many = make_plan(organization, name="Few"), make_plan(organization, name="Many")
    fill_plan(few, activities=2)
    fill_plan(many, activities=8)
    capture = django_capture_on_commit_callbacks
    two = status_change_queries(few, admin_user, capture, 2)
    eight = status_change_queries(many, admin_user, capture, 8)
    assert Delivery.objects.filter(event=Event.ACTIVITY_STATUS_CHANGED).count() == 10
    assert eight - two == 6  # one queued task per delivery, nothing more


def test_an_erased_member_is_no_longer_named_on_the_delivery_log(
    organization: Any, admin_user: Any, editor: Any
) -> None:
    from komplan.people import gdpr

    editor.first_name, editor.last_name = "Bertil", "Ek"
    editor.save()
    hook = make_webhook(organization, "https://hooks.ekby.example/in")
    delivery = Delivery.objects.create(
        webhook=hook,
        event=Event.PLAN_APPROVED,
        payload={"data": {"by": "Bertil Ek", "comment": "Godkänd av Bertil Ek."}},
    )
    Attempt.objects.create(delivery=delivery, number=1, response_start='{"by": "Bertil Ek"}')
    name = gdpr.member_erase(user=editor, organization=organization, by=admin_user)
    delivery.refresh_from_db()
    assert delivery.payload["data"] == {"by": name, "comment": f"Godkänd av {name}."}
    assert Attempt.objects.get().response_start == f'{{"by": "{name}"}}'
