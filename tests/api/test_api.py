"""The API as another system uses it: a token, the registers, locking, validation, audit."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from komplan.accounts.models import Role
from komplan.api.models import Scope
from komplan.audit.models import AuditEvent
from komplan.meetings.models import Decision, MinutesStatus
from komplan.plans.coverage_display import coverage_summary
from tests.api.helpers import bearer, make_token
from tests.factories import fill_plan, make_member, make_organization, make_plan
from tests.meetings.factories import make_forum, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(organization: Any) -> Any:
    return make_plan(organization)


@pytest.fixture
def api(editor: Any, organization: Any) -> Any:
    return bearer(make_token(editor, organization))


def send(client: Any, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_a_token_adds_a_target_group_recorded_as_its_owner(
    api: Any, plan: Any, editor: Any
) -> None:
    response = send(api, "post", f"/api/v1/plans/{plan.pk}/groups", {"name": "Enhetschefer"})
    assert response.status_code == 201, response.content
    assert response["ETag"] == '"0"'
    group = plan.groups.get()
    assert group.name == "Enhetschefer"
    event = AuditEvent.objects.filter(object_id=group.pk).latest("pk")
    assert event.user == editor


def test_a_change_with_a_stale_etag_is_refused_with_412(api: Any, plan: Any) -> None:
    url = f"/api/v1/plans/{plan.pk}/channels"
    created = send(api, "post", url, {"name": "Intranätet"}).json()
    entry = f"{url}/{created['id']}"
    etag = api.get(entry)["ETag"]
    first = send(api, "patch", entry, {"cadence": "Varje vecka"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first.json()["name"] == "Intranätet"  # a change replaces only what it names
    assert first["ETag"] == '"1"'
    second = send(api, "patch", entry, {"cadence": "Varje månad"}, HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    assert plan.channels.get().cadence == "Varje vecka"


def test_a_change_without_if_match_is_refused_with_428(api: Any, plan: Any) -> None:
    group = send(api, "post", f"/api/v1/plans/{plan.pk}/groups", {"name": "Politiker"}).json()
    response = send(api, "patch", f"/api/v1/plans/{plan.pk}/groups/{group['id']}", {"name": "X"})
    assert response.status_code == 428


def test_a_delete_needs_no_if_match_but_a_stale_one_is_refused(api: Any, plan: Any) -> None:
    url = f"/api/v1/plans/{plan.pk}/groups"
    first = send(api, "post", url, {"name": "Politiker"}).json()
    second = send(api, "post", url, {"name": "Chefer"}).json()
    send(api, "patch", f"{url}/{first['id']}", {"name": "Politiker i KS"}, HTTP_IF_MATCH='"0"')
    stale = send(api, "delete", f"{url}/{first['id']}", HTTP_IF_MATCH='"0"')
    assert stale.status_code == 412
    assert send(api, "delete", f"{url}/{second['id']}").status_code == 204
    assert [g.name for g in plan.groups.all()] == ["Politiker i KS"]


def test_validation_speaks_the_screens_words(api: Any, plan: Any) -> None:
    url = f"/api/v1/plans/{plan.pk}/activities"
    response = send(
        api,
        "post",
        url,
        {"title": "Samråd", "start_override": "2026-09-30", "end_override": "2026-09-01"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["end_override"] == [
        "The end date must not be before the start date."
    ]


def test_another_plans_group_cannot_be_linked(api: Any, plan: Any, organization: Any) -> None:
    other = make_plan(organization, name="Annan plan")
    foreign = fill_plan(other)["groups"]
    response = send(
        api, "post", f"/api/v1/plans/{plan.pk}/channels", {"name": "Webb", "groups": [foreign.pk]}
    )
    assert response.status_code == 422
    assert "groups" in response.json()["errors"]


def test_lists_are_paginated_and_filtered(api: Any, plan: Any) -> None:
    fill_plan(plan, activities=5)
    plan.activities.filter(position__lte=2).update(status="done")
    url = f"/api/v1/plans/{plan.pk}/activities"
    page = api.get(url, {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5
    assert [a["position"] for a in page["items"]] == [2, 3]
    done = api.get(url, {"status": "done"}).json()
    assert [a["position"] for a in done["items"]] == [1, 2]


def test_a_read_token_reads_but_does_not_write(plan: Any, editor: Any, organization: Any) -> None:
    reader = bearer(make_token(editor, organization, Scope.READ))
    assert reader.get(f"/api/v1/plans/{plan.pk}/groups").status_code == 200
    response = send(reader, "post", f"/api/v1/plans/{plan.pk}/groups", {"name": "Skolor"})
    assert response.status_code == 403


def test_a_token_opens_only_its_own_organisation(editor: Any, organization: Any) -> None:
    other_org = make_organization("Norrby kommun", "norrby")
    from komplan.accounts.models import Membership

    Membership.objects.create(user=editor, organization=other_org, role=Role.EDITOR)
    elsewhere = make_plan(other_org)
    client = bearer(make_token(editor, organization))
    assert client.get(f"/api/v1/plans/{elsewhere.pk}").status_code == 404
    assert client.get("/api/v1/plans").json()["count"] == 0
    body = {"organization": "norrby", "name": "Ny plan", "language": "sv"}
    assert send(client, "post", "/api/v1/plans", body).status_code == 404
    assert other_org.plans.count() == 1


def test_a_revoked_token_is_refused_with_401(plan: Any, editor: Any, organization: Any) -> None:
    from django.utils import timezone

    from komplan.api.models import ApiToken

    secret = make_token(editor, organization)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert bearer(secret).get(f"/api/v1/plans/{plan.pk}").status_code == 401


def test_the_session_needs_the_csrf_token_to_change(plan: Any, editor: Any) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(f"/api/v1/plans/{plan.pk}/groups").status_code == 200
    refused = send(client, "post", f"/api/v1/plans/{plan.pk}/groups", {"name": "Skolor"})
    assert refused.status_code == 403
    assert not plan.groups.exists()


def test_a_plan_is_submitted_approved_and_published(
    plan: Any, organization: Any, editor: Any
) -> None:
    approver = make_member(organization, "cecilia", Role.EDITOR)
    approver.memberships.update(can_approve=True)
    fill_plan(plan)
    api = bearer(make_token(editor, organization))
    url = f"/api/v1/plans/{plan.pk}/versions"
    submitted = send(api, "post", f"{url}/submit", {"comment": "Klar", "anyway": True})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    approved = send(bearer(make_token(approver, organization)), "post", f"{url}/approve")
    assert approved.json()["status"] == "approved"
    assert approved.json()["version"] == "1.0"
    published = send(api, "post", f"{url}/publish")
    assert published.json()["status"] == "published"
    kinds = [r["kind"] for r in api.get(url).json()["revisions"]]
    assert kinds[-3:] == ["submitted", "approved", "published"]


def test_a_submission_names_an_inheritance_loop_among_what_is_open(api: Any, plan: Any) -> None:
    # Nothing is owed and every group is reached: the loop alone is open.
    url = f"/api/v1/plans/{plan.pk}"
    first = send(api, "post", f"{url}/groups", {"name": "Chefer"}).json()
    second = send(api, "post", f"{url}/groups", {"name": "Handläggare"}).json()
    for group, other in ((first, second), (second, first)):
        body = {"inherits_from": [other["id"]]}
        changed = send(api, "patch", f"{url}/groups/{group['id']}", body, HTTP_IF_MATCH="*")
        assert changed.status_code == 200, changed.content
    body = {"title": "Möte", "groups": [first["id"], second["id"]]}
    assert send(api, "post", f"{url}/activities", body).status_code == 201
    refused = send(api, "post", f"{url}/versions/submit", {})
    assert refused.status_code == 409
    assert "leaves 1 gaps open" in refused.json()["detail"]


def test_a_step_out_of_turn_is_refused_with_409(api: Any, plan: Any) -> None:
    response = send(api, "post", f"/api/v1/plans/{plan.pk}/versions/publish")
    assert response.status_code == 409


def test_a_created_entry_answers_as_a_read_of_it(api: Any, plan: Any) -> None:
    entries = fill_plan(plan)
    body = {
        "title": "Annons om samrådet",
        "time_text": "Hösten 2026",
        "groups": [entries["groups"].pk],
        "channels": [entries["channels"].pk],
    }
    created = send(api, "post", f"/api/v1/plans/{plan.pk}/activities", body)
    assert created.status_code == 201
    read = api.get(f"/api/v1/plans/{plan.pk}/activities/{created.json()['id']}")
    assert created.json() == read.json()
    assert created.json()["groups"] == [entries["groups"].pk]


def test_changes_and_deletes_are_recorded_as_the_tokens_owner(
    api: Any, plan: Any, editor: Any
) -> None:
    url = f"/api/v1/plans/{plan.pk}/risks"
    risk = send(api, "post", url, {"text": "Få känner till samrådet"}).json()
    send(api, "patch", f"{url}/{risk['id']}", {"likelihood": 4}, HTTP_IF_MATCH='"0"')
    assert send(api, "delete", f"{url}/{risk['id']}").status_code == 204
    events = AuditEvent.objects.filter(object_id=risk["id"]).order_by("pk")
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert {e.user for e in events} == {editor}


@pytest.mark.parametrize(
    "query", ["offset=99999999999999999999999", "likelihood=99999999999999999999999"]
)
def test_a_number_too_large_for_the_database_is_a_422(api: Any, plan: Any, query: str) -> None:
    assert api.get(f"/api/v1/plans/{plan.pk}/risks?{query}").status_code == 422


def test_coverage_reads_as_the_overview_shows_it(api: Any, plan: Any) -> None:
    core = fill_plan(plan)["tiers"]
    plan.messages.create(text="Ingen har sagt det än.").tiers.add(core)  # owed, not carried
    shown = coverage_summary(plan)
    read = api.get(f"/api/v1/plans/{plan.pk}/coverage").json()
    assert read["owed"] > read["carried"] > 0
    assert read["gaps"] > 0
    assert read == {
        "owed": shown.owed,
        "carried": shown.carried,
        "done": shown.done,
        "gaps": shown.gaps,
        "cycles": 0,
        "carried_percent": shown.carried_percent,
        "done_percent": shown.done_percent,
    }


def test_the_revision_table_names_a_meetings_approval_once_its_minutes_are(
    api: Any, plan: Any, organization: Any
) -> None:
    forum = make_forum(organization)
    meeting = make_meeting(forum, plans=(plan,), date=dt.date(2026, 3, 5))
    Decision.objects.create(meeting=meeting, text="Planen godkänns.", plan=plan, plan_version="1.0")
    url = f"/api/v1/plans/{plan.pk}/versions"
    assert api.get(url).json()["revisions"] == []  # the minutes are not approved yet
    meeting.minutes_status = MinutesStatus.JUSTERED
    meeting.save()
    [row] = api.get(url).json()["revisions"]
    assert row["kind"] == "decision"
    assert (row["version"], row["date"], row["changed_by"]) == ("1.0", "2026-03-05", forum.name)
    assert "Planen godkänns." in row["comment"]


def test_new_plan_dates_through_the_api_read_the_activities_times_anew(api: Any, plan: Any) -> None:
    """A time without a year takes the plan's year, through the API as on the plan's form."""
    from komplan.plans.models import Activity

    plan.start_date, plan.end_date = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    plan.save()
    autumn = Activity.objects.create(plan=plan, title="Höst", time_text="Hösten")
    assert autumn.starts_on == dt.date(2026, 9, 1)
    etag = api.get(f"/api/v1/plans/{plan.pk}")["ETag"]
    response = send(
        api,
        "patch",
        f"/api/v1/plans/{plan.pk}",
        {"start_date": "2027-01-01", "end_date": "2027-12-31"},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    autumn.refresh_from_db()
    assert autumn.starts_on == dt.date(2027, 9, 1)


# --- a time with any offset ISO 8601 allows -----------------------------------------------------


@pytest.mark.parametrize(
    "since",
    ["0559-11-14T21:17:29-16:51", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"],
)
def test_updated_since_takes_any_offset_iso_8601_allows(
    plan: Any, editor: Any, organization: Any, since: str
) -> None:
    """PostgreSQL holds offsets up to ±15:59: a filter sent with -16:51 was a server error
    there (Schemathesis found it); at the ends of the calendar the moment is the first or last."""
    client = bearer(make_token(editor, organization))
    response = client.get(f"/api/v1/plans/{plan.pk}/channels", {"updated_since": since})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["item", "plan"])
def test_a_filter_by_an_id_no_database_holds_is_refused_not_a_server_error(
    plan: Any, editor: Any, organization: Any, name: str
) -> None:
    """Schemathesis' stateful phase found `?item=65615270798090420224` (past 64 bits) a server
    error: the integer filters are bounded as the fields are."""
    meeting = make_meeting(make_forum(organization), plans=(plan,))
    client = bearer(make_token(editor, organization))
    url = f"/api/v1/meetings/{meeting.pk}/decisions"
    assert client.get(url, {name: "65615270798090420224"}).status_code == 422
    assert client.get(url, {name: "7"}).status_code == 200
