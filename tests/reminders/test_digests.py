"""Alice of Ekby kommun chooses a digest of her work: it comes by email in her language, once
a day (or a week), with the same things "My work" shows her, and one click stops it."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import threading
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client

from komplan.meetings.models import ActionItem
from komplan.plans.models import Activity, Plan
from komplan.reminders.digest import digest_send, period_of
from komplan.reminders.models import DigestPreference, DigestSent, Frequency
from komplan.reminders.tasks import queue_digests, send_digest
from tests.conftest import login, morning_of
from tests.meetings.factories import make_forum, make_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
SITE = "https://komplan.ekby.se"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.KOMPLAN_SITE_URL = SITE
    settings.KOMPLAN_DIGEST_HOUR = 6


@pytest.fixture
def alice(admin_user: Any) -> Any:
    admin_user.first_name, admin_user.last_name = "Alice", "Ek"
    admin_user.save()
    return admin_user


@pytest.fixture
def work(alice: Any, plan: Plan, today: dt.date) -> dict[str, Any]:
    """One activity of Alice's due in three days and one overdue action item."""
    soon = today + dt.timedelta(days=3)
    activity = Activity.objects.create(
        plan=plan,
        title="Nyhetsbrev om e-arkivet",
        responsible="Alice Ek",
        start_override=soon,
        end_override=soon,
    )
    meeting = make_meeting(make_forum(plan.organization, members=0), plans=(plan,))
    action = ActionItem.objects.create(
        meeting=meeting,
        text="Boka lokal för workshop",
        owner="alice",
        due_date=today - dt.timedelta(days=2),
    )
    return {"activity": activity, "action": action}


def choose(user: Any, frequency: str, language: str = "sv") -> None:
    DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "language": language}
    )


def parsed(message: Any) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize(
    ("language", "subject", "overdue", "heading"),
    [
        ("sv", "komplan: 2 saker väntar på dig", "Försenade", "Mina åtgärdspunkter"),
        ("en", "komplan: 2 things wait for you", "Overdue", "My action items"),
    ],
)
def test_the_daily_digest_in_her_language(
    language: str, subject: str, overdue: str, heading: str, alice: Any, work: Any
) -> None:
    choose(alice, Frequency.DAILY, language)
    assert queue_digests.enqueue().return_value == 1
    assert len(mail.outbox) == 1
    message = parsed(mail.outbox[0])
    assert message["To"] == "alice@example.org"
    assert message["Subject"] == subject
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip())
    assert unsubscribe and unsubscribe.group(1).startswith(f"{SITE}/reminders/unsubscribe/")
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for body in (text, html):
        assert "Nyhetsbrev om e-arkivet" in body and "Boka lokal för workshop" in body
        assert overdue in body and heading in body
        assert unsubscribe.group(1) in body
    plan_id, meeting_id = work["activity"].plan_id, work["action"].meeting_id
    assert f"{SITE}/plans/{plan_id}/activities/" in text
    assert f'href="{SITE}/meetings/{meeting_id}/minutes/#action-{work["action"].pk}"' in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert f'<html lang="{language}">' in html


def test_a_second_run_the_same_day_sends_nothing(
    alice: Any, work: Any, today: dt.date, time_machine: Any
) -> None:
    choose(alice, Frequency.DAILY)
    queue_digests.enqueue()
    time_machine.move_to(morning_of(today) + dt.timedelta(hours=8), tick=False)
    assert queue_digests.enqueue().return_value == 0
    period = today.isoformat()
    # Even a worker that got the task twice sends it once: the row is the key.
    assert (
        send_digest.enqueue(
            user_id=alice.pk, period=period, organization_id=alice.memberships.get().organization_id
        ).return_value
        is False
    )
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().period == period
    time_machine.move_to(morning_of(today + dt.timedelta(days=1)), tick=False)
    queue_digests.enqueue()
    assert len(mail.outbox) == 2  # the next day's


def test_the_weekly_digest_comes_once_a_week_from_monday_morning(
    alice: Any, work: Any, today: dt.date, time_machine: Any
) -> None:
    choose(alice, Frequency.WEEKLY)
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    time_machine.move_to(dt.datetime.combine(monday, dt.time(5)).astimezone(), tick=False)
    queue_digests.enqueue()
    assert len(mail.outbox) == 0  # before the hour
    for day in range(7):
        time_machine.move_to(morning_of(monday + dt.timedelta(days=day)), tick=False)
        queue_digests.enqueue()
    assert len(mail.outbox) == 1


def test_no_digest_nothing_to_say_or_another_persons_work(
    alice: Any, editor: Any, work: Any
) -> None:
    choose(alice, Frequency.NONE)
    choose(editor, Frequency.DAILY)  # nothing is Bertil's
    queue_digests.enqueue()
    assert mail.outbox == []
    assert DigestSent.objects.get().items == 0


