"""The plan's approval workflow, its revision table and its frozen versions.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
      ▲                 │  │                    │                     │
      └──return/withdraw┘  └─ any change ───────┴──── any change ─────┘ (new draft)

Every step is recorded as an automatic revision. Submitting, approving and publishing freeze
the plan as plan JSON (a `Snapshot`). Leaving a frozen state for a draft raises the minor
version (0.1 → 0.2, 1.0 → 1.1); an approval makes the next major version (0.x → 1.0,
1.x → 2.0). Any change to the plan or a register while it is not a draft starts that new
draft on its own (`start_new_draft`, connected to `komplan.plans.signals.plan_changed`),
so the approved version stays as it was approved and readable as its snapshot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from komplan.core.bulk import gc_paused
from komplan.plans import schema
from komplan.plans.models import Plan, PlanStatus, count_of, latest_change
from komplan.plans.planjson_read import read_plan_json
from komplan.plans.writer import match, plan_write
from komplan.versions.models import Publication, Revision, RevisionKind, Snapshot

__all__ = [
    "ApprovalRefused",
    "TransitionError",
    "approval_refusal",
    "approve",
    "frozen_versions",
    "next_major",
    "next_minor",
    "publish",
    "restore",
    "restore_preview",
    "return_to_draft",
    "revision_rows",
    "start_new_draft",
    "submit",
    "take_snapshot",
    "withdraw",
]

_VERSION = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s*$")


class TransitionError(Exception):
    """The plan is not in a state that allows this step (someone else moved it on)."""


class ApprovalRefused(Exception):
    """The organisation's rules forbid this person to approve the submitted plan."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def submitter(plan: Plan) -> Any:
    """The user who submitted the plan's current submission; None if unknown."""
    revision = (
        plan.revisions.filter(kind=RevisionKind.SUBMITTED)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    return revision.user if revision else None


def approval_refusal(plan: Plan, user: Any) -> str:
    """Why `user` may not approve the submitted plan under its organisation's rules; ""
    when they may."""
    if not plan.organization.approver_must_differ:
        return ""
    who = submitter(plan)
    if who is None or who.pk != getattr(user, "pk", None):
        return ""
    return _(
        "You submitted this version yourself, and %(organization)s requires that another "
        "person approves it. Ask another approver, or withdraw the submission."
    ) % {"organization": plan.organization.name}


def _parts(version: str) -> tuple[int, int]:
    match = _VERSION.match(version or "")
    if match is None:
        return 0, 0
    return int(match.group(1)), int(match.group(2) or 0)


def next_minor(version: str) -> str:
    """The draft after `version`: "1.0" → "1.1", "0.9" → "0.10"."""
    major, minor = _parts(version)
    return f"{major}.{minor + 1}"


def next_major(version: str) -> str:
    """The approved version after draft `version`: "0.3" → "1.0", "1.2" → "2.0"."""
    return f"{_parts(version)[0] + 1}.0"


def person(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_full_name() or user.get_username())


def _comment(plan: Plan, kind: str, comment: str, on_behalf_of: str = "") -> str:
    """What the revision table says of a step, in the plan's language."""
    with override(plan.language):
        if kind == RevisionKind.APPROVED and on_behalf_of:
            text = _("Approved on behalf of %(body)s") % {"body": on_behalf_of}
        else:
            text = str(RevisionKind(kind).label)
    comment = comment.strip()
    return f"{text}. {comment}" if comment else f"{text}."


def _locked_plan(plan: Plan, expected: set[str]) -> Plan:
    """The plan's row, locked for this transaction, if its status is one of `expected`."""
    # of=("self",): the plan's row only, not its organisation's, which every audit event's
    # foreign key check reads (locking it too deadlocked with those checks).
    plans = Plan.objects.select_for_update(of=("self",)).select_related("organization")
    current = plans.get(pk=plan.pk)
    if current.status not in expected:
        raise TransitionError(current.status)
    return current


def _move(
    plan: Plan,
    *,
    status: str,
    version: str,
    kind: str,
    user: Any,
    comment: str = "",
    on_behalf_of: str = "",
    freeze: bool = False,
) -> Revision:
    Plan.objects.filter(pk=plan.pk).update(status=status, version=version)
    plan.status, plan.version = status, version
    revision = Revision.objects.create(
        plan=plan,
        version=version,
        comment=_comment(plan, kind, comment, on_behalf_of),
        changed_by=person(user),
        kind=kind,
        on_behalf_of=on_behalf_of,
        user=user if person(user) else None,
    )
    if freeze:
        revision.snapshot = take_snapshot(plan, user=user)
        revision.save(update_fields=["snapshot"])
    return revision


def frozen_versions(plan_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The frozen versions of the plans (`komplan.plans.revisions.frozen_versions`), in one
    query: a version frozen several times (approved, then published) is listed once."""
    found: dict[int, dict[str, list[str]]] = {}
    rows = Snapshot.objects.filter(plan_id__in=plan_ids).order_by("created_at", "pk")
    for plan_id, version, status in rows.values_list("plan_id", "version", "status"):
        statuses = found.setdefault(plan_id, {}).setdefault(version, [])
        label = str(PlanStatus(status).label)
        if label not in statuses:
            statuses.append(label)
    return {
        plan_id: [(version, ", ".join(labels)) for version, labels in versions.items()]
        for plan_id, versions in found.items()
    }


def take_snapshot(plan: Plan, *, user: Any = None) -> Snapshot:
    """Freeze the plan as it is now (its revision table included) as plan JSON."""
    from komplan.plans.planjson import plan_to_json

    plan.refresh_from_db(fields=["status", "version"])
    return Snapshot.objects.create(
        plan=plan,
        version=plan.version,
        status=plan.status,
        data=plan_to_json(plan),
        created_by=user if person(user) else None,
    )


@transaction.atomic
def submit(plan: Plan, *, user: Any, comment: str = "") -> Revision:
    plan = _locked_plan(plan, {PlanStatus.DRAFT})
    return _move(
        plan,
        status=PlanStatus.SUBMITTED,
        version=plan.version,
        kind=RevisionKind.SUBMITTED,
        user=user,
        comment=comment,
        freeze=True,
    )


@transaction.atomic
def approve(plan: Plan, *, user: Any, comment: str = "", on_behalf_of: str = "") -> Revision:
    """Approve the submitted plan; ApprovalRefused when the organisation requires another
    approver than its submitter and `user` submitted it."""
    plan = _locked_plan(plan, {PlanStatus.SUBMITTED})
    refusal = approval_refusal(plan, user)
    if refusal:
        raise ApprovalRefused(refusal)
    return _move(
        plan,
        status=PlanStatus.APPROVED,
        version=next_major(plan.version),
        kind=RevisionKind.APPROVED,
        user=user,
        comment=comment,
        on_behalf_of=on_behalf_of.strip(),
        freeze=True,
    )


def return_to_draft(plan: Plan, *, user: Any, comment: str = "") -> Revision:
    """The approver sends the submitted plan back for changes."""
    return _back_to_draft(plan, RevisionKind.RETURNED, user=user, comment=comment)


def withdraw(plan: Plan, *, user: Any, comment: str = "") -> Revision:
    """An editor takes the submitted plan back to change it."""
    return _back_to_draft(plan, RevisionKind.WITHDRAWN, user=user, comment=comment)


@transaction.atomic
def _back_to_draft(plan: Plan, kind: str, *, user: Any, comment: str) -> Revision:
    plan = _locked_plan(plan, {PlanStatus.SUBMITTED})
    return _move(
        plan,
        status=PlanStatus.DRAFT,
        version=next_minor(plan.version),
        kind=kind,
        user=user,
        comment=comment,
    )


@transaction.atomic
def publish(plan: Plan, *, user: Any, comment: str = "") -> Revision:
    """Publish the approved version: freeze it as published and make sure the plan has a
    live public address."""
    plan = _locked_plan(plan, {PlanStatus.APPROVED})
    approved = plan.snapshots.filter(status=PlanStatus.APPROVED).order_by("-created_at", "-pk")
    revision = _move(
        plan,
        status=PlanStatus.PUBLISHED,
        version=plan.version,
        kind=RevisionKind.PUBLISHED,
        user=user,
        comment=comment,
    )
    revision.snapshot = _published_copy(plan, approved.defer("data").first(), user=user)
    revision.save(update_fields=["snapshot"])
    live_publication(plan, user=user, create=True)
    return revision


def _published_copy(plan: Plan, approved: Snapshot | None, *, user: Any) -> Snapshot:
    """What is published is what was approved: the approved version's content, with the
    revision table of now (which says that it was published)."""
    if approved is None:  # approved before versions were frozen
        return take_snapshot(plan, user=user)
    from komplan.plans.planjson import plan_revisions

    data = dict(Snapshot.objects.only("data").get(pk=approved.pk).data)
    data["plan"] = {**data["plan"], "status": str(PlanStatus.PUBLISHED)}
    data["revisions"] = plan_revisions(plan)
    return Snapshot.objects.create(
        plan=plan,
        version=plan.version,
        status=PlanStatus.PUBLISHED,
        data=data,
        created_by=user if person(user) else None,
    )


def start_new_draft(plan_id: int, *, user: Any = None) -> bool:
    """Called on every change to a plan or its registers: a plan that is not a draft becomes
    the next draft. True when it did. Runs inside the changing transaction."""
    # Locked even when it is a draft: a submission taken at this moment waits for this
    # change to commit and then freezes it, instead of missing it.
    with transaction.atomic():
        plans = Plan.objects.select_for_update(of=("self",)).select_related("organization")
        plan = plans.get(pk=plan_id)  # the plan's row only, as in _locked_plan
        if plan.status == PlanStatus.DRAFT:
            return False
        kind = RevisionKind.WITHDRAWN if plan.status == PlanStatus.SUBMITTED else None
        _move(
            plan,
            status=PlanStatus.DRAFT,
            version=next_minor(plan.version),
            kind=kind or RevisionKind.NEW_DRAFT,
            user=user,
            comment=_auto_withdraw_note(plan) if kind else "",
        )
    return True


# --- restoring a frozen version --------------------------------------------------------------


@dataclass(frozen=True)
class RestoreCount:
    """One register on the restore's confirmation page: its entries now and in the version,
    and how many of the plan's entries go (deleted) or come back (created)."""

    register: Any  # komplan.plans.schema.Register
    now: int
    in_version: int
    deleted: int
    created: int


@dataclass(frozen=True)
class RestorePreview:
    """What restoring `snapshot` would do to the plan, for the "check your answers" page."""

    snapshot: Snapshot
    counts: list[RestoreCount]
    actions_unlinked: int  # meeting action items whose activity would be deleted
    frozen_now: Snapshot | None  # the frozen version holding the plan as it is now, if any

    @property
    def deleted(self) -> int:
        return sum(c.deleted for c in self.counts)

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts)


def restore_preview(plan: Plan, snapshot: Snapshot) -> RestorePreview:
    """What `restore` would replace, in a query per register whatever the plan's size."""
    from komplan.meetings.models import ActionItem

    data = Snapshot.objects.only("data").get(pk=snapshot.pk).data
    counts = []
    gone_activities: list[int] = []
    for register in schema.REGISTERS:
        name = register.name_field
        current = list(
            register.model._default_manager.filter(plan_id=plan.pk).values_list("pk", name)
        )
        entries = [e for e in data.get(register.slug) or [] if isinstance(e, dict)]
        matched = match(
            [
                (e["id"] if isinstance(e.get("id"), int) else None, str(e.get(name, "")))
                for e in entries
            ],
            current,
        )
        kept = {pk for pk in matched if pk is not None}
        counts.append(
            RestoreCount(
                register=register,
                now=len(current),
                in_version=len(entries),
                deleted=len(current) - len(kept),
                created=matched.count(None),
            )
        )
        if register.slug == "activities":
            gone_activities = sorted({pk for pk, _name in current} - kept)
    unlinked = sum(
        ActionItem.objects.filter(activity_id__in=gone_activities[n : n + 900]).count()
        for n in range(0, len(gone_activities), 900)
    )
    frozen_now = None
    if plan.status != PlanStatus.DRAFT:
        # Not a draft: the plan is as it was when it was last frozen (any change since would
        # have made it a draft).
        frozen_now = plan.snapshots.defer("data").order_by("-created_at", "-pk").first()
    return RestorePreview(snapshot, counts, unlinked, frozen_now)


@gc_paused()  # to the commit: see komplan.core.bulk
@transaction.atomic
def restore(plan: Plan, snapshot: Snapshot, *, user: Any, comment: str = "") -> Revision:
    """Make the frozen version `snapshot` the plan's content again, as its next draft.

    The one writer replaces the facts and registers in place (entries the version holds are
    updated, the others deleted, the missing ones created: the history records each), a plan
    that is not a draft becomes the next draft, and the revision table says which version was
    restored. PlanJSONError, and nothing written, when the version cannot be read."""
    data = read_plan_json(Snapshot.objects.only("data").get(pk=snapshot.pk).data)
    plan_write(data=data, user=user, plan=plan, replace=True)
    start_new_draft(plan.pk, user=user)  # also when the version was the plan as it is
    plan = Plan.objects.select_related("organization").get(pk=plan.pk)
    with override(plan.language):
        text = _("Restored from version %(version)s.") % {"version": snapshot.version}
    comment = comment.strip()
    return Revision.objects.create(
        plan=plan,
        version=plan.version,
        comment=f"{text} {comment}" if comment else text,
        changed_by=person(user),
        kind=RevisionKind.RESTORED,
        user=user if person(user) else None,
    )


def _auto_withdraw_note(plan: Plan) -> str:
    with override(plan.language):
        return _("The plan was changed while it awaited approval.")


# --- publication -----------------------------------------------------------------------------


def live_publication(plan: Plan, *, user: Any = None, create: bool = False) -> Publication | None:
    """The plan's live public address (there is at most one); made now if `create`."""
    found = plan.publications.filter(revoked_at=None).first()
    if found is None and create:
        with transaction.atomic():
            Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one at a time
            found = plan.publications.filter(revoked_at=None).first() or (
                Publication.objects.create(plan=plan, created_by=user if person(user) else None)
            )
    return found


def revoke_publication(publication: Publication) -> None:
    """Revoke the plan's public address: every live one, should there be more."""
    Publication.objects.filter(plan_id=publication.plan_id, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def published_snapshot(plan: Plan) -> Snapshot | None:
    """The latest published version of the plan, as frozen when it was published."""
    return plan.snapshots.filter(status=PlanStatus.PUBLISHED).order_by("-created_at", "-pk").first()


# --- the revision table ----------------------------------------------------------------------


@dataclass(frozen=True)
class RevisionRow:
    """A row of the revision table: a stored revision or a meeting's decision."""

    version: str
    date: date
    comment: str
    changed_by: str
    status: str
    revision: Revision | None = None
    decision: Any = None  # komplan.meetings.models.Decision
    # A decision in minutes not yet justered: shown to members, kept out of documents.
    provisional: bool = False

    @property
    def editable(self) -> bool:
        return self.revision is not None and not self.revision.is_automatic


_STATUS_OF_KIND: dict[str, str] = {
    RevisionKind.SUBMITTED: PlanStatus.SUBMITTED,
    RevisionKind.APPROVED: PlanStatus.APPROVED,
    RevisionKind.PUBLISHED: PlanStatus.PUBLISHED,
}


def revision_rows(plan: Plan) -> list[RevisionRow]:
    """The plan's revision table, oldest first: its revisions and the meeting decisions that
    approve a version of it (in two queries)."""
    from komplan.meetings.models import MinutesStatus
    from komplan.meetings.services import approvals_for_plan

    rows = [
        RevisionRow(
            version=r.version,
            date=r.date,
            comment=r.comment,
            changed_by=r.changed_by,
            status=str(_STATUS_OF_KIND.get(r.kind, PlanStatus.DRAFT)),
            revision=r,
        )
        for r in plan.revisions.order_by("date", "created_at", "pk")  # no snapshot data
    ]
    for decision in approvals_for_plan(plan):
        rows.append(
            RevisionRow(
                version=decision.plan_version or "",
                date=decision.meeting.date,
                comment=_decision_comment(plan, decision),
                changed_by=decision.meeting.forum.name,
                status=str(PlanStatus.APPROVED),
                decision=decision,
                provisional=decision.meeting.minutes_status != MinutesStatus.JUSTERED,
            )
        )
    rows.sort(key=lambda row: row.date)  # stable: same-day rows keep their order
    return rows


def revision_stamp() -> list[Any]:
    """What changes whenever `revision_rows` may (over a plan, `OuterRef("pk")`): its
    revisions (how many, the latest change), the decisions that approve it (how many, the
    latest change of one, of their meetings and of those meetings' forums) and how many of
    those meetings have approved minutes (the status changes without a change time)."""
    from komplan.meetings.models import Decision, MinutesStatus

    decisions = Decision.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    approved = decisions.filter(meeting__minutes_status=MinutesStatus.JUSTERED)
    return [
        count_of(Revision),
        latest_change(Revision),
        count_of(Decision),
        latest_change(Decision),
        Subquery(decisions.annotate(t=Max("meeting__updated_at")).values("t")),
        Subquery(decisions.annotate(t=Max("meeting__forum__updated_at")).values("t")),
        Coalesce(Subquery(approved.annotate(n=Count("pk")).values("n")), 0),
    ]


def _decision_comment(plan: Plan, decision: Any) -> str:
    with override(plan.language):
        return _("Decision of %(forum)s, %(meeting)s: %(text)s") % {
            "forum": decision.meeting.forum.name,
            "meeting": decision.meeting.display_title,
            "text": decision.text,
        }


def record_imported_revisions(plan: Plan, rows: Any, *, user: Any = None) -> int:
    """Keep the revision table of an imported document as the new plan's first revisions.

    `rows` have `version`, `date` (text as written), `comment` and `changed_by`. A date komplan
    cannot read as a day takes the row before's (or today's) and keeps its words in the
    comment, so that nothing the document said is lost."""
    from komplan.plans.periods import parse_period

    made: list[Revision] = []
    previous = timezone.localdate()
    for row in rows:
        text = (row.date or "").strip()
        period = parse_period(text, plan.language) if text else None
        day = period.start if period is not None and period.precision == "day" else None
        comment = (row.comment or "").strip()
        if text and day is None:
            comment = f"{comment} ({text})".strip()
        day = day or (made[-1].date if made else previous)
        made.append(
            Revision(
                plan=plan,
                version=(row.version or "")[:20],
                date=day,
                comment=comment,
                changed_by=(row.changed_by or "")[:300],
                kind=RevisionKind.IMPORTED,
                user=user if person(user) else None,
            )
        )
    Revision.objects.bulk_create(made)
    return len(made)
