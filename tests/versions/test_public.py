"""The public address of a plan's published version: no login, the frozen snapshot and never
the live plan, in the plan's language, out of search engines, and gone once revoked."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from komplan.plans.models import Activity, Plan
from komplan.plans.planjson import plan_to_json
from komplan.versions.document import LISTED_ACTIVITIES
from komplan.versions.models import Publication, Snapshot
from tests.factories import fill_plan, make_organization, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def publish(plan: Plan, version: str = "1.0", status: str = "published") -> Publication:
    """Freeze the plan as it is now and give it a live public address."""
    Snapshot.objects.create(plan=plan, version=version, status=status, data=plan_to_json(plan))
    return live_address(plan)


def live_address(plan: Plan) -> Publication:
    return Publication.objects.filter(plan=plan, revoked_at=None).first() or (
        Publication.objects.create(plan=plan)
    )


def page_url(publication: Publication) -> str:
    return f"/p/{publication.token}/"


def text_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def published(plan: Plan, entries: dict[str, Any]) -> Publication:
    return publish(plan)


def test_the_page_needs_no_login_and_shows_the_published_plan(
    client: Client, plan: Plan, entries: dict[str, Any], published: Publication
) -> None:
    page = text_of(client.get(page_url(published)))
    assert "<h1>Nytt ärendesystem</h1>" in page
    for text in ("Kommunstyrelsen", "Handläggare", "Systemet sparar tid.", "Intranätet"):
        assert text in page
    assert "Nyhet 1" in page and "Nyhet 3" in page
    assert "Version 1.0, publicerad" in page


def test_the_page_shows_the_snapshot_not_the_live_plan(
    client: Client, plan: Plan, entries: dict[str, Any], published: Publication
) -> None:
    entries["groups"].name = "Helt ny målgrupp"
    entries["groups"].save()
    entries["messages"].text = "Ett nytt budskap."
    entries["messages"].save()
    entries["activities"].title = "Omdöpt aktivitet"
    entries["activities"].save()
    plan.name = "Nytt namn på planen"
    plan.save()

    page = text_of(client.get(page_url(published)))
    assert "Handläggare" in page and "Systemet sparar tid." in page and "Nyhet 1" in page
    assert "Nytt ärendesystem" in page
    for new in ("Helt ny målgrupp", "Ett nytt budskap.", "Omdöpt aktivitet", "Nytt namn"):
        assert new not in page

    data = json.loads(client.get(page_url(published) + "json/").content)
    assert data["plan"]["name"] == "Nytt ärendesystem"
    assert "Helt ny målgrupp" not in json.dumps(data, ensure_ascii=False)


def test_the_latest_published_version_is_shown(
    client: Client, plan: Plan, entries: dict[str, Any], published: Publication
) -> None:
    entries["groups"].name = "Handläggare och assistenter"
    entries["groups"].save()
    # Approved but not yet published: the page keeps the published one.
    publish(plan, "2.0", "approved")
    page = text_of(client.get(page_url(published)))
    assert "Handläggare och assistenter" not in page
    publish(plan, "2.0")
    page = text_of(client.get(page_url(published)))
    assert "Handläggare och assistenter" in page
    assert "2.0" in page


def test_the_page_stays_out_of_search_engines_and_shares(
    client: Client, published: Publication
) -> None:
    response = client.get(page_url(published))
    page = text_of(response)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-cache"


def test_the_page_is_standalone(client: Client, admin_user: Any, published: Publication) -> None:
    # Even a logged-in member sees the public page, not the app around it.
    client.force_login(admin_user)
    page = text_of(client.get(page_url(published)))
    for absent in ("/accounts/", "/plans/", "/orgs/", "csrf", "htmx", "<form", "<script", "alice"):
        assert absent not in page.lower(), absent
    assert 'href="#main"' in page and '<main id="main"' in page
    assert "/static/versions/public.css" in page
    assert "/static/komplan/komplan.css" not in page


def test_the_page_links_every_download(client: Client, published: Publication) -> None:
    page = text_of(client.get(page_url(published)))
    for fmt in TYPES:
        assert f'href="/p/{published.token}/{fmt}/"' in page


@pytest.mark.parametrize(
    ("language", "html_lang", "document_lang", "published_word"),
    [
        ("sv", "sv", "sv-SE", "publicerad"),
        ("da", "da", "da-DK", "offentliggjort"),
        ("nb", "nb", "nb-NO", "publisert"),
        ("en", "en", "en-GB", "published"),
    ],
)
def test_the_page_is_in_the_plan_language_not_the_visitor(
    client: Client,
    organization: Any,
    language: str,
    html_lang: str,
    document_lang: str,
    published_word: str,
) -> None:
    plan = make_plan(organization, name=f"Plan {language}", language=language)
    fill_plan(plan, activities=1)
    publication = publish(plan)
    # The visitor's browser asks for another language; the plan's wins.
    other = "en" if language != "en" else "sv"
    response = client.get(page_url(publication), HTTP_ACCEPT_LANGUAGE=other)
    page = text_of(response)
    assert f'<html lang="{html_lang}">' in page
    assert f'<article class="plan-document" lang="{document_lang}">' in page
    assert response["Content-Language"] == html_lang
    assert published_word in page.lower()


def test_headings_nest_under_the_page_heading(client: Client, published: Publication) -> None:
    page = text_of(client.get(page_url(published)))
    assert page.count("<h1") == 1
    assert '<h2 id="section-1">1 ' in page
    assert '<h3 id="section-1-1">1.1 ' in page
    assert '<h3 id="section-4-1">4.1 ' in page
    assert '<h4 id="section-6-1-1">6.1.1 Nyhet 1</h4>' in page
    assert 'href="#section-6-2"' in page  # the table of contents
    assert '<th scope="col">' in page
    assert 'aria-labelledby="section-6-2"' in page


def test_done_activities_say_so_in_words(client: Client, published: Publication) -> None:
    page = text_of(client.get(page_url(published)))
    row = page[page.index('<tr class="done">') :]
    row = row[: row.index("</tr>")]
    assert "Nyhet 1" in row
    assert '<strong class="status-done">Genomförd</strong>' in row
    assert page.count('<tr class="done">') == 1


@pytest.mark.parametrize("fmt", list(TYPES))
def test_every_download_is_the_snapshot(
    client: Client, plan: Plan, entries: dict[str, Any], published: Publication, fmt: str
) -> None:
    entries["groups"].name = "Helt ny målgrupp"
    entries["groups"].save()
    response = client.get(f"/p/{published.token}/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Type"] == TYPES[fmt]
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-cache"
    body = response.content
    if fmt == "json":
        data = json.loads(body)
        names = [group["name"] for group in data["groups"]]
        assert "Handläggare" in names and "Helt ny målgrupp" not in names
    elif fmt == "docx":
        document = Document(io.BytesIO(body))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert "Handläggare" in texts
        assert not any("Helt ny målgrupp" in text for text in texts)
    elif fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        assert "Nyhet 1" in cells
        assert not any("Helt ny målgrupp" in cell for cell in cells)
    else:
        assert body.startswith(b"%PDF")


def test_downloads_answer_only_get(client: Client, published: Publication) -> None:
    assert client.post(f"/p/{published.token}/json/").status_code == 405
    assert client.post(page_url(published)).status_code == 405
    assert client.get(f"/p/{published.token}/odt/").status_code == 404


def test_a_revoked_address_is_gone(client: Client, published: Publication) -> None:
    assert client.get(page_url(published)).status_code == 200
    Publication.objects.filter(pk=published.pk).update(revoked_at=timezone.now())
    assert client.get(page_url(published)).status_code == 404
    for fmt in TYPES:
        assert client.get(f"/p/{published.token}/{fmt}/").status_code == 404


def test_a_revoked_address_is_gone_even_after_a_download(
    client: Client, published: Publication
) -> None:
    assert client.get(f"/p/{published.token}/json/").status_code == 200  # now cached
    Publication.objects.filter(pk=published.pk).update(revoked_at=timezone.now())
    assert client.get(f"/p/{published.token}/json/").status_code == 404


def test_an_unknown_address_is_the_same_404(client: Client, published: Publication) -> None:
    revoked = Publication.objects.create(plan=published.plan, revoked_at=timezone.now())
    unknown = client.get("/p/" + "A" * 43 + "/")
    gone = client.get(page_url(revoked))
    assert unknown.status_code == gone.status_code == 404
    assert unknown.content == gone.content
    assert client.get("/p/" + "A" * 43 + "/pdf/").status_code == 404
    assert client.get(f"/p/{published.token[:-1]}/").status_code == 404


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_no_published_version_is_a_404(
    client: Client, plan: Plan, entries: dict[str, Any], status: str
) -> None:
    publication = Publication.objects.create(plan=plan)
    assert client.get(page_url(publication)).status_code == 404
    Snapshot.objects.create(plan=plan, version="1.0", status=status, data=plan_to_json(plan))
    assert client.get(page_url(publication)).status_code == 404
    assert client.get(f"/p/{publication.token}/json/").status_code == 404


def test_another_plans_publication_does_not_show_this_plan(
    client: Client, published: Publication
) -> None:
    other_plan = make_plan(make_organization("Västby kommun", "vastby"), name="Västbys plan")
    other = publish(other_plan)
    page = text_of(client.get(page_url(other)))
    assert "Västbys plan" in page and "Nytt ärendesystem" not in page


def test_plan_text_is_escaped(client: Client, plan: Plan, entries: dict[str, Any]) -> None:
    hostile = '<script>alert("x")</script>&<b>"'
    plan.name = hostile + " plan"
    plan.background = hostile + " bakgrund\nandra raden"
    plan.save()
    entries["groups"].name = hostile + " grupp"
    entries["groups"].save()
    entries["messages"].text = hostile + " budskap"
    entries["messages"].clarification = hostile + " förtydligande"
    entries["messages"].save()
    entries["activities"].title = hostile + " aktivitet"
    entries["activities"].save()
    publication = publish(plan)
    page = text_of(Client().get(page_url(publication)))
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;b&gt;" in page
    assert page.count("&lt;script&gt;") >= 6


def _queries(client: Client, publication: Publication) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page_url(publication)).status_code == 200
    return len(captured)


def test_the_page_takes_a_constant_number_of_queries(
    client: Client, organization: Any, published: Publication
) -> None:
    small = _queries(client, published)
    big_plan = make_plan(organization, name="Stor plan")
    fill_plan(big_plan, activities=40)
    big = _queries(client, publish(big_plan))
    assert small == big <= 2


def test_a_huge_plan_lists_only_the_first_activities(
    client: Client, plan: Plan, entries: dict[str, Any]
) -> None:
    Activity.objects.bulk_create(
        Activity(plan=plan, title=f"Massaktivitet {n}", position=10 + n)
        for n in range(LISTED_ACTIVITIES + 20)
    )
    publication = publish(plan)
    response = client.get(page_url(publication))
    page = text_of(response)
    total = LISTED_ACTIVITIES + 23
    assert f"Aktivitetsplanen har {total} aktiviteter" in page
    assert f"Här visas de {LISTED_ACTIVITIES} första" in page
    table = page[page.index('aria-labelledby="section-6-2"') :]
    table = table[: table.index("</table>")]  # the activity plan's table, not the risks' after it
    assert table.count("<tr") == LISTED_ACTIVITIES + 1  # and the header row
    assert "Massaktivitet 519" not in page
    assert len(response.content) < 2_000_000


def test_the_public_json_carries_no_database_ids(client: Client, published: Publication) -> None:
    import json

    data = json.loads(client.get(f"/p/{published.token}/json/").content)
    assert data["groups"] and all("id" not in g for g in data["groups"])
    assert all("id" not in a for a in data["activities"])
    assert data["groups"][0]["key"] == "group-1"