def test_the_periods() -> None:
    morning = dt.datetime(2027, 3, 1, 6, 0)  # a Monday
    assert period_of("daily", morning) == "2027-03-01"
    assert period_of("daily", morning - dt.timedelta(minutes=1)) is None
    assert period_of("weekly", morning) == "2027-W09"
    assert period_of("weekly", morning - dt.timedelta(minutes=1)) is None
    assert period_of("weekly", dt.datetime(2027, 3, 7, 1)) == "2027-W09"  # Sunday night
    assert period_of("none", morning) is None


def test_one_click_unsubscribe_without_logging_in(alice: Any, work: Any) -> None:
    choose(alice, Frequency.DAILY, "en")
    queue_digests.enqueue()
    url = parsed(mail.outbox[0])["List-Unsubscribe"].strip()[1:-1].removeprefix(SITE)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Stop the email digests" in page.content.decode()
    assert DigestPreference.objects.get().frequency == Frequency.DAILY  # a look changes nothing
    # RFC 8058: the mail provider posts this body, with no cookie and no CSRF token.
    done = visitor.post(url, {"List-Unsubscribe": "One-Click"}, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200 and "The digests are stopped" in done.content.decode()
    assert DigestPreference.objects.get().frequency == Frequency.NONE
    assert visitor.post(url[:-3] + "xx/").status_code == 404  # a forged token


def test_she_chooses_her_digest_on_her_profile_page(
    alice: Any, django_assert_num_queries: Any
) -> None:
    client = login(alice)
    with django_assert_num_queries(4):  # session, user, preference, memberships (menu)
        page = client.get("/profile/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Email digest" in html and 'value="weekly"' in html
    response = client.post("/profile/", {"frequency": "weekly", "language": "da"})
    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=alice)
    assert (preference.frequency, preference.language) == ("weekly", "da")
    bad = client.post(
        "/profile/", {"frequency": "hourly", "language": "da"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (
        bad.status_code == 200
        and "hourly is not one of the available choices" in bad.content.decode()
    )


def test_the_profile_page_needs_a_login(client: Client) -> None:
    assert client.get("/profile/")["Location"].startswith("/accounts/login/")


def test_the_digest_lists_what_my_work_lists_and_looks_a_week_ahead(
    alice: Any, work: Any, plan: Plan, today: dt.date
) -> None:
    Activity.objects.create(
        plan=plan,
        title="Pressmeddelande",
        responsible="alice@example.org",
        start_override=today,
        end_override=today,
    )
    page = login(alice).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pressmeddelande" in page and "Boka lokal för workshop" in page
    choose(alice, Frequency.DAILY, "en")
    queue_digests.enqueue()
    text = parsed(mail.outbox[0]).get_body(preferencelist=("plain",)).get_content()
    assert "Pressmeddelande" in text and "Boka lokal för workshop" in text
    # Due in three days: in the digest always, on the page only when that is this week.
    assert "Nyhetsbrev om e-arkivet" in text
    assert digest_send(user=alice, period=today.isoformat(), language="en", today=today) is False


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_digest(alice: Any, work: Any, today: dt.date) -> None:
    """Two workers got the same person's digest: the second waits for the first's row and
    sends nothing. (PostgreSQL: SQLite runs one writing transaction at a time anyway.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions: PostgreSQL")
    barrier, results = threading.Barrier(2), []

    def send() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(digest_send(user=alice, period="2027-W09", language="sv", today=today))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1 and DigestSent.objects.count() == 1


class WatchingBackend(locmem.EmailBackend):
    """The test mailbox, noting for each email whether a transaction was open as it went and
    whether its digest's claim was already in the database; fails when told to."""

    seen: ClassVar[list[tuple[bool, int]]] = []
    failures: ClassVar[int] = 0

    def send_messages(self, messages: Any) -> int:
        from django.db import connection

        if WatchingBackend.failures:
            WatchingBackend.failures -= 1
            raise ConnectionRefusedError("the SMTP server is down")
        WatchingBackend.seen.append((connection.in_atomic_block, DigestSent.objects.count()))
        return super().send_messages(messages)


@pytest.fixture
def watching(settings: Any) -> Any:
    settings.EMAIL_BACKEND = f"{__name__}.WatchingBackend"
    WatchingBackend.seen, WatchingBackend.failures = [], 0
    return WatchingBackend


@pytest.mark.django_db(transaction=True)
def test_the_email_goes_out_after_the_claim_is_committed_and_once(
    alice: Any, work: Any, today: dt.date, watching: Any
) -> None:
    """No transaction (on SQLite: the database's write lock) is held while the SMTP server
    answers; a second run, and a second worker's task, still send nothing."""
    choose(alice, Frequency.DAILY)
    assert queue_digests.enqueue().return_value == 1
    assert watching.seen == [(False, 1)]  # sent outside a transaction, the claim committed
    assert queue_digests.enqueue().return_value == 0
    organization_id = alice.memberships.get().organization_id
    again = send_digest.enqueue(
        user_id=alice.pk, period=today.isoformat(), organization_id=organization_id
    )
    assert again.return_value is False
    assert len(mail.outbox) == 1
    claim = DigestSent.objects.get()
    assert claim.sent_at is not None and claim.items == 2


def test_an_email_that_could_not_be_sent_is_sent_by_the_retry_once(
    alice: Any, work: Any, watching: Any
) -> None:
    watching.failures = 1
    choose(alice, Frequency.DAILY, "en")
    queue_digests.enqueue()  # the immediate backend retries at once
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().sent_at is not None
    queue_digests.enqueue()
    assert len(mail.outbox) == 1


def test_a_claim_lost_with_its_worker_is_taken_over_once_it_is_stale(
    alice: Any, work: Any, today: dt.date, time_machine: Any
) -> None:
    from komplan.reminders.digest import CLAIM_SECONDS

    choose(alice, Frequency.DAILY)
    # A worker claimed the digest and was killed before it sent the email.
    DigestSent.objects.create(user=alice, period=today.isoformat())
    assert queue_digests.enqueue().return_value == 0  # it may still be sending
    assert mail.outbox == []
    time_machine.move_to(morning_of(today) + dt.timedelta(seconds=CLAIM_SECONDS + 60), tick=False)
    assert queue_digests.enqueue().return_value == 1
    assert queue_digests.enqueue().return_value == 0
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().sent_at is not None


@pytest.fixture
def steps(alice: Any, plan: Plan, today: dt.date) -> dict[str, Any]:
    """Material released down the plan's cascade, waiting at the steps Alice passes it on at:
    one overdue, one due in five days; one due later, one sent already, one someone else's."""
    from komplan.cascade.models import Dispatch, DispatchState, How, Material, Step
    from komplan.plans.models import TargetGroup

    material = Material.objects.create(plan=plan, title="Status på upphandlingen")
    made = {}
    for name, responsible, days, state in [
        ("Rektorerna", "Alice Ek", -1, DispatchState.PLANNED),
        ("Skolsköterskorna", "alice@example.org", 5, DispatchState.PLANNED),
        ("Vaktmästarna", "Alice Ek", 12, DispatchState.PLANNED),
        ("Lärarna", "Alice Ek", -3, DispatchState.SENT),
        ("Kockarna", "Bertil", 1, DispatchState.PLANNED),
    ]:
        group = TargetGroup.objects.create(plan=plan, name=name)
        step = Step.objects.create(plan=plan, group=group, how=How.WRITTEN, responsible=responsible)
        made[name] = Dispatch.objects.create(
            material=material,
            step=step,
            day=today + dt.timedelta(days=days),
            reason="lead",
            state=state,
        )
    return made


@pytest.mark.parametrize(
    ("language", "heading", "how", "overdue"),
    [
        ("sv", "Mina spridningssteg", "skriftlig information", "Försenade"),
        ("en", "My cascade steps", "written briefing", "Overdue"),
    ],
)
def test_the_cascade_steps_due_are_in_the_digest_and_on_the_home_page(
    language: str, heading: str, how: str, overdue: str, alice: Any, steps: Any, plan: Plan
) -> None:
    choose(alice, Frequency.DAILY, language)
    queue_digests.enqueue()
    message = parsed(mail.outbox[0])
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = f"{SITE}/plans/{plan.pk}/cascade/?material={steps['Rektorerna'].material_id}"
    for body in (text, html):
        assert heading in body and "Status på upphandlingen" in body and how in body
        assert "Rektorerna" in body and "Skolsköterskorna" in body  # overdue, within 7 days
        assert "Vaktmästarna" not in body  # in 12 days
        assert "Lärarna" not in body and "Kockarna" not in body  # sent; Bertil's
        assert overdue in body
    assert link in text and f'href="{link}"' in html
    assert message["Subject"].startswith("komplan: 2 ")

    page = login(alice).get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    section = page[page.index('id="work-steps"') : page.index('id="work-actions"')]
    assert heading in section and "Rektorerna" in section and overdue in section
    assert f'href="/plans/{plan.pk}/cascade/?material=' in section
    assert "Vaktmästarna" not in section and "Kockarna" not in section


def test_the_home_page_has_no_cascade_section_for_those_without_steps(alice: Any) -> None:
    page = login(alice).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="work-steps"' not in page
