"""When a request fails, the visitor reads what happened in her own language and finds the
way back; a lost database answers 503 with Retry-After, and komplan recovers by itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LANGUAGES = ["sv", "da", "nb", "en"]
HEADINGS = {
    403: {
        "sv": "Du får inte göra detta",
        "da": "Du må ikke gøre dette",
        "nb": "Du har ikke lov til å gjøre dette",
        "en": "You may not do this",
    },
    404: {
        "sv": "Sidan hittades inte",
        "da": "Siden blev ikke fundet",
        "nb": "Siden ble ikke funnet",
        "en": "Page not found",
    },
    500: {
        "sv": "Något gick fel",
        "da": "Noget gik galt",
        "nb": "Noe gikk galt",
        "en": "Something went wrong",
    },
    503: {
        "sv": "komplan är inte tillgängligt för tillfället",
        "da": "komplan er midlertidigt utilgængelig",
        "nb": "komplan er midlertidig utilgjengelig",
        "en": "komplan is unavailable for a moment",
    },
}
NOT_SAVED = {
    "sv": "Det du nyss skickade sparades inte.",
    "da": "Det, du lige sendte, blev ikke gemt.",
    "nb": "Det du nettopp sendte, ble ikke lagret.",
    "en": "What you just sent was not saved.",
}
START_PAGE = {
    "sv": "Gå till startsidan",
    "da": "Gå til forsiden",
    "nb": "Gå til forsiden",
    "en": "Go to the start page",
}
LOG_IN = {"sv": "Logga in", "da": "Log ind", "nb": "Logg inn", "en": "Log in"}


def main(response: Any) -> str:
    """The page's <main>, without the header (whose nav has its own log-out button)."""
    html = response.content.decode()
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found, html[:500]
    return found.group(0)


