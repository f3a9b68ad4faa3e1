"""Forums, their meetings, and a meeting's agenda, decisions and action items in the API
(docs/api.md), made by the registers' machinery of `komplan.api.endpoints`: the screens'
gate (`komplan.meetings.access`' rules, scoped to a token's organisation), their forms and
services, their lock on submitted or approved minutes (409 with the screens' reason)."""

# No `from __future__ import annotations`: django-ninja reads the operations' annotations.

from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from pydantic import Field as PydanticField
from pydantic import create_model

from komplan.accounts.access import EDIT, MANAGE, VIEW
from komplan.api import examples, schemas, writing
from komplan.api.auth import forum_for, forums_for, meeting_for, organization_for
from komplan.api.endpoints import (
    CHANGES,
    LOCKED,
    READS,
    DeleteIfMatch,
    Entries,
    IfMatch,
    Page,
    Parent,
    _page,
    _read,
    api,
    entries_router,
    model_out,
)
from komplan.meetings import services
from komplan.meetings.forms import (
    ActionItemForm,
    AddMembersForm,
    AgendaItemForm,
    DecisionForm,
    ForumForm,
    ForumMemberForm,
    MeetingForm,
    ParticipantForm,
)
from komplan.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Forum,
    ForumMember,
    ItemKind,
    Meeting,
    MeetingRole,
    Participant,
)
from komplan.meetings.views import locked_message
from komplan.plans.models import Plan

Filter = schemas.Filter


def _open_minutes(meeting: Meeting, _entry: Any = None) -> None:
    """A change to a meeting whose minutes are submitted or approved is refused, as on the
    screens, with their reason."""
    if not meeting.minutes_open:
        raise HttpError(409, locked_message(meeting))


def _meeting_open(_forum: Forum, meeting: Meeting | None) -> None:
    if meeting is not None:
        _open_minutes(meeting)


