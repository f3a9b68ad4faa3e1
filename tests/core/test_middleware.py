"""A request that writes is one transaction: all of it is kept or none, and a lost race
(deadlock, serialization failure, locked database) runs it again before anyone sees an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.core.urls import script

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.core.urls")]

URL = "/test/groups/"


@pytest.fixture(autouse=True)
def _fresh_script() -> Iterator[None]:
    script.reset()
    yield
    script.reset()


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="sv")


def lost_races(caplog: pytest.LogCaptureFixture) -> int:
    return sum("lost a race" in record.getMessage() for record in caplog.records)


def names() -> list[str]:
    return sorted(Group.objects.values_list("name", flat=True))


def test_a_request_that_writes_runs_in_one_transaction(client: Client) -> None:
    response = client.post(URL, {"name": "Ekonomer"})
    assert response.content == b"in a transaction: True"
    assert names() == ["Ekonomer"]


def test_a_request_that_reads_runs_without_one(client: Client) -> None:
    assert client.get(URL).content == b"in a transaction: False"


@pytest.mark.parametrize("where", ["lose_in_view", "lose_at_commit"])
def test_a_request_that_loses_a_race_once_is_run_again_and_kept_once(
    client: Client, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    setattr(script, where, 1)
    response = client.post(URL, {"name": "Ekonomer"})
    assert response.status_code == 200
    assert names() == ["Ekonomer"]  # once: the lost attempt kept nothing
    assert (script.attempts, lost_races(caplog)) == (2, 1)


@pytest.mark.parametrize("where", ["lose_in_view", "lose_at_commit"])
def test_a_request_that_keeps_losing_keeps_nothing_and_says_try_again(
    client: Client, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    setattr(script, where, 99)
    response = client.post(URL, {"name": "Ekonomer", "description": "Budget <2026>"})
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert names() == []
    assert (script.attempts, lost_races(caplog)) == (3, 3)
    page = response.content.decode()
    assert "Inget sparades" in page  # in the person's language
    assert '<button type="submit">Försök igen</button>' in page
    # The button sends the same form again, to the same address.
    assert f'action="{URL}"' in page
    assert '<input type="hidden" name="name" value="Ekonomer">' in page
    assert '<input type="hidden" name="description" value="Budget &lt;2026&gt;">' in page
    assert response["X-Frame-Options"] == "DENY"  # through the other middleware, as any page


def test_trying_again_from_the_answer_saves_it(client: Client) -> None:
    script.lose_at_commit = 3
    page = client.post(URL, {"name": "Ekonomer"})
    assert page.status_code == 503
    response = client.post(URL, {"name": "Ekonomer"})
    assert response.status_code == 200
    assert names() == ["Ekonomer"]


def test_the_answer_never_writes_a_password_into_the_page(client: Client) -> None:
    script.lose_at_commit = 3
    response = client.post(URL, {"name": "Ekonomer", "new_password1": "Hemligt-2026"})
    assert response.status_code == 503
    assert "Hemligt-2026" not in response.content.decode()


def test_the_answer_to_htmx_replaces_the_page(client: Client) -> None:
    script.lose_in_view = 3
    response = client.post(URL, {"name": "Ekonomer"}, HTTP_HX_REQUEST="true")
    # htmx would swap nothing of an error answer and the person would see nothing happen.
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("body", "innerHTML")
    assert "Inget sparades" in response.content.decode()
    assert names() == []


def test_a_view_that_fails_after_writing_keeps_nothing(client: Client) -> None:
    script.then = "raise"
    with pytest.raises(RuntimeError):  # the test client hands on what the 500 page hides
        client.post(URL, {"name": "Ekonomer"})
    assert names() == []
    assert script.attempts == 1  # not a race: not run again


def test_a_server_error_answer_keeps_nothing(client: Client) -> None:
    script.then = "fail"
    assert client.post(URL, {"name": "Ekonomer"}).status_code == 500
    assert names() == []


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_every_writing_method_is_run_again_after_a_lost_race(client: Client, method: str) -> None:
    script.lose_at_commit = 1
    assert getattr(client, method)(URL).status_code == 200
    assert (names(), script.attempts) == (["Kommunikatörer"], 2)
