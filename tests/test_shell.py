"""The frame around every page: favicon, breadcrumbs on plan and meeting pages, the menu
button's markup, and error pages that say what happened in the visitor's language with a
way back."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.meetings.factories import make_forum, make_meeting

pytestmark = pytest.mark.django_db


def test_every_page_names_its_favicon_and_the_vendored_stylesheets(
    admin_client_: Any, plan: Any
) -> None:
    page = admin_client_.get(f"/plans/{plan.pk}/").content.decode()
    assert 'rel="icon" href="/static/komplan/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="icon" href="/static/komplan/favicon-32.png" type="image/png"' in page
    assert "/static/vendor/designsystemet/theme.css" in page
    assert "/static/vendor/designsystemet/designsystemet.css" in page
    assert 'aria-expanded="false" aria-controls="site-menu" hidden' in page, (
        "without script the menu button stays hidden and the menu open"
    )
    assert 'id="site-menu"' in page


def test_a_plan_section_has_breadcrumbs_organisation_plan_section(
    admin_client_: Any, plan: Any, organization: Any
) -> None:
    page = admin_client_.get(
        f"/plans/{plan.pk}/activities/", HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    crumbs = page[
        page.index('class="breadcrumbs"') : page.index("</nav>", page.index("breadcrumbs"))
    ]
    assert 'aria-label="Du är här"' in crumbs
    assert organization.name in crumbs
    assert f'href="/plans/{plan.pk}/">{plan.name}</a>' in crumbs
    assert '<span aria-current="page">Aktiviteter</span>' in crumbs


def test_a_meeting_page_has_breadcrumbs_organisation_forum_meeting(
    admin_client_: Any, organization: Any
) -> None:
    forum = make_forum(organization)
    meeting = make_meeting(forum)
    page = admin_client_.get(f"/meetings/{meeting.pk}/").content.decode()
    crumbs = page[
        page.index('class="breadcrumbs"') : page.index("</nav>", page.index("breadcrumbs"))
    ]
    forums = reverse("meetings:forums", args=[organization.slug])
    assert f'href="{forums}">{organization.name}</a>' in crumbs
    assert f'href="{reverse("meetings:forum", args=[forum.pk])}">{forum.name}</a>' in crumbs
    assert '<span aria-current="page">' in crumbs


def test_a_404_in_swedish_links_back_to_the_page_the_visitor_came_from(
    admin_client_: Any, plan: Any
) -> None:
    came_from = f"http://testserver/plans/{plan.pk}/"
    response = admin_client_.get(
        "/plans/999999/", HTTP_ACCEPT_LANGUAGE="sv", HTTP_REFERER=came_from
    )
    page = response.content.decode()
    assert response.status_code == 404
    assert "Sidan hittades inte" in page
    assert f'<a href="{came_from}">Tillbaka till sidan du kom från</a>' in page
    assert '<a href="/">Gå till startsidan</a>' in page
    assert 'id="site-header"' in page  # the shell, with its header and menu


def test_a_403_in_swedish_links_home_and_never_back_to_another_site(
    editor_client: Any, organization: Any
) -> None:
    response = editor_client.get(
        f"/orgs/{organization.slug}/settings/",
        HTTP_ACCEPT_LANGUAGE="sv",
        HTTP_REFERER="https://elsewhere.example/phish",
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du får inte göra detta" in page
    assert '<a href="/">Gå till startsidan</a>' in page
    assert "elsewhere.example" not in page
