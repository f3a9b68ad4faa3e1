"""When each step of a cascade is reached by one released material: pure, no database.

`schedule(steps, release=…, phase=…, meetings=…, overrides=…)` dates every step of a
cascade for a material released on `release`. The rules:

- **Order.** Steps form a forest: a step without a parent is reached from the release, a
  step with one comes after it. Siblings are parallel branches: nothing orders them.
- **How.** A step reached at a forum's *next meeting* takes the first meeting of its forum
  on or after its base day plus its lead time (`meetings` lists each forum's meeting days
  with the meeting's id); with no such meeting the step has no date yet ("no meeting
  planned"). Every other way (written briefing, intranet news, post) takes its base day
  plus its lead time.
- **Base day.** A delegated step ("HMU informs its LMUs") is the parent's to pass on: its
  base is the parent's day. Any other step is the communicator's: its base is the release.
  Either way a step is **never dated before its parent**: its day is at least the parent's,
  and a step whose parent has no date has none either.
- **Phases.** A step used "from phase N" is skipped for a material of an earlier phase; one
  used "from date X" is skipped for a material released before X. What hangs below a skipped
  step is skipped with it.
- **Override ("send now").** An override dates its step on the override's day, with who and
  why. To keep the order, every ancestor dated later (or not at all) is pulled to the same
  day and carries the same override record; what hangs below follows as usual. An override
  without a name or a reason is refused (ValueError): **an override is always recorded**.

The core works on tuples and dataclasses so that it can be tested with hypothesis and
benchmarked without a database; `komplan.cascade.services` loads the data and writes the
answer.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "HOW",
    "Dated",
    "Override",
    "StepSpec",
    "is_overdue",
    "lag_days",
    "schedule",
    "step_state",
]

How = Literal["meeting", "written", "intranet", "post"]
HOW: Final[tuple[str, ...]] = ("meeting", "written", "intranet", "post")
Reason = Literal["meeting", "lead", "delegated", "override", "pulled", "no_meeting", "skipped"]


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One step as scheduling needs it; `forum_id` only matters for a meeting step."""

    id: int
    parent_id: int | None = None
    how: str = "written"
    delegated: bool = False
    lead_days: int = 0
    forum_id: int | None = None
    from_phase: int | None = None
    from_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Override:
    """A step sent on `day` out of its turn, by `who`, because `why`."""

    step_id: int
    day: dt.date
    who: str
    why: str


@dataclass(frozen=True, slots=True)
class Dated:
    """A step's day for one material (None: not yet known), the meeting that reaches it,
    why it has that day, and the override that set or pulled it."""

    step_id: int
    day: dt.date | None
    reason: Reason
    meeting_id: int | None = None
    override: Override | None = None

    @property
    def skipped(self) -> bool:
        return self.reason == "skipped"


def schedule(
    steps: Sequence[StepSpec],
    *,
    release: dt.date,
    phase: int = 1,
    meetings: Mapping[int, Sequence[tuple[dt.date, int]]] | None = None,
    overrides: Iterable[Override] = (),
) -> dict[int, Dated]:
    """Every step's `Dated` for a material of `phase` released on `release`, by step id.
    `meetings[forum_id]` must be sorted by day. A parent id that names no step counts as no
    parent; a loop of parents is cut where it closes (its first step read counts as a root)."""
    meetings = meetings or {}
    by_id = {step.id: step for step in steps}
    ordered = _parents_first(steps, by_id)
    chosen: dict[int, Override] = {}
    for override in overrides:
        if not override.who.strip() or not override.why.strip():
            raise ValueError(f"the override of step {override.step_id} needs who and why")
        if override.step_id in by_id:
            chosen[override.step_id] = override
    # The earliest override below (or at) each step: it pulls the step no later than that.
    caps: dict[int, Override] = {}
    for override in chosen.values():
        seen: set[int] = set()
        node: int | None = override.step_id
        while node is not None and node in by_id and node not in seen:
            seen.add(node)
            if node not in caps or override.day < caps[node].day:
                caps[node] = override
            node = ordered.parent.get(node)
    result: dict[int, Dated] = {}
    for step in ordered.steps:
        parent = result.get(ordered.parent[step.id]) if ordered.parent[step.id] else None
        result[step.id] = _date(step, parent, release, phase, meetings, chosen, caps)
    return result


