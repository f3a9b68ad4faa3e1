"""Fixtures for the document tests: the demo plan of Norrviks kommun, in each plan language,
and a plan full of hostile text."""

from __future__ import annotations

from typing import Any

import pytest

from komplan.plans.models import Activity, ActivityStatus, Channel, Message, TargetGroup
from komplan.plans.planjson import plan_to_json

LANGUAGES = ["sv", "da", "nb", "en"]

# Every kind of text that has broken a document format somewhere.
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 8
HOSTILE_PIECES = [
    LONG_WORD,
    "rad ett\nrad två\r\nrad tre\n\nnytt stycke",
    '<script>alert("x")</script> & <b>"citat"</b> \'apostrof\'',
    "Emoji 🎉👩🏽‍💻🇸🇪 och ✅",
    "مرحبا بكم في نورفيك",  # Arabic
    "שלום לכולם",  # Hebrew
    # No NUL: PostgreSQL refuses to store one, and komplan's forms refuse it with a message.
    "kontroll\x0btecken\x1bescape\x07klocka\x7fdel",
    '=HYPERLINK("http://example.invalid","klicka")',
    "\u202eomvänd text\u202c",
]
HOSTILE = " · ".join(HOSTILE_PIECES)
HUGE = ("Lång beskrivning med många ord. " * 320)[:10_000]


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def demo_json(demo_plan: Any, language: str) -> dict[str, Any]:
    """The demo plan in `language`: its content stays Swedish, its document labels change."""
    demo_plan.language = language
    demo_plan.save()
    return plan_to_json(demo_plan)


@pytest.fixture
def hostile_json(demo_plan: Any) -> dict[str, Any]:
    """The demo plan with hostile text in every name and text, done activities, and a
    10,000-character text in the background and the first entry of each register."""
    plan = demo_plan
    plan.name = f"Plan {HOSTILE}"[:300]  # as long as the field holds (PostgreSQL checks)
    plan.background = f"{HOSTILE}\n\n{HUGE}"
    plan.purpose = HOSTILE
    plan.client = HOSTILE[:300]
    plan.save()

    def long(n: int) -> str:
        return f"{HOSTILE}\n\n{HUGE}" if n == 0 else HOSTILE

    for model in (TargetGroup, Channel):
        for n, entry in enumerate(model.objects.filter(plan=plan).order_by("position")):
            entry.name = f"{entry.name} {HOSTILE}"[:300]
            entry.description = long(n)
            entry.save()
    for n, message in enumerate(Message.objects.filter(plan=plan).order_by("position")):
        message.text = f"{message.text} {HOSTILE}"
        message.clarification = long(n)
        message.save()
    for n, activity in enumerate(Activity.objects.filter(plan=plan).order_by("position")):
        activity.title = f"{activity.title} {HOSTILE}"[:500]
        activity.description = long(n)
        activity.responsible = HOSTILE[:200]
        activity.time_text = f"{activity.time_text} {HOSTILE}"[:200]
        activity.save()
    Activity.objects.filter(plan=plan).update(status=ActivityStatus.DONE)
    return plan_to_json(plan)


def with_activities(data: dict[str, Any], total: int) -> tuple[dict[str, Any], list[str]]:
    """Plan JSON `data` grown to `total` activities, copies of its own titled "Aktivitet nr
    0001" onwards (in the plan's order), and those titles."""
    import copy

    grown = copy.deepcopy(data)
    real = grown["activities"]
    titles = [f"Aktivitet nr {n:04d}" for n in range(1, total + 1)]
    activities = []
    for n, title in enumerate(titles):
        activity = copy.deepcopy(real[n % len(real)])
        activity["key"] = f"activity-{n + 1}"
        activity["title"] = title
        activities.append(activity)
    grown["activities"] = activities
    return grown, titles
