"""Personal data as the GDPR asks it to be handled: a held activity logged as an interaction,
the retention period's clean-up, a person's export and erasure (after which no page, file or
history names them), contacts in plan JSON by reference only, and a removed member's login."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from komplan.accounts.models import Membership, Role
from komplan.audit.models import AuditEvent
from komplan.core import schedule
from komplan.meetings.models import Meeting, Participant
from komplan.people import gdpr, services, tasks
from komplan.people.models import Contact, Engagement, EngagementChange, Interaction
from komplan.plans.models import Plan, Risk, Spokesperson
from komplan.plans.planjson import plan_to_json
from komplan.versions.models import Revision
from tests.factories import make_member, make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting
from tests.test_access import all_urls
from tests.versions.test_public import publish

pytestmark = pytest.mark.django_db

NAME = "Karin Ekström"
EMAIL = "karin.ekstrom@ekby.example"


def _karin(organization: Any, *groups: Any) -> Contact:
    contact = Contact.objects.create(
        organization=organization,
        name=NAME,
        role="Rektor",
        employer="Ekby skola",
        email=EMAIL,
        phone="070-123 45 67",
    )
    contact.groups.add(*groups)
    return contact


# --- item 2: a held activity, logged as an interaction ----------------------------------------


def test_a_held_activity_is_logged_as_an_interaction_from_its_page(
    plan: Any, entries: dict[str, Any], admin_client_: Client
) -> None:
    activity = entries["activities"]  # held: done
    page = admin_client_.get(f"/plans/{plan.pk}/activities/{activity.pk}/edit/").content.decode()
    log_url = f"/plans/{plan.pk}/people/activities/{activity.pk}/log/"
    assert log_url in page
    form = admin_client_.get(log_url).content.decode()
    assert 'value="Nyhet 1"' in form  # the subject is the activity's title
    for group in activity.groups.all():
        assert f'value="{group.pk}" id' in form or f'value="{group.pk}"' in form
    assert "checked" in form
    karin = _karin(plan.organization, entries["groups"])
    response = admin_client_.post(
        log_url,
        {
            "kind": "meeting",
            "day": "2026-10-05",
            "subject": "Nyhet 1",
            "contacts": [karin.pk],
            "groups": [entries["groups"].pk],
            "messages": [entries["messages"].pk],
            "lock_version": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/activities/{activity.pk}/edit/")
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [karin]
    assert list(interaction.messages.all()) == [entries["messages"]]


def test_an_activity_not_yet_held_offers_no_log(
    plan: Any, entries: dict[str, Any], admin_client_: Client
) -> None:
    planned = plan.activities.exclude(pk=entries["activities"].pk).first()
    page = admin_client_.get(f"/plans/{plan.pk}/activities/{planned.pk}/edit/").content.decode()
    assert "/log/" not in page


def test_marking_activities_done_in_the_activity_plan_offers_to_log_them(
    plan: Any, entries: dict[str, Any], admin_client_: Client
) -> None:
    planned = list(plan.activities.exclude(pk=entries["activities"].pk).order_by("position"))
    response = admin_client_.post(
        f"/plans/{plan.pk}/activities/status/",
        {"activity": [a.pk for a in planned], "status": "done", "query": ""},
        follow=True,
    )
    page = response.content.decode()
    for activity in planned:
        assert f'href="/plans/{plan.pk}/people/activities/{activity.pk}/log/"' in page
    assert not Interaction.objects.exists()  # offered, not made: the user adds who took part


# --- the retention period ---------------------------------------------------------------------


def test_the_clean_up_deletes_contacts_past_the_period_and_audits_it_without_the_name(
    plan: Any, entries: dict[str, Any], time_machine: Any
) -> None:
    organization = plan.organization
    organization.retention_months = 12
    organization.save()
    time_machine.move_to(dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC), tick=False)
    old = _karin(organization, entries["groups"])
    talk = Interaction.objects.create(
        organization=organization, day=dt.date(2024, 3, 1), subject="Möte"
    )
    talk.contacts.add(old)
    kept_by_talk = Contact.objects.create(organization=organization, name="Per Lund")
    time_machine.move_to(dt.datetime(2025, 2, 1, 9, tzinfo=dt.UTC), tick=False)
    recent = Interaction.objects.create(
        organization=organization, day=dt.date(2025, 2, 1), subject="Samtal"
    )
    recent.contacts.add(kept_by_talk)
    fresh = Contact.objects.create(organization=organization, name="Ny Kontakt")

    time_machine.move_to(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC), tick=False)
    assert "people.retention" in schedule.REGISTRY
    assert tasks.queue_retention_clean_ups.call() == 1  # enqueues (runs, in tests) one per org

    assert not Contact.objects.filter(pk=old.pk).exists()
    assert not Interaction.objects.filter(pk=talk.pk).exists()
    assert set(Contact.objects.values_list("pk", flat=True)) == {kept_by_talk.pk, fresh.pk}
    events = AuditEvent.objects.filter(organization=organization, register=gdpr.REGISTER)
    assert {e.object_id for e in events} == {old.pk, 0}  # the contact, the interactions
    assert NAME not in json.dumps([(e.object_repr, e.changes, e.user_name) for e in events])


def test_an_organisation_without_a_period_keeps_everything(
    organization: Any, time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2020, 1, 1, 9, tzinfo=dt.UTC), tick=False)
    _karin(organization)
    time_machine.move_to(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC), tick=False)
    assert tasks.queue_retention_clean_ups.call() == 0
    assert gdpr.retention_clean_up(organization=organization, today=dt.date(2026, 1, 1)) == (0, 0)
    assert Contact.objects.count() == 1


def test_the_period_is_set_on_the_settings_page_and_bad_values_are_named(
    organization: Any, admin_client_: Client
) -> None:
    page = admin_client_.get("/orgs/ekby/settings/").content.decode()
    assert 'name="retention_months"' in page
    base = {"season_system": organization.season_system, "accent_color": ""}
    bad = admin_client_.post("/orgs/ekby/settings/", {**base, "retention_months": "0"})
    assert bad.status_code == 200 and "id_retention_months_error" in bad.content.decode()
    good = admin_client_.post("/orgs/ekby/settings/", {**base, "retention_months": "24"})
    assert good.status_code == 302
    organization.refresh_from_db()
    assert organization.retention_months == 24


# --- export -----------------------------------------------------------------------------------


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


def test_an_admin_exports_a_contacts_data_as_json_and_pdf(
    plan: Any, entries: dict[str, Any], admin_client_: Client, editor_client: Client
) -> None:
    karin = _karin(plan.organization, entries["groups"])
    talk = Interaction.objects.create(
        organization=plan.organization, day=dt.date(2026, 9, 1), subject="Rektorsmöte"
    )
    talk.contacts.add(karin)
    base = f"/orgs/ekby/contacts/{karin.pk}/"
    page = admin_client_.get(base).content.decode()
    assert base + "data.json" in page and base + "erase/" in page
    assert base + "data.json" not in editor_client.get(base).content.decode()
    response = admin_client_.get(base + "data.json")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    # Personal data is never kept by a browser or a proxy, nor read as anything but JSON.
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    assert data["person"]["name"] == NAME and data["person"]["email"] == EMAIL
    assert data["target_groups"] == [{"plan": plan.name, "group": entries["groups"].name}]
    assert [i["subject"] for i in data["interactions"]] == ["Rektorsmöte"]
    pdf = admin_client_.get(base + "data.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert NAME in text and "Rektorsmöte" in text
    assert editor_client.get(base + "data.json").status_code == 403
    assert editor_client.post(base + "erase/").status_code == 403


def test_an_admin_exports_a_members_data(
    organization: Any, admin_client_: Client, editor: Any
) -> None:
    page = admin_client_.get("/orgs/ekby/personal-data/").content.decode()
    assert "bertil" in page
    data = json.loads(
        admin_client_.get(f"/orgs/ekby/personal-data/members/{editor.pk}/data.json").content
    )
    assert data["kind"] == "member" and data["person"]["username"] == "bertil"
    assert data["person"]["role"] == Role.EDITOR
    pdf = admin_client_.get(f"/orgs/ekby/personal-data/members/{editor.pk}/data.pdf")
    assert "bertil" in _pdf_text(pdf.content)


def test_the_personal_data_page_has_a_constant_query_count(
    organization: Any, admin_client_: Client, admin_user: Any
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client_.get("/orgs/ekby/personal-data/").status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        make_member(organization, f"person{n}")
        gdpr.contact_erase(contact=_karin(organization), by=admin_user)
    assert count() == few


# --- erasure ----------------------------------------------------------------------------------


def _readable(response: Any) -> str:
    """What a person could read in a page or a file."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        try:
            return _pdf_text(body)
        except Exception:  # an uploaded attachment made up by the walk, not a real PDF
            return body.decode("utf-8", "replace")
    if "officedocument" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if n.endswith(".xml")
            )
    return body.decode("utf-8", "replace")


