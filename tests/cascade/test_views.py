"""The cascade's pages as a user meets them, and their query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from komplan.cascade import services
from komplan.cascade.models import CascadeSettings, How, Material, Step
from tests.cascade.factories import make_cascade, make_material
from tests.meetings.factories import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _released(plan: Any, user: Any, today: dt.date) -> Material:
    material = make_material(plan)
    services.material_approve(material, user=user, kind="chair", name="Mette Lund")
    services.material_release(material, user=user, today=today)
    return material


def test_the_cascade_page_shows_the_diagram_and_its_table(
    plan: Any, admin_user: Any, admin_client: Any, today: dt.date
) -> None:
    make_cascade(plan, meetings_from=today + dt.timedelta(days=5))
    material = _released(plan, admin_user, today - dt.timedelta(days=10))
    page = admin_client.get(f"/plans/{plan.pk}/cascade/?material={material.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "Hovedudvalget (HMU)" in html and "Lokaludvalgene (LMU)" in html
    assert "overdue" in html  # HMU was due eight days ago and nobody sent it
    assert "Not in this phase" in html or "Ikke i denne fase" in html or "fas" in html


def test_a_step_is_added_through_its_form(plan: Any, admin_client: Any) -> None:
    cascade = make_cascade(plan)
    hmu = cascade["steps"]["hmu"]
    response = admin_client.post(
        f"/plans/{plan.pk}/cascade/steps/new/",
        {
            "reaches": f"forum-{cascade['circle'].pk}",
            "after": hmu.pk,
            "how": How.MEETING,
            "delegated": "on",
            "lead_days": "0",
        },
    )
    assert response.status_code == 302
    step = Step.objects.latest("pk")
    assert step.forum == cascade["circle"] and step.after == hmu and step.delegated


def test_a_meeting_step_must_reach_a_forum(plan: Any, admin_client: Any) -> None:
    cascade = make_cascade(plan)
    lmu = cascade["groups"][0]
    response = admin_client.post(
        f"/plans/{plan.pk}/cascade/steps/new/",
        {"reaches": f"group-{lmu.pk}", "how": How.MEETING, "lead_days": "0"},
    )
    assert response.status_code == 200
    assert "Bara ett forum har möten" in response.content.decode()  # Swedish UI


def test_releasing_unapproved_material_is_refused(
    plan: Any, admin_client: Any, today: dt.date
) -> None:
    make_cascade(plan)
    material = make_material(plan)
    response = admin_client.post(
        f"/plans/{plan.pk}/cascade/materials/{material.pk}/release/", follow=True
    )
    assert "inte godkänt ännu" in response.content.decode()  # Swedish UI
    material.refresh_from_db()
    assert not material.is_released


def test_the_settings_page_switches_the_approval_gate_off_and_on(
    plan: Any, admin_client: Any, today: dt.date
) -> None:
    """Off (the box unticked on the settings page): unapproved material is released. On
    again: the next unapproved material is refused, and nothing of it is released."""
    cascade = make_cascade(plan)
    url = f"/plans/{plan.pk}/cascade/settings/edit/"

    def gate(required: bool) -> None:
        settings = CascadeSettings.objects.get(plan=plan)
        data = {"approving_forum": cascade["steering"].pk, "lock_version": settings.lock_version}
        response = admin_client.post(url, data | ({"approval_required": "on"} if required else {}))
        assert response.status_code == 302
        assert CascadeSettings.objects.get(plan=plan).approval_required is required

    gate(False)
    first = make_material(plan)
    response = admin_client.post(f"/plans/{plan.pk}/cascade/materials/{first.pk}/release/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_released and not first.is_approved
    assert first.dispatches.count() == 6

    gate(True)
    second = make_material(plan, title="Nyhed til intranettet")
    response = admin_client.post(
        f"/plans/{plan.pk}/cascade/materials/{second.pk}/release/", follow=True
    )
    assert "inte godkänt ännu" in response.content.decode()  # Swedish UI
    second.refresh_from_db()
    assert not second.is_released and not second.dispatches.exists()


def test_attachments_are_checked_and_stored(plan: Any, admin_client: Any) -> None:
    material = make_material(plan)
    url = f"/plans/{plan.pk}/cascade/materials/{material.pk}/attachments/new/"
    bad = SimpleUploadedFile("status.pdf", b"<script>alert(1)</script>")
    assert admin_client.post(url, {"file": bad}).status_code == 400
    good = SimpleUploadedFile("status.pdf", PDF_BYTES)
    assert admin_client.post(url, {"file": good}).status_code == 302
    attachment = material.attachments.get()
    download = admin_client.get(
        f"/plans/{plan.pk}/cascade/materials/{material.pk}/attachments/{attachment.pk}/"
    )
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_step_is_marked_sent(
    plan: Any, admin_user: Any, admin_client: Any, today: dt.date
) -> None:
    cascade = make_cascade(plan)
    material = _released(plan, admin_user, today)
    hmu = cascade["steps"]["hmu"]
    url = f"/plans/{plan.pk}/cascade/materials/{material.pk}/steps/{hmu.pk}/mark/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"state": "sent"}).status_code == 302
    assert material.dispatches.get(step=hmu).state == "sent"


def _grow(plan: Any, user: Any, today: dt.date, steps: int, materials: int) -> Material:
    cascade = make_cascade(plan)
    for n in range(steps):
        Step.objects.create(
            plan=plan,
            forum=cascade["hmu"],
            how=How.WRITTEN,
            after=cascade["steps"]["hmu"],
            delegated=True,
            lead_days=n,
        )
    for n in range(materials):
        make_material(plan, title=f"Nyhed {n}")
    return _released(plan, user, today)


@pytest.mark.parametrize("size", [(0, 0), (20, 15)])
def test_the_cascade_pages_queries_do_not_grow_with_steps_and_material(
    size: tuple[int, int],
    plan: Any,
    admin_user: Any,
    admin_client: Any,
    django_assert_num_queries: Any,
    today: dt.date,
) -> None:
    material = _grow(plan, admin_user, today, *size)
    url = f"/plans/{plan.pk}/cascade/?material={material.pk}"
    admin_client.get(url)
    with django_assert_num_queries(8):
        assert admin_client.get(url).status_code == 200
    with django_assert_num_queries(8):
        assert (
            admin_client.get(f"/plans/{plan.pk}/cascade/materials/{material.pk}/").status_code
            == 200
        )