with translation.override("en"):  # the document's language, whatever the import's
    FORUM_FIELDS = ["name", "kind", "language", "description"]
    forum_documents = schemas.Documents(
        Forum,
        examples.FORUM,
        written=FORUM_FIELDS,
        extra={
            "organization": (
                str,
                PydanticField(
                    ..., description="The slug of the forum's organisation.", examples=["ekby"]
                ),
            )
        },
    )
    ForumNew = create_model(  # type: ignore[call-overload]
        "ForumNew",
        __base__=forum_documents.new,
        organization=(
            str,
            PydanticField(
                ...,
                description="The slug of the organisation the forum belongs to (one where you "
                "are an editor or administrator).",
                examples=["ekby"],
            ),
        ),
    )

    MEETING_WRITTEN = [
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "online_link",
        "plans",
    ]
    meeting_documents = schemas.Documents(
        Meeting,
        examples.MEETING,
        written=MEETING_WRITTEN,
        changed=[*MEETING_WRITTEN, "note_taker"],
        read=["forum", "minutes_version", "minutes_status"],
        described={
            "forum": "The forum that meets: its id.",
            "start_time": "When it starts, in komplan's time zone: “09:00”.",
            "end_time": "When it ends, in komplan's time zone: “11:30”; null: not said. "
            "After the start.",
            "plans": "The communication plans this meeting discusses or decides on: ids of "
            "the organisation's plans.",
            "note_taker": "Who writes the minutes: the id of one of the meeting's "
            "participants, or null. Chosen once participants are added (not on a create).",
            "minutes_version": "The version of the minutes being written or approved, 1..N.",
            "minutes_status": "The minutes' state: `draft` (being written), `submitted` (for "
            "approval: the meeting and its entries cannot be changed), `justered` (approved "
            "by the adjusters: cannot be changed).",
        },
        filters=[
            Filter(
                "from_date",
                "date__gte",
                schemas.dt.date,
                "Only meetings on or after this day.",
                "2026-09-01",
            ),
            Filter(
                "to_date",
                "date__lte",
                schemas.dt.date,
                "Only meetings on or before this day.",
                "2026-12-31",
            ),
            Filter(
                "minutes_status",
                "minutes_status",
                str,
                "Only meetings whose minutes are in this state: draft, submitted or justered.",
                "draft",
                enum=["draft", "submitted", "justered", None],
            ),
        ],
    )
    ITEM = "The agenda item it belongs to: the id of one of the meeting's agenda items "
    ITEM += "(not a break), or null."
    agenda_documents = schemas.Documents(
        AgendaItem,
        examples.AGENDA_ITEM,
        written=["kind", "description", "responsible", "duration"],
        read=["position", "notes"],
        described={
            "position": "Its place on the agenda, 1..N.",
            "notes": "The minutes of this item, written on the minutes page.",
        },
        filters=[
            Filter(
                "kind",
                "kind",
                str,
                "Only items of this type: " + ", ".join(f"`{v}`" for v in ItemKind.values) + ".",
                "B",
                enum=[*ItemKind.values, None],
            )
        ],
        name="AgendaItem",
    )
    decision_documents = schemas.Documents(
        Decision,
        examples.DECISION,
        written=["item", "text", "plan", "plan_version"],
        described={
            "item": ITEM,
            "plan": "The communication plan the decision approves: the id of one of the "
            "organisation's plans, or null (a decision about something else).",
            "plan_version": "The plan's version approved: one of its frozen versions (the "
            "snapshots of GET /plans/{plan_id}/versions); empty: the plan's version now. "
            "Needs `plan`.",
        },
        filters=[
            Filter("plan", "plan_id", int, "Only decisions approving this plan (its id).", 12),
            Filter("item", "item_id", int, "Only decisions of this agenda item (its id).", 7),
        ],
    )
    action_documents = schemas.Documents(
        ActionItem,
        examples.ACTION,
        written=["item", "text", "owner", "due_date", "status"],
        read=["activity"],
        described={
            "item": ITEM,
            "activity": "The plan activity made from it on the minutes page: its id, or null.",
        },
        filters=[
            Filter(
                "status",
                "status",
                str,
                "Only action items in this state: "
                + ", ".join(f"`{v}`" for v in ActionStatus.values)
                + ".",
                "open",
                enum=[*ActionStatus.values, None],
            ),
            Filter(
                "owner",
                "owner__iexact",
                str,
                "Only action items of this owner (the name, in any case).",
                "Karin Berg",
            ),
            Filter(
                "due_before",
                "due_date__lte",
                schemas.dt.date,
                "Only action items due on or before this day.",
                "2026-10-31",
            ),
        ],
        name="ActionItem",
    )


# --- forums -----------------------------------------------------------------------------------

forums = Router(tags=["forums"])
ForumId = Annotated[int, Path(description="The forum's id.", example=3, ge=1, le=schemas.MAX_ID)]
_forum_out = model_out(Forum, FORUM_FIELDS, organization=lambda forum: forum.organization.slug)


class ForumFilters(schemas.Schema):
    organization: str | None = PydanticField(
        None, description="Only this organisation's forums (its slug).", examples=["ekby"]
    )


@forums.get(
    "",
    response={200: forum_documents.page, **READS},
    operation_id="forums_list",
    summary="The forums you may read",
)
def forum_list(request: HttpRequest, filters: Query[ForumFilters], page: Query[Page]) -> Any:
    found = forums_for(request)
    if filters.organization:
        found = found.filter(organization__slug=filters.organization)
    return _page(found.order_by("name", "pk"), page, _forum_out)


@forums.get(
    "/{forum_id}",
    response={200: forum_documents.out, **READS},
    operation_id="forums_read",
    summary="A forum",
)
def forum_read(request: HttpRequest, forum_id: ForumId, response: HttpResponse) -> Any:
    return _read(response, forum_for(request, forum_id, VIEW), _forum_out)


@forums.post(
    "",
    response={201: forum_documents.out, **CHANGES},
    operation_id="forums_create",
    summary="Create a forum",
)
def forum_create(request: HttpRequest, body: ForumNew, response: HttpResponse) -> Any:  # type: ignore[valid-type]
    values = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    organization = organization_for(request, values.pop("organization"), EDIT)
    forum = writing.save(request, ForumForm, values, new=Forum(organization=organization))
    return Status(201, _read(response, forum, _forum_out))