def _name_in_everything(
    plan: Plan, entries: dict[str, Any], client: Client, admin: Any
) -> list[str]:
    """Every page and file of the plan and its organisation (the access test's walk, which
    includes every export format and the audit history) where the name or email shows."""
    membership = Membership.objects.get(user=admin, organization=plan.organization)
    urls = all_urls(plan, entries, membership.pk)
    urls += [f"/p/{plan.publications.get().token}/", f"/plans/{plan.pk}/calendar.ics"]
    urls += [f"/p/{plan.publications.get().token}/{fmt}/" for fmt in ("docx", "pdf", "json")]
    found = []
    for url in urls:
        response = client.get(url, follow=True)
        text = _readable(response)
        if NAME in text or EMAIL in text or NAME.upper() in text:
            found.append(url)
    return found


def test_after_erasure_no_page_export_or_history_names_the_contact(
    plan: Any, entries: dict[str, Any], admin_client_: Client, admin_user: Any
) -> None:
    karin = _karin(plan.organization, entries["groups"])
    # Her name copied as text: as an activity's responsible (audited through the form), in an
    # interaction, as a meeting participant, in the revision table and a frozen version.
    activity = entries["activities"]
    response = admin_client_.post(
        f"/plans/{plan.pk}/activities/{activity.pk}/edit/",
        {
            "title": activity.title,
            "time_text": activity.time_text,
            "status": activity.status,
            "responsible": NAME,
            "groups": [g.pk for g in activity.groups.all()],
            "messages": [m.pk for m in activity.messages.all()],
            "channels": [c.pk for c in activity.channels.all()],
            "lock_version": activity.lock_version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    talk = Interaction.objects.create(
        organization=plan.organization,
        day=dt.date(2026, 9, 1),
        subject=f"Samtal med {NAME}",
        notes=f"{NAME} vill ha material på lättläst svenska.",
    )
    talk.contacts.add(karin)
    talk.groups.add(entries["groups"])
    membership = Membership.objects.get(user=admin_user, organization=plan.organization)
    all_urls(plan, entries, membership.pk)  # the walk makes its meeting (and more) first
    services.invite(karin, Meeting.objects.get(forum__organization=plan.organization))
    Revision.objects.create(plan=plan, version="0.2", comment=f"Synpunkter från {NAME}")
    # Written by hand where a name is only text: a risk's owner, a spokesperson, the note of
    # an engagement change ("after the call with …").
    Risk.objects.create(plan=plan, text="Taxorna missförstås.", likelihood=3, consequence=4,
                        owner=NAME)  # fmt: skip
    Spokesperson.objects.create(plan=plan, subject="Skolan", name=NAME, role="Rektor")
    Engagement.objects.create(
        group=entries["groups"], current=2, desired=4, influence=3, interest=3
    )
    EngagementChange.objects.create(
        group=entries["groups"], current=2, desired=4, influence=3, interest=3,
        note=f"Efter samtalet med {NAME}", changed_by=admin_user,
    )  # fmt: skip
    publish(plan)
    before = _name_in_everything(plan, entries, admin_client_, admin_user)
    assert any("/history/" in url for url in before)  # the walk sees what erasure must hide
    assert any("/export/" in url for url in before) and any("/p/" in url for url in before)

    response = admin_client_.post(f"/orgs/ekby/contacts/{karin.pk}/erase/")
    assert response.status_code == 302

    assert _name_in_everything(plan, entries, admin_client_, admin_user) == []
    karin.refresh_from_db()
    assert karin.name.startswith("Person ") and karin.email == karin.phone == ""
    assert not karin.groups.exists() and list(talk.contacts.all()) == [karin]
    participant = Participant.objects.get(contact_link__contact=karin)
    assert participant.name == karin.name and participant.email == ""
    event = AuditEvent.objects.get(register=gdpr.REGISTER)
    assert event.object_repr == karin.name and event.user == admin_user
    page = admin_client_.get("/orgs/ekby/personal-data/").content.decode()
    assert f"{karin.name} was erased" in page or karin.name in page


def test_erasing_a_member_pseudonymises_them_and_ends_their_login(
    plan: Any, entries: dict[str, Any], admin_client_: Client, editor: Any
) -> None:
    editor.first_name, editor.last_name = "Bertil", "Svensson"
    editor.save()
    Plan.objects.filter(pk=plan.pk).update(project_lead="Bertil Svensson")
    AuditEvent.objects.create(
        organization=plan.organization,
        plan=plan,
        plan_name=plan.name,
        register="groups",
        object_id=entries["groups"].pk,
        object_repr="Handläggare",
        action="update",
        user=editor,
        user_name="Bertil Svensson",
    )
    response = admin_client_.post(f"/orgs/ekby/personal-data/members/{editor.pk}/erase/")
    assert response.status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active and not editor.has_usable_password() and editor.email == ""
    assert editor.get_full_name().startswith("Person ")
    assert not Membership.objects.filter(user=editor).exists()
    assert "Bertil Svensson" not in admin_client_.get(f"/plans/{plan.pk}/history/").content.decode()
    plan.refresh_from_db()
    assert plan.project_lead == editor.get_full_name()
    assert "Bertil" not in json.dumps(plan_to_json(plan), ensure_ascii=False)
    assert not Client().login(username="bertil", password="x")


def test_a_member_of_another_organisation_is_not_erased_here(
    organization: Any, admin_client_: Client, editor: Any
) -> None:
    Membership.objects.create(user=editor, organization=make_organization("Västby", "vastby"))
    response = admin_client_.post(
        f"/orgs/ekby/personal-data/members/{editor.pk}/erase/", follow=True
    )
    assert "tillhör också en annan organisation" in response.content.decode()  # sv
    editor.refresh_from_db()
    assert editor.is_active and editor.username == "bertil"


def test_removing_a_member_deactivates_the_login_only_without_other_organisations(
    organization: Any, admin_client_: Client, editor: Any, viewer: Any
) -> None:
    Membership.objects.create(user=viewer, organization=make_organization("Västby", "vastby"))
    for user in (editor, viewer):
        membership = Membership.objects.get(user=user, organization=organization)
        response = admin_client_.post(f"/orgs/ekby/members/{membership.pk}/remove/")
        assert response.status_code == 302
    editor.refresh_from_db()
    viewer.refresh_from_db()
    assert not editor.is_active  # in no organisation now
    assert viewer.is_active  # still a member of Västby


# --- item 6: contacts in plan JSON by reference only --------------------------------------------


def test_plan_json_names_contacts_by_key_only_unless_asked(
    plan: Any, entries: dict[str, Any], admin_client_: Client, viewer_client: Client, tmp_path: Any
) -> None:
    karin = _karin(plan.organization, entries["groups"])
    data = plan_to_json(plan)
    group_key = data["groups"][[g["id"] for g in data["groups"]].index(entries["groups"].pk)]["key"]
    assert data["contacts"] == [{"key": f"contact-{karin.pk}", "groups": [group_key]}]
    text = json.dumps(data, ensure_ascii=False)
    assert NAME not in text and EMAIL not in text and "070-123" not in text

    downloaded = admin_client_.get(f"/plans/{plan.pk}/export/json/").content.decode()
    assert f"contact-{karin.pk}" in downloaded and NAME not in downloaded
    personal = admin_client_.get(f"/plans/{plan.pk}/export/json/?contacts=1")
    assert personal["Cache-Control"] == "private, no-store"
    contacts = json.loads(personal.content)["contacts"]
    assert contacts[0]["name"] == NAME and contacts[0]["email"] == EMAIL
    assert viewer_client.get(f"/plans/{plan.pk}/export/json/?contacts=1").status_code == 403
    overview = admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    assert "export/json/?contacts=1" in overview
    assert "contacts=1" not in viewer_client.get(f"/plans/{plan.pk}/").content.decode()

    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    call_command("export", str(plan.pk), "--format", "json", "-o", str(plain))
    call_command("export", str(plan.pk), "--format", "json", "--with-contacts", "-o", str(full))
    assert NAME not in plain.read_text() and NAME in full.read_text()


def test_a_copy_keeps_the_groups_contacts_and_another_organisation_learns_nothing(
    plan: Any, entries: dict[str, Any], admin_user: Any
) -> None:
    from komplan.people import planpart
    from komplan.plans import services as plan_services

    karin = _karin(plan.organization, entries["groups"])
    copy = plan_services.plan_copy(plan=plan, user=admin_user)
    copied_group = copy.groups.get(name=entries["groups"].name)
    assert list(copied_group.contacts.all()) == [karin]

    foreign = make_plan(make_organization("Västby kommun", "vastby"))
    group = foreign.groups.create(name="Rektorer", tier=foreign.tiers.first())
    value = plan_to_json(plan)["contacts"]
    assert planpart.check(value) == []
    keys = {"groups": {value[0]["groups"][0]: group.pk}}
    planpart.load(plan=foreign, value=value, keys=keys, user=None, replace=False)
    assert not group.contacts.exists()  # a key of Ekby's contact means nothing in Västby
    with_details = plan_to_json(plan, personal_data=True)["contacts"]
    planpart.load(plan=foreign, value=with_details, keys=keys, user=None, replace=False)
    made = group.contacts.get()
    assert made.organization == foreign.organization and made.name == NAME and made != karin
    assert planpart.check([{"key": "karin", "groups": [1]}]) == [
        ("[0].key", "not a contact key (contact-<id>)"),
        ("[0].groups", "not a list of group keys"),
    ]


def test_the_public_page_never_shows_contacts(
    plan: Any, entries: dict[str, Any], client: Client
) -> None:
    _karin(plan.organization, entries["groups"])
    publication = publish(plan)
    for url in (f"/p/{publication.token}/", f"/p/{publication.token}/json/"):
        text = client.get(url).content.decode()
        assert NAME not in text and EMAIL not in text


def test_a_contact_invited_to_a_meeting_is_erased_there_too(
    organization: Any, admin_user: Any
) -> None:
    karin = _karin(organization)
    meeting = make_meeting(make_forum(organization))
    services.invite(karin, meeting)
    name = gdpr.contact_erase(contact=karin, by=admin_user)
    assert Participant.objects.get(meeting=meeting, contact_link__contact=karin).name == name
    assert not Participant.objects.filter(name__icontains="Ekström").exists()
