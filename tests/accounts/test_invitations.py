"""Membership by invitation: an administrator invites an email address; only the person with
that address, by accepting, becomes a member. Until then the organisation sees the address
and nothing else of their account."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from komplan.accounts.models import Invitation, Membership, Role, User
from tests.conftest import login
from tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def olle(outsider: Any) -> Any:
    """An administrator of Västby kommun, with a name Ekby must not learn by inviting him."""
    outsider.first_name, outsider.last_name = "Olle", "Lindqvist"
    outsider.email = "olle@vastby.example"
    outsider.save()
    return outsider


def invite(client: Client, organization: Any, email: str, role: str = "editor") -> Any:
    return client.post(
        f"/orgs/{organization.slug}/members/add/", {"email": email, "role": role}, follow=True
    )


def link_in(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_inviting_another_organisations_account_attaches_nothing_and_shows_only_the_address(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    page = invite(admin_client_, organization, "Olle@Vastby.example").content.decode()
    assert not Membership.objects.filter(user=olle, organization=organization).exists()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.is_open) == (
        "olle@vastby.example",
        Role.EDITOR,
        True,
    )
    assert "olle@vastby.example" in page
    assert "Olle" not in page.replace("olle@vastby.example", "")  # nor Lindqvist
    assert "Lindqvist" not in page
    assert "Inbjuden" in page  # the state, in Swedish
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olle@vastby.example"]
    assert "Ekby kommun" in mail.outbox[0].subject
    assert link_in(mail.outbox[0]) == f"/invitations/{invitation.token}/"


def test_the_admin_learns_nothing_about_whether_the_address_has_an_account(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    def message(email: str) -> str:
        page = invite(admin_client_, organization, email)
        return str(next(iter(page.context["messages"]))).replace(email, "ADDRESS")

    assert message(olle.email) == message("ny.person@ekby.example")


def test_the_invited_person_sees_the_organisation_and_who_invites_them_and_accepts(
    admin_client_: Any, admin_user: Any, organization: Any, olle: Any
) -> None:
    admin_user.first_name, admin_user.last_name = "Alice", "Berg"
    admin_user.save()
    invite(admin_client_, organization, olle.email, role="viewer")
    url = link_in(mail.outbox[0])
    client = login(olle)
    page = client.get(url).content.decode()
    assert "Ekby kommun" in page
    assert "Alice Berg" in page
    assert "läsare" in page  # as a viewer
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=olle, organization=organization)
    assert membership.role == Role.VIEWER
    assert Invitation.objects.get().accepted_at is not None
    members = admin_client_.get(f"/orgs/{organization.slug}/members/").content.decode()
    assert "Olle Lindqvist" in members  # now a member, and so named


def test_declining_makes_no_membership_and_the_link_then_says_so(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    url = link_in(mail.outbox[0])
    client = login(olle)
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert response.status_code == 410
    assert "Du tackade nej till inbjudan till Ekby kommun." in response.content.decode()
    assert not Membership.objects.filter(user=olle, organization=organization).exists()
    assert client.post(url, {"answer": "accept"}).status_code == 410
    assert not Membership.objects.filter(user=olle, organization=organization).exists()
    members = admin_client_.get(f"/orgs/{organization.slug}/members/").content.decode()
    assert "Tackade nej" in members


def test_a_new_person_chooses_their_name_and_password_on_the_invitation_page(
    admin_client_: Any, organization: Any
) -> None:
    invite(admin_client_, organization, "dora.ek@ekby.example")
    assert not User.objects.filter(email="dora.ek@ekby.example").exists()
    url = link_in(mail.outbox[0])
    visitor = Client()
    page = visitor.get(url)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
    response = visitor.post(
        url,
        {
            "answer": "accept",
            "first_name": "Dora",
            "last_name": "Ek",
            "password1": "Lingon-Sylt-2026",
            "password2": "Lingon-Sylt-2026",
        },
    )
    assert response.status_code == 302
    dora = User.objects.get(email="dora.ek@ekby.example")
    assert (dora.username, dora.get_full_name()) == ("dora.ek@ekby.example", "Dora Ek")
    assert dora.check_password("Lingon-Sylt-2026")
    assert dora.memberships.get().organization == organization
    assert visitor.get("/plans/").status_code == 200  # logged in


def test_a_weak_password_is_refused_with_the_field_named_and_nothing_created(
    admin_client_: Any, organization: Any
) -> None:
    invite(admin_client_, organization, "dora.ek@ekby.example")
    url = link_in(mail.outbox[0])
    data = {"answer": "accept", "first_name": "Dora", "password1": "123", "password2": "123"}
    response = Client().post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="dora.ek@ekby.example").exists()
    assert Invitation.objects.get().is_open


def test_a_visitor_whose_address_has_an_account_is_asked_to_log_in_first(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    url = link_in(mail.outbox[0])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/invitations/")
    assert Client().post(url, {"answer": "accept", "password1": "x"}).status_code == 302
    assert not Membership.objects.filter(user=olle, organization=organization).exists()


def test_a_wrong_token_is_not_found(client: Client, olle: Any) -> None:
    assert client.get("/invitations/gissad-token/").status_code == 404
    assert login(olle).post("/invitations/gissad-token/", {"answer": "accept"}).status_code == 404


def test_someone_logged_in_with_another_address_cannot_accept(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    url = link_in(mail.outbox[0])
    other = make_member(make_organization("Norrby kommun", "norrby"), "nils")
    client = login(other)
    page = client.get(url)
    assert page.status_code == 403
    assert "Ekby kommun" not in page.content.decode()
    assert client.post(url, {"answer": "accept"}).status_code == 403
    assert not Membership.objects.filter(user=other, organization=organization).exists()
    assert Invitation.objects.get().is_open


@pytest.mark.parametrize(
    ("language", "withdrawn", "expired", "accepted"),
    [
        ("sv", "Den har dragits tillbaka", "Den gick ut den 25 mars 2026.", "redan accepterats"),
        ("da", "Den er trukket tilbage", "Den udløb den 25. mar. 2026.", "allerede accepteret"),
        ("nb", "Den er trukket tilbake", "Den gikk ut 25. mar. 2026.", "allerede godtatt"),
        ("en", "It was withdrawn", "It expired on 25 Mar 2026.", "already been accepted"),
    ],
)
def test_withdrawn_expired_and_used_links_say_so_in_the_users_language(
    language: str, withdrawn: str, expired: str, accepted: str, organization: Any, olle: Any
) -> None:
    made = dt.datetime(2026, 3, 11, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(made, tick=False) as traveller:
        gone, late, used = (
            Invitation.objects.create(organization=organization, email=olle.email) for _ in range(3)
        )
        Invitation.objects.filter(pk=gone.pk).update(withdrawn_at=made)
        Invitation.objects.filter(pk=used.pk).update(accepted_at=made)
        traveller.shift(dt.timedelta(days=15))
        client = login(olle)
        client.cookies["django_language"] = language
        for invitation, text in ((gone, withdrawn), (late, expired), (used, accepted)):
            response = client.get(f"/invitations/{invitation.token}/")
            assert response.status_code == 410
            assert text in response.content.decode()


def test_the_admin_withdraws_an_invitation_and_its_link_stops_working(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    invitation = Invitation.objects.get()
    response = admin_client_.post(
        f"/orgs/{organization.slug}/invitations/{invitation.pk}/withdraw/", follow=True
    )
    assert (
        olle.email
        not in response.content.decode().split("</h1>", 1)[1].split('class="messages"')[0]
    )
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert (
        login(olle).post(f"/invitations/{invitation.token}/", {"answer": "accept"}).status_code
        == 410
    )
    assert not Membership.objects.filter(user=olle, organization=organization).exists()


def test_an_address_is_invited_once_at_a_time(
    admin_client_: Any, organization: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    again = invite(admin_client_, organization, olle.email)
    assert "email" in again.context["form"].errors
    assert Invitation.objects.count() == 1
    Invitation.objects.update(expires_at=timezone.now())  # as if a fortnight had passed
    invite(admin_client_, organization, olle.email)
    assert Invitation.objects.count() == 2


def test_a_viewer_sees_the_invitations_but_cannot_withdraw_them(
    admin_client_: Any, organization: Any, viewer_client: Any, olle: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    invitation = Invitation.objects.get()
    page = viewer_client.get(f"/orgs/{organization.slug}/members/").content.decode()
    assert olle.email in page and "/withdraw/" not in page
    url = f"/orgs/{organization.slug}/invitations/{invitation.pk}/withdraw/"
    assert viewer_client.post(url).status_code == 403
    assert Invitation.objects.get().is_open


def test_the_members_page_needs_the_same_queries_however_many_members_and_invitations(
    admin_client_: Any, organization: Any, admin_user: Any, django_assert_num_queries: Any
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            make_member(organization, f"medlem{Membership.objects.count()}{i}")
            Invitation.objects.create(
                organization=organization,
                email=f"person{Invitation.objects.count()}@ekby.example",
                invited_by=admin_user,
            )

    url = f"/orgs/{organization.slug}/members/"
    add(1)
    with django_assert_num_queries(6):
        assert admin_client_.get(url).status_code == 200
    add(10)
    with django_assert_num_queries(6):
        assert admin_client_.get(url).status_code == 200


def test_the_invitation_page_needs_a_fixed_number_of_queries(
    admin_client_: Any, organization: Any, olle: Any, django_assert_num_queries: Any
) -> None:
    invite(admin_client_, organization, olle.email)
    url = link_in(mail.outbox[0])
    client = login(olle)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    visitor = Client()
    Invitation.objects.update(email="ny.person@ekby.example")
    with django_assert_num_queries(2):
        assert visitor.get(url).status_code == 200


def test_a_removed_member_whose_login_ended_comes_back_through_a_new_invitation(
    admin_client_: Any, organization: Any, editor: Any
) -> None:
    editor.email = editor.username = "bertil@ekby.example"
    editor.save()
    membership = Membership.objects.get(user=editor, organization=organization)
    admin_client_.post(f"/orgs/{organization.slug}/members/{membership.pk}/remove/")
    editor.refresh_from_db()
    assert not editor.is_active  # in no organisation: the login ended (#20 item 5)
    invite(admin_client_, organization, editor.email)
    url = link_in(mail.outbox[-1])
    visitor = Client()
    response = visitor.post(
        url,
        {
            "answer": "accept",
            "first_name": "Bertil",
            "last_name": "Åberg",
            "password1": "Lingon-Sylt-2026",
            "password2": "Lingon-Sylt-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=editor.email).count() == 1  # the same account
    editor.refresh_from_db()
    assert editor.is_active and editor.check_password("Lingon-Sylt-2026")
    assert editor.memberships.get().organization == organization
    assert visitor.get("/plans/").status_code == 200  # logged in
