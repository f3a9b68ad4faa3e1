"""The people's pages as a user meets them: contacts, import, meetings, the interaction log
and its effect on coverage, and their query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from komplan.meetings.models import Participant
from komplan.people.models import Contact, Interaction, InteractionKind
from komplan.plans.coverage import coverage
from komplan.plans.graph import plan_graph
from komplan.plans.models import Message, TargetGroup
from tests.meetings.factories import make_forum, make_meeting
from tests.plans.test_coverage_views import MatrixParser

pytestmark = pytest.mark.django_db


def _contact(organization: Any, name: str = "Karin Ek", *groups: Any) -> Contact:
    contact = Contact.objects.create(
        organization=organization,
        name=name,
        role="Rektor",
        employer="Ekby skola",
        email=f"{name.split()[0].lower()}@ekby.example",
        phone="070-123 45 67",
    )
    contact.groups.add(*groups)
    return contact


def test_a_contact_is_added_from_the_group_page(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    page = admin_client.get(f"/plans/{plan.pk}/people/groups/{group.pk}/").content.decode()
    assert f"/orgs/ekby/contacts/new/?group={group.pk}" in page
    form = admin_client.get(f"/orgs/ekby/contacts/new/?group={group.pk}").content.decode()
    assert re.search(rf'value="{group.pk}"[^>]*checked', form)
    response = admin_client.post(
        "/orgs/ekby/contacts/new/",
        {
            "name": "Karin Ek",
            "role": "Rektor",
            "employer": "Ekby skola",
            "email": "karin@ekby.example",
            "phone": "070-1",
            "groups": [group.pk],
            "lock_version": 0,
        },
    )
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{contact.pk}/")
    assert list(contact.groups.all()) == [group]
    page = admin_client.get(f"/plans/{plan.pk}/people/groups/{group.pk}/").content.decode()
    assert "Karin Ek" in page and "karin@ekby.example" in page


def test_a_bad_email_is_named(organization: Any, admin_client: Any) -> None:
    response = admin_client.post(
        "/orgs/ekby/contacts/new/", {"name": "Karin", "email": "karin", "lock_version": 0}
    )
    assert response.status_code == 200 and not Contact.objects.exists()
    assert "email" in response.content.decode().lower()


def test_a_contact_is_edited_and_deleted(organization: Any, admin_client: Any) -> None:
    contact = _contact(organization)
    response = admin_client.post(
        f"/orgs/ekby/contacts/{contact.pk}/edit/",
        {"name": "Karin Eklund", "lock_version": contact.lock_version},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Karin Eklund"
    assert admin_client.post(f"/orgs/ekby/contacts/{contact.pk}/delete/").status_code == 302
    assert not Contact.objects.exists()


def test_existing_contacts_join_and_leave_a_group(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    contact = _contact(plan.organization)
    url = f"/plans/{plan.pk}/people/groups/{group.pk}/"
    assert admin_client.post(url + "contacts/add/", {"contacts": [contact.pk]}).status_code == 302
    assert list(group.contacts.all()) == [contact]
    assert admin_client.post(url + f"contacts/{contact.pk}/remove/").status_code == 302
    assert not group.contacts.exists() and Contact.objects.filter(pk=contact.pk).exists()


def test_a_contact_of_another_organisation_cannot_join(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    from tests.factories import make_organization

    stranger = _contact(make_organization("Västby kommun", "vastby"))
    group = entries["groups"]
    response = admin_client.post(
        f"/plans/{plan.pk}/people/groups/{group.pk}/contacts/add/", {"contacts": [stranger.pk]}
    )
    assert response.status_code == 400 and not group.contacts.exists()


def test_a_contact_takes_part_in_a_meeting(organization: Any, admin_client: Any) -> None:
    contact = _contact(organization)
    meeting = make_meeting(make_forum(organization))
    page = admin_client.get(f"/orgs/ekby/contacts/{contact.pk}/").content.decode()
    assert "Add to a meeting" in page or "Lägg till" in page or "meetings/add/" in page
    response = admin_client.post(
        f"/orgs/ekby/contacts/{contact.pk}/meetings/add/", {"meeting": meeting.pk}
    )
    assert response.status_code == 302
    participant = Participant.objects.get(meeting=meeting, name="Karin Ek")
    assert participant.email == "karin@ekby.example" and participant.organization == "Ekby skola"
    assert participant.contact_link.contact == contact


# --- import -----------------------------------------------------------------------------------


CSV = (
    "Namn;Roll;Organisation;E-post;Telefon\n"
    "Karin Ek;Rektor;Ekby skola;karin@ekby.example;070-1\n"
    "Per Lund;Ordförande;Hyresgästföreningen;per@hgf.example;\n"
)


def _upload(client: Any, content: bytes, name: str = "kontakter.csv", query: str = "") -> Any:
    return client.post(
        f"/orgs/ekby/contacts/import/{query}", {"file": SimpleUploadedFile(name, content)}
    )


def test_a_csv_list_is_previewed_then_imported_into_a_group(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    preview = _upload(admin_client, CSV.encode("utf-8-sig"), query=f"?group={group.pk}")
    html = preview.content.decode()
    assert preview.status_code == 200 and "Karin Ek" in html and "Hyresgästföreningen" in html
    assert not Contact.objects.exists()  # nothing until confirmed
    response = admin_client.post("/orgs/ekby/contacts/import/", {"confirm": "1"})
    assert response.status_code == 302
    assert sorted(c.name for c in group.contacts.all()) == ["Karin Ek", "Per Lund"]
    assert Contact.objects.get(name="Per Lund").role == "Ordförande"


def test_an_excel_list_is_read(organization: Any, admin_client: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Role", "Email"])
    sheet.append(["Karin Ek", "Rektor", "karin@ekby.example"])
    data = io.BytesIO()
    book.save(data)
    preview = _upload(admin_client, data.getvalue(), "contacts.xlsx")
    assert preview.status_code == 200 and "Karin Ek" in preview.content.decode()
    admin_client.post("/orgs/ekby/contacts/import/", {"confirm": "1"})
    assert Contact.objects.get().email == "karin@ekby.example"


def test_rows_with_errors_are_named_and_nothing_is_written(
    organization: Any, admin_client: Any
) -> None:
    bad = "Namn;E-post\nKarin Ek;karin\n;per@hgf.example\n"
    html = _upload(admin_client, bad.encode()).content.decode()
    assert "Row 2" in html or "Rad 2" in html
    assert "Row 3" in html or "Rad 3" in html
    assert 'name="confirm"' not in html
    response = admin_client.post("/orgs/ekby/contacts/import/", {"confirm": "1"})
    assert response.status_code == 302 and not Contact.objects.exists()


def test_a_file_that_is_not_a_list_is_refused(organization: Any, admin_client: Any) -> None:
    response = _upload(admin_client, b"%PDF-1.4 not a list", "kontakter.pdf")
    assert response.status_code == 400 and not Contact.objects.exists()
    response = _upload(admin_client, b"Vem;Vad\nKarin;x\n")
    assert response.status_code == 400
    assert "name" in response.content.decode() or "namn" in response.content.decode()


# --- interactions -----------------------------------------------------------------------------


def _owed_gap(plan: Any) -> tuple[TargetGroup, Message]:
    """A group owed a message that no activity carries: a gap in coverage."""
    group = TargetGroup.objects.create(plan=plan, name="Rektorer")
    message = Message.objects.create(plan=plan, text="Skolorna bokar själva.")
    message.groups.add(group)
    return group, message


def test_a_meeting_conveying_a_message_makes_the_coverage_cell_done(
    plan: Any, entries: dict[str, Any], admin_client: Any, admin_user: Any
) -> None:
    group, message = _owed_gap(plan)
    karin = _contact(plan.organization, "Karin Ek", group)
    assert coverage(plan_graph(plan)).state(group.pk, message.pk) == "gap"
    response = admin_client.post(
        f"/plans/{plan.pk}/people/groups/{group.pk}/interactions/new/",
        {
            "kind": InteractionKind.MEETING,
            "day": "2026-03-05",
            "subject": "Rektorsmöte",
            "contacts": [karin.pk],
            "members": [admin_user.pk],
            "groups": [group.pk],
            "messages": [message.pk],
            "notes": "Positiva.",
            "follow_up": "2026-04-01",
            "lock_version": 0,
        },
    )
    assert response.status_code == 302
    assert coverage(plan_graph(plan)).state(group.pk, message.pk) == "done"
    parser = MatrixParser()
    parser.feed(admin_client.get(f"/plans/{plan.pk}/coverage/").content.decode())
    assert parser.cells[("Rektorer", message.position)][0] == "done"
    for url in (f"/plans/{plan.pk}/people/groups/{group.pk}/", f"/orgs/ekby/contacts/{karin.pk}/"):
        page = admin_client.get(url).content.decode()
        assert "Rektorsmöte" in page and "Skolorna bokar själva." in page


def test_the_coverage_page_read_before_a_meeting_is_not_shown_stale_after_it(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    """The coverage report is cached by the plan's content stamp: logging, editing or
    deleting an interaction must change that stamp, or the page keeps showing the gap."""
    group, message = _owed_gap(plan)
    matrix = f"/plans/{plan.pk}/coverage/"

    def cell() -> str:
        parser = MatrixParser()
        parser.feed(admin_client.get(matrix).content.decode())
        return str(parser.cells[("Rektorer", message.position)][0])

    assert cell() == "gap"  # read, and so cached, before the meeting
    log = {"kind": "meeting", "day": "2026-03-05", "subject": "Rektorsmöte", "lock_version": 0}
    response = admin_client.post(
        f"/plans/{plan.pk}/people/groups/{group.pk}/interactions/new/",
        {**log, "groups": [group.pk], "messages": [message.pk]},
    )
    assert response.status_code == 302
    assert cell() == "done"
    interaction = Interaction.objects.get()
    edit = f"/orgs/ekby/interactions/{interaction.pk}/"
    response = admin_client.post(
        edit + "edit/", {**log, "groups": [group.pk], "lock_version": interaction.lock_version}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert cell() == "gap"  # the message taken off the interaction
    assert admin_client.post(edit + "delete/").status_code == 302
    assert cell() == "gap"


def test_an_interaction_is_logged_from_a_contact_page(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group = entries["groups"]
    karin = _contact(plan.organization, "Karin Ek", group)
    form = admin_client.get(f"/orgs/ekby/contacts/{karin.pk}/interactions/new/")
    assert form.status_code == 200
    response = admin_client.post(
        f"/orgs/ekby/contacts/{karin.pk}/interactions/new/",
        {
            "kind": InteractionKind.CALL,
            "day": "2026-03-05",
            "subject": "Samtal om bokningen",
            "contacts": [karin.pk],
            "groups": [group.pk],
            "lock_version": 0,
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [karin]
    edit = f"/orgs/ekby/interactions/{interaction.pk}/"
    assert admin_client.get(edit + "edit/").status_code == 200
    assert admin_client.post(edit + "delete/").status_code == 302
    assert not Interaction.objects.exists()


def test_a_follow_up_before_the_interaction_is_refused(
    plan: Any, entries: dict[str, Any], admin_client: Any
) -> None:
    group, message = _owed_gap(plan)
    response = admin_client.post(
        f"/plans/{plan.pk}/people/groups/{group.pk}/interactions/new/",
        {
            "kind": "call",
            "day": "2026-03-05",
            "subject": "Samtal",
            "messages": [message.pk],
            "follow_up": "2026-03-01",
            "lock_version": 0,
        },
    )
    assert response.status_code == 200 and not Interaction.objects.exists()
    html = response.content.decode()
    assert "follow-up" in html.lower() or "uppfölj" in html.lower()


# --- query counts -----------------------------------------------------------------------------


def _grow(plan: Any, group: Any, message: Any, admin_user: Any, size: int) -> Contact:
    organization = plan.organization
    contacts = Contact.objects.bulk_create(
        [Contact(organization=organization, name=f"Person {n}") for n in range(size)]
    )
    group.contacts.add(*contacts)
    for n in range(size):
        interaction = Interaction.objects.create(
            organization=organization, day=dt.date(2026, 3, 1), subject=f"Möte {n}"
        )
        interaction.contacts.add(contacts[0], contacts[n])
        interaction.members.add(admin_user)
        interaction.groups.add(group)
        interaction.messages.add(message)
    return contacts[0]


@pytest.mark.parametrize("size", [2, 12])
def test_the_pages_read_a_fixed_number_of_queries(
    size: int,
    plan: Any,
    entries: dict[str, Any],
    admin_user: Any,
    admin_client: Any,
    django_assert_num_queries: Any,
) -> None:
    group, message = _owed_gap(plan)
    contact = _grow(plan, group, message, admin_user, size)
    admin_client.get("/")  # the session is read once before counting
    pages = {
        f"/plans/{plan.pk}/people/": 5,
        f"/plans/{plan.pk}/people/groups/{group.pk}/": 15,  # with the engagement and its history
        f"/orgs/ekby/contacts/{contact.pk}/": 13,
        "/orgs/ekby/contacts/": 6,
    }
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert admin_client.get(url).status_code == 200, url