def _date(
    step: StepSpec,
    parent: Dated | None,
    release: dt.date,
    phase: int,
    meetings: Mapping[int, Sequence[tuple[dt.date, int]]],
    chosen: Mapping[int, Override],
    caps: Mapping[int, Override],
) -> Dated:
    own = chosen.get(step.id)
    if (
        (parent is not None and parent.skipped)
        or (step.from_phase is not None and phase < step.from_phase)
        or (step.from_date is not None and release < step.from_date)
    ):
        return Dated(step.id, None, "skipped", override=own)
    computed = _computed(step, parent, release, meetings)
    cap = caps.get(step.id)
    if own is not None:
        day = own.day if cap is None else min(own.day, cap.day)
        return Dated(step.id, day, "override", override=own)
    if cap is not None and (computed.day is None or cap.day < computed.day):
        return Dated(step.id, cap.day, "pulled", override=cap)
    return computed


def _computed(
    step: StepSpec,
    parent: Dated | None,
    release: dt.date,
    meetings: Mapping[int, Sequence[tuple[dt.date, int]]],
) -> Dated:
    if parent is not None and parent.day is None:
        return Dated(step.id, None, "no_meeting")
    floor = parent.day if parent is not None else None
    base = floor if step.delegated and floor is not None else release
    earliest = base + dt.timedelta(days=max(step.lead_days, 0))
    if floor is not None and earliest < floor:
        earliest = floor
    if step.how == "meeting" and step.forum_id is not None:
        days = meetings.get(step.forum_id, ())
        at = bisect.bisect_left(days, (earliest, -1))
        if at == len(days):
            return Dated(step.id, None, "no_meeting")
        day, meeting_id = days[at]
        return Dated(step.id, day, "meeting", meeting_id=meeting_id)
    return Dated(step.id, earliest, "delegated" if step.delegated and floor else "lead")


@dataclass(frozen=True, slots=True)
class _Ordered:
    steps: list[StepSpec]
    parent: dict[int, int | None]


def _parents_first(steps: Sequence[StepSpec], by_id: Mapping[int, StepSpec]) -> _Ordered:
    """The steps with every parent before its children (in the given order otherwise), and
    each step's effective parent: unknown parents and the link that closes a loop are cut."""
    parent: dict[int, int | None] = {}
    children: dict[int | None, list[StepSpec]] = {}
    for step in steps:
        p = step.parent_id if step.parent_id in by_id and step.parent_id != step.id else None
        parent[step.id] = p
    # Cut loops: walk up from each step; a step met twice on one walk loses its parent.
    done: set[int] = set()
    for step in steps:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = step.id
        while node is not None and node not in done:
            if node in on_path:
                parent[node] = None
                break
            on_path.add(node)
            path.append(node)
            node = parent[node]
        done.update(path)
    for step in steps:
        children.setdefault(parent[step.id], []).append(step)
    ordered: list[StepSpec] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        step = stack.pop()
        ordered.append(step)
        stack.extend(reversed(children.get(step.id, [])))
    return _Ordered(ordered, parent)


# --- tracking ---------------------------------------------------------------------------------

State = Literal["planned", "sent", "confirmed"]


def step_state(recorded: str, *, meeting_held: bool = False) -> str:
    """What a step's state is: as the responsible marked it, or confirmed once the meeting
    whose agenda carries the material has approved minutes."""
    if meeting_held and recorded != "confirmed":
        return "confirmed"
    return recorded


def is_overdue(state: str, day: dt.date | None, today: dt.date) -> bool:
    """A step is overdue when its day has passed and nobody has sent it yet."""
    return state == "planned" and day is not None and day < today


def lag_days(approved_on: dt.date | None, reached: Iterable[dt.date]) -> int | None:
    """Days from the approval to the last step reached so far; None before either."""
    days = list(reached)
    if approved_on is None or not days:
        return None
    return (max(days) - approved_on).days