def speaking(client: Client, language: str) -> Client:
    """The client with a language chosen in the header's switch (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_way_back(page: str, language: str, *, log_in: bool) -> None:
    assert f'<a href="/">{START_PAGE[language]}</a>' in page
    assert (f">{LOG_IN[language]}</a>" in page) is log_in


@contextmanager
def database_refusing(
    refuse: Callable[[str], bool] = lambda sql: True,
) -> Iterator[list[str]]:
    """Every statement for which `refuse(sql)` holds fails as when PostgreSQL has gone away;
    yields the statements tried."""
    tried: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        tried.append(sql)
        if refuse(sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield tried


# --- 404 and 403 ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_says_so_in_the_browsers_language_and_offers_to_log_in(
    client: Client, language: str
) -> None:
    response = client.get("/planer/finns-inte/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = main(response)
    assert HEADINGS[404][language] in page
    assert_way_back(page, language, log_in=True)
    assert 'href="/accounts/login/"' in page
    # Nothing of the address comes back, so every missing page reads the same.
    assert response.content == client.get("/finns-inte/", HTTP_ACCEPT_LANGUAGE=language).content


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_organisations_plan_is_a_missing_page_for_a_member(
    outsider_client: Client, plan: Any, language: str
) -> None:
    response = speaking(outsider_client, language).get(f"/plans/{plan.pk}/")
    assert response.status_code == 404
    page = main(response)
    assert HEADINGS[404][language] in page
    assert_way_back(page, language, log_in=False)
    assert plan.name not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_viewer_who_tries_to_edit_is_told_she_may_not_and_where_to_go(
    viewer_client: Client, plan: Any, language: str
) -> None:
    response = speaking(viewer_client, language).get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 403
    page = main(response)
    assert HEADINGS[403][language] in page
    assert_way_back(page, language, log_in=False)
    # The header still knows her: she can log out or switch language from here.
    html = response.content.decode()
    assert "cecilia" in html and 'action="/i18n/setlang/"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 2


def test_a_form_sent_without_its_token_is_explained(admin_user: Any) -> None:
    checked = Client(enforce_csrf_checks=True)
    response = checked.post(
        "/accounts/login/",
        {"username": admin_user.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in main(response)
    assert_way_back(main(response), "nb", log_in=True)


# --- 500 --------------------------------------------------------------------------------------


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_failing_page_answers_500_in_the_visitors_language(language: str) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/trasig/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    page = main(response)
    assert HEADINGS[500][language] in page
    assert_way_back(page, language, log_in=True)
    assert "nonsens" not in response.content.decode()  # the error stays in the log


# --- 503: the database is gone ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lost_database_answers_503_without_asking_it_again_and_komplan_recovers(
    viewer_client: Client, plan: Any, language: str
) -> None:
    client = speaking(viewer_client, language)
    with database_refusing() as tried:
        response = client.get(f"/plans/{plan.pk}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = main(response)
    assert HEADINGS[503][language] in page and NOT_SAVED[language] in page
    assert_way_back(page, language, log_in=False)
    # One statement failed (reading the session); the error page asked for nothing more.
    assert len(tried) == 1
    assert "Content-Security-Policy" in response

    # The database is back: the next request works without anyone restarting komplan.
    again = client.get(f"/plans/{plan.pk}/")
    assert again.status_code == 200
    assert plan.name in again.content.decode()


def test_a_lost_database_during_a_change_answers_503_and_keeps_nothing(
    editor_client: Client, plan: Any
) -> None:
    def writes(sql: str) -> bool:
        return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))

    with database_refusing(writes):
        response = editor_client.post(
            f"/plans/{plan.pk}/groups/new/", {"name": "Föreningar i Ekby", "reach": "external"}
        )
    assert response.status_code == 503
    assert plan.groups.filter(name="Föreningar i Ekby").count() == 0


@pytest.mark.urls("tests.error_urls")
def test_a_database_lost_while_the_session_is_saved_answers_503(viewer: Any) -> None:
    # The view succeeds; the session middleware's write after it fails, and Django reports
    # that as a 400 "session interrupted" unless komplan looks at its cause.
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    with database_refusing(lambda sql: "django_session" in sql and sql.startswith("UPDATE")):
        response = client.get("/besok/", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert HEADINGS[503]["da"] in main(response)
    assert client.get("/besok/").status_code == 200


@pytest.mark.urls("tests.error_urls")
def test_a_database_lost_while_a_session_is_created_answers_503(viewer: Any) -> None:
    client = Client(raise_request_exception=False)
    with database_refusing(lambda sql: "django_session" in sql and sql.startswith("INSERT")):
        response = client.get("/besok/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 503
    assert HEADINGS[503]["sv"] in main(response)
    assert_way_back(main(response), "sv", log_in=True)


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_postgresql_dropped_is_replaced_before_the_next_page(
    viewer: Any, plan: Any
) -> None:
    """PostgreSQL restarts while komplan keeps an idle connection: the next request checks
    it, finds it dead and opens a new one, instead of failing on it."""
    from django.db import close_old_connections, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL to end a connection from outside (DATABASE_URL)")
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60  # kept between requests, as in production
    try:
        client = Client()
        client.force_login(viewer)
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()

        close_old_connections()  # what Django does when the next request starts
        response = client.get(f"/plans/{plan.pk}/")
        assert response.status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()


# --- 413: too large ---------------------------------------------------------------------------


def test_the_request_limit_admits_the_largest_import_with_its_form() -> None:
    from komplan.imports.importers.safety import MAX_BYTES as IMPORT_LIMIT
    from komplan.meetings.uploads import MAX_BYTES as ATTACHMENT_LIMIT

    largest_form = max(IMPORT_LIMIT, ATTACHMENT_LIMIT) + 64 * 1024
    assert largest_form <= settings.KOMPLAN_MAX_REQUEST_BYTES


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "komplan tar emot högst 1,0\xa0MB åt gången"),
        ("da", "komplan modtager højst 1,0\xa0MB ad gangen"),
        ("nb", "komplan tar imot høyst 1,0\xa0MB om gangen"),
        ("en", "komplan accepts at most 1.0\xa0MB at a time"),
    ],
)
def test_an_upload_over_the_request_limit_is_refused_with_413_naming_the_limit(
    editor_client: Client, plan: Any, settings: Any, language: str, text: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.KOMPLAN_MAX_REQUEST_BYTES = 1024 * 1024
    sheet = SimpleUploadedFile("aktivitetsplan.csv", b"Aktivitet;Tid\n" * 100_000)
    response = speaking(editor_client, language).post(f"/plans/{plan.pk}/import/", {"file": sheet})
    assert response.status_code == 413
    assert text in main(response)
    assert_way_back(main(response), language, log_in=False)


def test_form_fields_over_their_limit_are_refused_with_413_naming_the_limit(
    editor_client: Client, plan: Any, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = speaking(editor_client, "en").post(
        f"/plans/{plan.pk}/groups/new/", {"name": "Ekby", "description": "x" * 20_000}
    )
    assert response.status_code == 413
    assert "at most 9.8\xa0KB at a time" in main(response)
    assert plan.groups.count() == 0
