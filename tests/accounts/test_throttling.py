"""Guessing passwords is throttled: per account, per address, with a cool-off the login page
names; set-password links are rationed; passwords are hashed with Argon2."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.hashers import MD5PasswordHasher, make_password
from django.core import mail
from django.test import Client, RequestFactory

import komplan.settings as production
from komplan.accounts.throttling import client_address
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A Tuesday morning in Ekby; the lock of a login at 09:20 lifts at 09:35.
MORNING = dt.datetime(2026, 3, 10, 9, 20, tzinfo=STOCKHOLM)
LOGIN = "/accounts/login/"


class CountingHasher(MD5PasswordHasher):
    """MD5, counting every password it hashes: checking one hashes it once."""

    algorithm = "counting_md5"
    runs = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.runs += 1
        return super().encode(password, salt)


def log_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def test_the_sixth_wrong_password_is_refused_without_checking_it(
    settings: Any, client: Client, frozen: Any
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    dora = make_user("dora")  # hashed by the counting hasher
    CountingHasher.runs = 0
    for attempt in range(1, 5):
        assert log_in(client, "dora", f"gissning-{attempt}").status_code == 200
    assert CountingHasher.runs == 4
    fifth = log_in(client, "dora", "gissning-5")
    assert fifth.status_code == 429  # the fifth is checked, and locks
    assert CountingHasher.runs == 5
    sixth = log_in(client, "dora", "gissning-6")
    assert sixth.status_code == 429
    assert CountingHasher.runs == 5  # no hasher ran for the sixth
    # Not even the right password gets through now, nor is it checked.
    assert log_in(client, "dora", PASSWORD).status_code == 429
    assert CountingHasher.runs == 5
    assert "_auth_user_id" not in client.session
    assert dora.pk


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Inloggningen är pausad av säkerhetsskäl: försök igen efter 09:35."),
        ("da", "Log-ind er sat på pause af sikkerhedshensyn: prøv igen efter 09:35."),
        ("nb", "Innloggingen er satt på pause av sikkerhetshensyn: prøv igjen etter 09:35."),
        ("en", "For your security, logging in is paused: try again after 09:35."),
    ],
)
def test_the_login_page_says_in_the_users_language_when_to_try_again(
    language: str, text: str, client: Client, frozen: Any
) -> None:
    make_user("erik")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    for attempt in range(5):
        response = log_in(client, "erik", f"fel-{attempt}")
    assert response.status_code == 429
    page = response.content.decode()
    assert text in page
    assert 'role="alert"' in page
    assert 'value="erik"' in page  # the form is still there, with the username


def test_the_lock_lifts_after_the_cool_off(client: Client, frozen: Any) -> None:
    make_user("frida")
    for attempt in range(5):
        log_in(client, "frida", f"fel-{attempt}")
    frozen.shift(dt.timedelta(minutes=14))
    assert log_in(client, "frida", PASSWORD).status_code == 429
    frozen.shift(dt.timedelta(minutes=1, seconds=1))  # 09:35:01
    response = log_in(client, "frida", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_correct_login_starts_the_count_again(client: Client, frozen: Any) -> None:
    make_user("gustav")
    for attempt in range(4):
        log_in(client, "gustav", f"fel-{attempt}")
    assert log_in(client, "gustav", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for attempt in range(4):
        assert log_in(client, "gustav", f"fel-igen-{attempt}").status_code == 200
    assert log_in(client, "gustav", "fel-igen-5").status_code == 429


def test_one_account_locked_leaves_the_others_at_the_same_address_alone(
    client: Client, frozen: Any
) -> None:
    make_user("helga")
    make_user("ivar")
    for attempt in range(5):
        log_in(client, "helga", f"fel-{attempt}")
    assert log_in(Client(), "ivar", PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_is_locked_after_twenty_failures(
    client: Client, frozen: Any
) -> None:
    make_user("johanna")
    for n in range(19):
        assert log_in(client, f"person{n}", "Sommar2026").status_code == 200
    # Logging in to one's own account from there does not wipe the address's count.
    assert log_in(Client(), "johanna", PASSWORD).status_code == 302
    assert log_in(client, "person19", "Sommar2026").status_code == 429
    assert log_in(Client(), "johanna", PASSWORD).status_code == 429
    # Someone at another address logs in as usual.
    elsewhere = log_in(Client(), "johanna", PASSWORD, REMOTE_ADDR="198.51.100.23")
    assert elsewhere.status_code == 302


def test_the_django_admin_login_is_throttled_too(client: Client, frozen: Any) -> None:
    from komplan.accounts.models import User

    User.objects.create_superuser("root", "root@ekby.example", PASSWORD)
    for attempt in range(5):
        client.post("/admin/login/", {"username": "root", "password": f"fel-{attempt}"})
    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings: Any) -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7"
    )
    settings.KOMPLAN_TRUSTED_PROXIES = 0
    assert client_address(request) == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.KOMPLAN_TRUSTED_PROXIES = 1
    # The left entry is whatever the client sent; only the proxy's own entry counts.
    assert client_address(request) == "203.0.113.7"


def test_a_pbkdf2_password_still_logs_in_and_is_rehashed_with_argon2(
    settings: Any, client: Client
) -> None:
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    kerstin = make_user("kerstin")
    kerstin.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    kerstin.save(update_fields=["password"])
    assert log_in(client, "kerstin", PASSWORD).status_code == 302
    kerstin.refresh_from_db()
    assert kerstin.password.startswith("argon2$")
    assert kerstin.check_password(PASSWORD)


def ask_for_link(client: Client, email: str, **extra: Any) -> Any:
    return client.post("/accounts/password_reset/", {"email": email}, **extra)


def test_set_password_links_are_rationed_per_email_address(client: Client, frozen: Any) -> None:
    make_user("lena", email="lena@ekby.example")
    for _ in range(3):
        assert ask_for_link(client, "lena@ekby.example").status_code == 302
    assert len(mail.outbox) == 3
    # From another address too: the limit protects Lena's inbox.
    refused = ask_for_link(Client(), "Lena@Ekby.example", REMOTE_ADDR="198.51.100.23")
    assert refused.status_code == 429
    assert "Försök igen efter 10:20." in refused.content.decode()
    assert len(mail.outbox) == 3
    frozen.shift(dt.timedelta(hours=1, seconds=1))
    assert ask_for_link(client, "lena@ekby.example").status_code == 302
    assert len(mail.outbox) == 4


def test_set_password_links_are_rationed_per_address(client: Client, frozen: Any) -> None:
    for n in range(10):
        assert ask_for_link(client, f"person{n}@ekby.example").status_code == 302
    assert ask_for_link(client, "person10@ekby.example").status_code == 429
    assert (
        ask_for_link(Client(), "person10@ekby.example", REMOTE_ADDR="198.51.100.23").status_code
        == 302
    )