@forums.patch(
    "/{forum_id}",
    response={200: forum_documents.out, **LOCKED},
    operation_id="forums_update",
    summary="Change a forum",
)
def forum_update(
    request: HttpRequest,
    forum_id: ForumId,
    body: forum_documents.change,  # type: ignore[name-defined]
    response: HttpResponse,
    if_match: IfMatch = None,
) -> Any:
    forum = forum_for(request, forum_id, EDIT)
    saved = writing.save(
        request, ForumForm, body.model_dump(exclude_unset=True), instance=forum, if_match=if_match
    )
    return _read(response, saved, _forum_out)


@forums.delete(
    "/{forum_id}",
    response={204: None, **CHANGES},
    operation_id="forums_delete",
    summary="Delete a forum with its meetings (administrators)",
)
def forum_delete(request: HttpRequest, forum_id: ForumId, if_match: DeleteIfMatch = None) -> Any:
    writing.delete(forum_for(request, forum_id, MANAGE), if_match)
    return Status(204, None)


# --- a forum's meetings -----------------------------------------------------------------------

FORUM = Parent("forum", "/forums", forum_for)
MEETING = Parent("meeting", "/meetings", meeting_for)
_only_pk = Plan.objects.only("pk")


def _meetings(forum: Forum, filters: Any) -> Any:
    return (
        forum.meetings.filter(**meeting_documents.lookups(filters))
        .prefetch_related(Prefetch("plans", queryset=_only_pk))
        .order_by("-date", "-start_time", "-pk")
    )


meetings = Entries(
    slug="meetings",
    plural="meetings",
    model=Meeting,
    form_class=MeetingForm,
    documents=meeting_documents,
    out=model_out(Meeting, meeting_documents.fields),
    listed=_meetings,
    get=lambda forum, pk: forum.meetings.get(pk=pk),
    save=lambda form, forum, user: services.meeting_create(form=form, forum=forum, user=user),
    guard=_meeting_open,
)


# --- a meeting's agenda, decisions and action items ------------------------------------------


def _prepare_decision(values: dict[str, Any]) -> dict[str, Any]:
    """The API names a plan's version ("1.0"); the screen's form chooses "<plan id>:1.0"."""
    plan, version = values.get("plan"), values.get("plan_version") or ""
    values["plan_version"] = f"{plan}:{version}" if plan and version else ""
    return values


def _meeting_register(
    slug: str,
    plural: str,
    model: Any,
    form_class: Any,
    documents: Any,
    related: str,
    order: tuple[str, ...],
) -> Entries:
    def listed(meeting: Meeting, filters: Any) -> Any:
        return getattr(meeting, related).filter(**documents.lookups(filters)).order_by(*order)

    return Entries(
        slug=slug,
        plural=plural,
        model=model,
        form_class=form_class,
        documents=documents,
        out=model_out(model, documents.fields),
        listed=listed,
        get=lambda meeting, pk: getattr(meeting, related).get(pk=pk),
        guard=_open_minutes,
        prepare=_prepare_decision if model is Decision else None,
    )


agenda = _meeting_register(
    "agenda",
    "agenda items",
    AgendaItem,
    AgendaItemForm,
    agenda_documents,
    "items",
    ("position", "pk"),
)
decisions = _meeting_register(
    "decisions", "decisions", Decision, DecisionForm, decision_documents, "decisions", ("pk",)
)
actions = _meeting_register(
    "actions", "action items", ActionItem, ActionItemForm, action_documents, "actions", ("pk",)
)

api.add_router("/forums", forums)
with translation.override("en"):
    api.add_router("/forums", entries_router(FORUM, meetings))
    for _entries in (agenda, decisions, actions):
        api.add_router("/meetings", entries_router(MEETING, _entries))


# --- a forum's members and a meeting's participants -------------------------------------------
# As on the screens: an editor adds, changes and removes a forum's members (the forum's page)
# and a meeting's participants (its participants page: one by one, or the forum's members in
# one step), the latter only while the minutes are open (409 otherwise).

