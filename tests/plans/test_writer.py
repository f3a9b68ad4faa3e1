"""The one writer of whole plans: Norrviks kommun's plan copied, a plan of Ekby kommun written
into, an approved plan changed by an import; positions, links, periods, audit, queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from komplan.accounts.models import Membership, Organization
from komplan.audit.models import AuditEvent
from komplan.plans import schema
from komplan.plans.models import Plan
from komplan.plans.planjson import plan_to_json
from komplan.plans.planjson_read import read_plan_json
from komplan.plans.services import plan_copy
from komplan.plans.writer import EntryData, PlanData, match, plan_data, plan_write
from komplan.versions import services
from tests.plans.plancontent import content, enrich

pytestmark = pytest.mark.django_db


def small_plan(n: int, name: str = "Nytt arkiv") -> PlanData:
    """A plan of `n` groups, messages, channels, goals and activities, all linked."""
    groups = [
        EntryData(f"g{i}", {"name": f"Grupp {i}", "reach": "external"}, {"tier": "t1"})
        for i in range(n)
    ]
    return PlanData(
        facts={"name": name, "start_date": dt.date(2026, 1, 1), "end_date": dt.date(2027, 6, 30)},
        registers={
            "tiers": [EntryData("t1", {"name": "Kärnintressenter"})],
            "groups": groups,
            "messages": [
                EntryData(f"m{i}", {"text": f"Budskap {i}"}, {"groups": [f"g{i}"], "tiers": ["t1"]})
                for i in range(n)
            ],
            "channels": [
                EntryData(f"c{i}", {"name": f"Kanal {i}"}, {"groups": ["g0", f"g{i}"]})
                for i in range(n)
            ],
            "goals": [EntryData(f"o{i}", {"text": f"Mål {i}"}) for i in range(n)],
            "activities": [
                EntryData(
                    f"a{i}",
                    {"title": f"Aktivitet {i}", "time_text": "Våren 2026"},
                    {
                        "groups": [f"g{i}"],
                        "messages": [f"m{i}"],
                        "channels": [f"c{i}"],
                        "goals": [f"o{i}"],
                    },
                )
                for i in range(n)
            ],
        },
    )


def test_a_copy_holds_what_the_plan_holds(demo_plan: Plan) -> None:
    enrich(demo_plan)
    erik = demo_plan.organization.memberships.get(user__username="erik").user
    copy = plan_copy(plan=demo_plan, user=erik)
    assert (copy.status, copy.version, copy.copied_from) == ("draft", "0.1", demo_plan)
    assert copy.name == "Digital bokning av lokaler (kopia)"  # in the plan's language
    original = plan_to_json(demo_plan)
    assert content(plan_to_json(copy), name="") == content(original, name="")
    # The copy's entries are its own.
    assert not set(copy.groups.values_list("pk", flat=True)) & set(
        demo_plan.groups.values_list("pk", flat=True)
    )


def test_reading_a_plan_for_the_writer_is_reading_its_plan_json_back(demo_plan: Plan) -> None:
    enrich(demo_plan)

    def plain(data: PlanData) -> dict[str, Any]:
        return {
            "facts": data.facts,
            **{
                slug: [
                    (
                        e.key,
                        e.id,
                        e.values,
                        {k: sorted(v) if isinstance(v, list) else v for k, v in e.refs.items()},
                    )
                    for e in entries
                ]
                for slug, entries in data.registers.items()
            },
        }

    assert plain(plan_data(demo_plan)) == plain(read_plan_json(plan_to_json(demo_plan)))


def test_a_copy_is_one_audit_event_naming_its_origin_and_content(demo_plan: Plan) -> None:
    # Until the writer's benchmark (#12) a copy recorded an event per entry: 11,060 for the
    # 10,000-activity plan, each with three foreign keys checked at the commit. A new plan is
    # now one event, the plan's creation, with its content counted (docs/audit.md).
    erik = demo_plan.organization.memberships.get(user__username="erik").user
    copy = plan_copy(plan=demo_plan, user=erik)
    [event] = AuditEvent.objects.filter(plan=copy)
    assert (event.register, event.object_id, event.action, event.user) == (
        "plan",
        copy.pk,
        "create",
        erik,
    )
    recorded = {c["field"]: c for c in event.changes}
    assert recorded["name"]["new"] == "Digital bokning av lokaler (kopia)"
    assert recorded["copied_from"]["new"] == "Digital bokning av lokaler"
    counts = {c["register"]: c["count"] for c in event.changes if "count" in c}
    assert counts == {
        register.slug: register.model._default_manager.filter(plan=copy).count()
        for register in schema.REGISTERS
        if register.model._default_manager.filter(plan=copy).exists()
    }
    assert counts["activities"] == demo_plan.activities.count()


def test_writing_into_a_plan_still_records_every_entry(
    plan: Plan, entries: dict[str, Any], editor: Any
) -> None:
    # An import into a plan changes a plan people work in: each entry it adds is visible in
    # the history, with its links.
    plan_write(data=small_plan(2), user=editor, plan=plan)
    new = plan.activities.get(title="Aktivitet 1")
    [event] = AuditEvent.objects.filter(plan=plan, register="activities", object_id=new.pk)
    assert (event.action, event.user) == ("create", editor)
    assert {c["field"]: c["new"] for c in event.changes}["groups"] == "Grupp 1"
    assert not AuditEvent.objects.filter(plan=plan, register="plan", action="create")


def test_positions_are_1_to_n_after_writing_into_a_plan_that_has_entries(
    plan: Plan, entries: dict[str, Any], editor: Any
) -> None:
    written = plan_write(data=small_plan(3), user=editor, plan=plan)
    assert written.plan == plan
    for register in schema.REGISTERS:
        rows = register.model._default_manager.filter(plan=plan).order_by("position")
        positions = list(rows.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), register.slug
    new = plan.activities.order_by("position")
    assert [a.title for a in new][-3:] == ["Aktivitet 0", "Aktivitet 1", "Aktivitet 2"]
    assert written.created["activities"] == 3 and written.created["tiers"] == 1


def test_references_become_links_between_the_new_rows(organization: Any, editor: Any) -> None:
    plan = plan_write(data=small_plan(2), user=editor, organization=organization).plan
    first = plan.activities.get(title="Aktivitet 0")
    assert [g.name for g in first.groups.all()] == ["Grupp 0"]
    assert [m.text for m in first.messages.all()] == ["Budskap 0"]
    assert first.goals.get().text == "Mål 0"
    assert plan.groups.get(name="Grupp 1").tier == plan.tiers.get()
    assert set(plan.channels.get(name="Kanal 1").groups.values_list("name", flat=True)) == {
        "Grupp 0",
        "Grupp 1",
    }


def test_an_entry_already_in_the_plan_is_linked_and_gets_the_links_it_is_given(
    plan: Plan, entries: dict[str, Any], editor: Any
) -> None:
    staff = entries["groups"]
    data = PlanData(
        registers={
            "groups": [EntryData("staff", {"name": staff.name}, pk=staff.pk)],
            "channels": [
                EntryData(
                    "intranet",
                    {"name": "Intranätet"},
                    {"groups": ["staff"]},
                    pk=entries["channels"].pk,
                ),
                EntryData("apt", {"name": "APT"}, {"groups": ["staff"]}),
            ],
        }
    )
    before = plan.groups.count()
    plan_write(data=data, user=editor, plan=plan)
    assert plan.groups.count() == before
    assert plan.channels.get(name="APT").groups.get() == staff


def test_periods_are_computed_never_taken_from_the_document(organization: Any, editor: Any) -> None:
    data = plan_to_json_like("Hösten 2026", start="1999-01-01")
    plan = plan_write(data=read_plan_json(data), user=editor, organization=organization).plan
    activity = plan.activities.get()
    assert (activity.starts_on, activity.ends_on) == (dt.date(2026, 9, 1), dt.date(2026, 11, 30))


def plan_to_json_like(time_text: str, start: str) -> dict[str, Any]:
    return {
        "format": "komplan-plan",
        "version": 1,
        "plan": {"name": "Ekby bibliotek", "language": "sv"},
        "activities": [
            {
                "key": "a",
                "title": "Läsfrämjande",
                "time_text": time_text,
                "period": {"start": start},
            }
        ],
    }


def test_text_longer_than_the_model_allows_is_cut_to_its_length(
    organization: Any, editor: Any
) -> None:
    data = PlanData(
        facts={"name": "Å" * 400},
        registers={"groups": [EntryData("g", {"name": "Ö" * 400, "description": "x" * 5000})]},
    )
    plan = plan_write(data=data, user=editor, organization=organization).plan
    assert len(plan.name) == 300
    group = plan.groups.get()
    assert len(group.name) == 300 and len(group.description) == 5000


def test_writing_into_an_approved_plan_starts_the_next_draft(
    plan: Plan, entries: dict[str, Any], editor: Any, admin_user: Any
) -> None:
    Membership.objects.filter(user=admin_user).update(can_approve=True)
    services.submit(plan, user=editor)
    services.approve(plan, user=admin_user)
    plan_write(data=small_plan(1), user=editor, plan=plan)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("draft", "1.1")
    assert plan.revisions.filter(kind="new_draft", version="1.1").exists()


def queries(**write: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        plan_write(**write)
    return len(captured.captured_queries)


def test_the_writer_takes_the_same_queries_whatever_the_size(
    organization: Any, editor: Any
) -> None:
    small = queries(data=small_plan(3, "Liten"), user=editor, organization=organization)
    large = queries(data=small_plan(30, "Stor"), user=editor, organization=organization)
    # 23, and the writer of a new plan follows it; on PostgreSQL each of the six registers'
    # new entries take their ids from the sequence before they are copied in (core/bulk.py).
    # (45 before #12: a new plan's entries each had an audit event, read and inserted per
    # register; now the plan's one creation event says what it holds.)
    assert small == large == (30 if connection.vendor == "postgresql" else 24)
    into = Plan.objects.get(name="Liten")

    def entries_only(n: int) -> PlanData:
        data = small_plan(n)
        data.facts = {}
        return data

    assert queries(data=entries_only(3), user=editor, plan=into) == queries(
        data=entries_only(30), user=editor, plan=into
    )


def test_restoring_takes_the_same_queries_whatever_the_size(organization: Any, editor: Any) -> None:
    def restore_queries(n: int) -> int:
        plan = plan_write(
            data=small_plan(n, f"Plan {n}"), user=editor, organization=organization
        ).plan
        frozen = plan_to_json(plan)
        first = plan.activities.order_by("position").first()
        first.title = "Ändrad"
        first.save()
        plan.groups.order_by("position").last().delete()
        return queries(data=read_plan_json(frozen), user=editor, plan=plan, replace=True)

    assert restore_queries(3) == restore_queries(30)


# --- property: read, write and export give back the document --------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=12,
)
NAME = TEXT.filter(lambda s: s.strip())
DAY = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
AMOUNT = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(
    lambda d: format(d.normalize(), "f")
)
TIMES = st.sampled_from(["", "Våren 2026", "Höst 2026 – pågående", "vecka 12", "Prel. mars 2027"])


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """Small plan-JSON documents with every register, field and kind of reference."""

    def keys(kind: str, n: int) -> list[str]:
        return [f"{kind}-{i}" for i in range(1, n + 1)]

    def some(options: list[str]) -> list[str]:
        return sorted(draw(st.sets(st.sampled_from(options))) if options else [], key=options.index)

    tiers = keys("tier", draw(st.integers(0, 3)))
    groups = keys("group", draw(st.integers(0, 4)))
    messages = keys("message", draw(st.integers(0, 3)))
    channels = keys("channel", draw(st.integers(0, 3)))
    goals = keys("goal", draw(st.integers(0, 2)))
    activities = keys("activity", draw(st.integers(0, 4)))
    spokespersons = keys("spokesperson", draw(st.integers(0, 2)))
    risks = keys("risk", draw(st.integers(0, 3)))
    reach = st.sampled_from(["internal", "external"])
    return {
        "format": "komplan-plan",
        "version": 1,
        "plan": {
            "name": draw(NAME),
            "client": draw(TEXT),
            "start_date": "2026-01-01",
            "end_date": draw(st.one_of(st.none(), st.just("2027-12-31"))),
            "language": draw(st.sampled_from(["sv", "da", "nb", "en"])),
            "purpose": draw(TEXT),
        },
        "tiers": [{"key": k, "name": draw(NAME), "definition": draw(TEXT)} for k in tiers],
        "groups": [
            {
                "key": k,
                "name": draw(NAME),
                "reach": draw(reach),
                "tier": draw(st.one_of(st.none(), st.sampled_from(tiers))) if tiers else None,
                "description": draw(TEXT),
                "inherits_from": some(groups),
            }
            for k in groups
        ],
        "messages": [
            {
                "key": k,
                "number": n,
                "text": draw(NAME),
                "clarification": draw(TEXT),
                "tiers": some(tiers),
                "groups": some(groups),
            }
            for n, k in enumerate(messages, start=1)
        ],
        "channels": [
            {
                "key": k,
                "name": draw(NAME),
                "description": draw(TEXT),
                "responsible": draw(TEXT),
                "reach": draw(reach),
                "cadence": draw(TEXT),
                "groups": some(groups),
            }
            for k in channels
        ],
        "goals": [
            {
                "key": k,
                "text": draw(NAME),
                "target_value": draw(st.one_of(st.none(), AMOUNT)),
                "unit": draw(TEXT),
                "deadline": draw(st.one_of(st.none(), DAY)),
            }
            for k in goals
        ],
        "activities": [
            {
                "key": k,
                "title": draw(NAME),
                "description": draw(TEXT),
                "groups": some(groups),
                "messages": some(messages),
                "channels": some(channels),
                "goals": some(goals),
                "responsible": draw(TEXT),
                "time_text": draw(TIMES),
                "period": {
                    "start_override": draw(st.one_of(st.none(), DAY)),
                    "end_override": draw(st.one_of(st.none(), DAY)),
                },
                "status": draw(st.sampled_from(["planned", "in_progress", "done", "cancelled"])),
                "recurrence": draw(st.sampled_from(["", "weekly", "monthly", "quarterly"])),
                "budget": draw(st.one_of(st.none(), AMOUNT)),
                "follow_up": draw(TEXT),
            }
            for k in activities
        ],
        "spokespersons": [
            {
                "key": k,
                "subject": draw(NAME),
                "name": draw(TEXT),
                "role": draw(TEXT),
                "contact": draw(TEXT),
            }
            for k in spokespersons
        ],
        "risks": [
            {
                "key": k,
                "text": draw(NAME),
                "likelihood": draw(st.integers(1, 5)),
                "consequence": draw(st.integers(1, 5)),
                "mitigation": draw(TEXT),
                "owner": draw(TEXT),
                "status": draw(st.sampled_from(["open", "mitigated", "closed", "occurred"])),
            }
            for k in risks
        ],
    }


def written_content(document: dict[str, Any]) -> dict[str, Any]:
    """What a document says, as an export of the plan written from it would say it: its
    content fields only (the period's overrides, not what komplan reads from the time)."""
    data: dict[str, Any] = {"plan": {}}
    for f in schema.FACTS.fields:
        if f.name in document["plan"]:
            data["plan"][f.name] = document["plan"][f.name]
    for register in schema.REGISTERS:
        data[register.slug] = []
        for entry in document[register.slug]:
            shown = {}
            for f in register.content:
                value: Any = entry
                for part in f.path.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                shown[f.path] = value
            data[register.slug].append(shown)
    return data


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents())
def test_read_write_export_gives_the_document_back(db: Any, document: dict[str, Any]) -> None:
    organization, _made = Organization.objects.get_or_create(name="Ekby kommun", slug="ekby")
    plan = plan_write(data=read_plan_json(document), user=None, organization=organization).plan
    exported = plan_to_json(plan)
    expected = written_content(document)
    got = written_content(exported)
    for register in schema.REGISTERS:  # fields left out of the document took their defaults
        for want, have in zip(expected[register.slug], got[register.slug], strict=True):
            for path, value in want.items():
                assert have[path] == value, (register.slug, path)
    for fact, value in expected["plan"].items():
        assert got["plan"][fact] == value, fact