with translation.override("en"):
    USER = "Their komplan user account: the id of a member of the organisation, or null."
    member_documents = schemas.Documents(
        ForumMember,
        examples.FORUM_MEMBER,
        written=["name", "organization", "role", "email", "user"],
        described={"user": f"{USER} Needed to approve minutes in komplan."},
        filters=[
            Filter(
                "role",
                "role",
                str,
                "Only members with this role: "
                + ", ".join(f"`{v}`" for v in MeetingRole.values if v)
                + ".",
                "chair",
                enum=[*(v for v in MeetingRole.values if v), None],
            )
        ],
        name="ForumMember",
    )
    participant_documents = schemas.Documents(
        Participant,
        examples.PARTICIPANT,
        written=["name", "organization", "role", "attendance", "email", "user", "adjuster"],
        read=["member"],
        described={
            "member": "The forum member the participant was brought in as: its id, or null (a "
            "guest or someone added by hand).",
            "email": "Email: where the notice is sent (else the user account's address).",
            "user": f"{USER} An adjuster needs one, to approve the minutes with.",
        },
        filters=[
            Filter(
                "attendance",
                "attendance",
                str,
                "Only participants with this attendance: "
                + ", ".join(f"`{v}`" for v in Attendance.values)
                + ".",
                "present",
                enum=[*Attendance.values, None],
            ),
            Filter(
                "adjuster",
                "adjuster",
                bool,
                "Only the adjusters (true) or only the others (false).",
                True,
            ),
        ],
    )

    class MembersIn(schemas.Schema):
        members: list[schemas.Id] = PydanticField(  # type: ignore[name-defined]
            ...,
            description="The forum members to bring in: ids of the forum's members who do not "
            "take part yet. Each becomes a participant, present, with the member's name, "
            "organisation, role, email and user account.",
            examples=[[5, 6]],
        )


members = Entries(
    slug="members",
    plural="members",
    model=ForumMember,
    form_class=ForumMemberForm,
    documents=member_documents,
    out=model_out(ForumMember, member_documents.fields),
    listed=lambda forum, filters: forum.members.filter(
        **member_documents.lookups(filters)
    ).order_by("pk"),
    get=lambda forum, pk: forum.members.get(pk=pk),
    tag="forums",
)
participants = Entries(
    slug="participants",
    plural="participants",
    model=Participant,
    form_class=ParticipantForm,
    documents=participant_documents,
    out=model_out(Participant, participant_documents.fields),
    listed=lambda meeting, filters: meeting.participants.filter(
        **participant_documents.lookups(filters)
    ).order_by("pk"),
    get=lambda meeting, pk: meeting.participants.get(pk=pk),
    guard=_open_minutes,
)
_participant_out = participants.out
participants_router = Router(tags=["participants"])


@participants_router.post(
    "/{meeting_id}/participants/members",
    response={201: participant_documents.page, **CHANGES},
    operation_id="participants_add_members",
    summary="Bring the forum's members in as participants",
)
def participants_add_members(
    request: HttpRequest,
    meeting_id: MEETING.id,  # type: ignore[valid-type]
    body: MembersIn,
) -> Any:
    """The screen's "Add the forum's members": each chosen member of the forum who does not
    take part yet becomes a participant, in one step. Answers with the participants added."""
    meeting = meeting_for(request, meeting_id, EDIT)
    _open_minutes(meeting)
    form = writing.valid(
        AddMembersForm(writing.form_data(["members"], body.model_dump()), meeting=meeting)
    )
    added = services.members_add(meeting, form.cleaned_data["members"], user=request.user)
    return Status(
        201,
        {
            "count": len(added),
            "limit": len(added),
            "offset": 0,
            "items": [_participant_out(p) for p in added],
        },
    )


with translation.override("en"):
    api.add_router("/forums", entries_router(FORUM, members))
    api.add_router("/meetings", participants_router)
    api.add_router("/meetings", entries_router(MEETING, participants))