def test_restoring_matches_entries_by_id_then_by_name_like_the_comparison() -> None:
    current = [(1, "Intranätet"), (2, "Nyhetsbrev"), (3, "intranätet"), (4, "APT")]
    entries = [(4, "Arbetsplatsträffar"), (None, "INTRANÄTET"), (None, "Intranätet"),
               (9, "Nyhetsbrev"), (None, "APT"), (None, "Webben")]  # fmt: skip
    # By id first; then the first unused entry of the same casefolded name; an id that is
    # not the plan's (a deleted entry) is new, and so is a name nobody has.
    assert match(entries, current) == [4, 1, 3, None, None, None]


def test_new_plan_dates_rewrite_only_the_activities_whose_period_they_change(
    organization: Any,
) -> None:
    """A time without a year takes the plan's year; a dated one does not care. Changing the
    plan's dates writes the first in one UPDATE of just its changed columns, not every
    activity's eight period fields."""
    from komplan.plans.models import Activity
    from komplan.plans.writer import plan_periods_refresh

    plan = Plan.objects.create(
        organization=organization,
        name="Årsskifte",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    autumn = Activity.objects.create(plan=plan, title="Höst", time_text="Hösten")
    dated = Activity.objects.create(plan=plan, title="Maj", time_text="Maj 2026")
    assert autumn.starts_on == dt.date(2026, 9, 1)
    plan.start_date, plan.end_date = dt.date(2027, 1, 1), dt.date(2027, 12, 31)
    plan.save()
    with CaptureQueriesContext(connection) as queries:
        assert plan_periods_refresh(plan=plan) == 2
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert f"WHERE {connection.ops.quote_name('id')} IN ({autumn.pk})" in updates[0]
    assert "time_text" not in updates[0] and "title" not in updates[0]
    autumn.refresh_from_db()
    dated.refresh_from_db()
    assert autumn.starts_on == dt.date(2027, 9, 1)
    assert dated.starts_on == dt.date(2026, 5, 1)


def test_an_entry_built_for_the_bulk_insert_is_what_the_model_makes(plan: Plan) -> None:
    from django.db.models.signals import post_init

    from komplan.plans.models import Activity
    from komplan.plans.writer import _instance

    values = {"plan": plan, "title": "Nyhetsbrev", "position": 4, "time_text": "mars 2026"}
    built, made = _instance(Activity, values), Activity(**values)

    def columns(row: Any) -> dict[str, Any]:
        return {k: v for k, v in row.__dict__.items() if k != "_state"}

    assert columns(built) == columns(made)
    assert (built._state.adding, built._state.db) == (True, None)
    assert built.plan is plan  # at hand, no query
    seen: list[Any] = []

    def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    # Someone listening to post_init gets every built entry: then the model is called.
    post_init.connect(receiver, sender=Activity)
    try:
        again = _instance(Activity, values)
    finally:
        post_init.disconnect(receiver, sender=Activity)
    assert seen == [again] and columns(again) == columns(made)
