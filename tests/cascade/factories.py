"""A fictional region's cascade for tests: the steering group approves, the management circle
hears it at its monthly meeting, the main committee is briefed in writing and passes it on to
its local committees, the networks get the same briefing in parallel, the intranet carries it,
and Facebook joins from phase 2."""

from __future__ import annotations

import datetime as dt
from typing import Any

from komplan.cascade.models import CascadeSettings, How, Material, MaterialAttachment, Step
from komplan.meetings.models import Forum, ForumMember, MeetingRole
from komplan.plans.models import Channel, Plan, TargetGroup
from tests.meetings.factories import make_meeting

FIRST_MEETING = dt.date(2026, 10, 20)


def make_cascade(plan: Plan, *, meetings_from: dt.date = FIRST_MEETING) -> dict[str, Any]:
    organization = plan.organization
    steering = Forum.objects.create(organization=organization, name="Styregruppen")
    ForumMember.objects.create(forum=steering, name="Mette Lund", role=MeetingRole.CHAIR)
    circle = Forum.objects.create(organization=organization, name="Ledelseskredsen")
    hmu = Forum.objects.create(organization=organization, name="Hovedudvalget (HMU)")
    meetings = [
        make_meeting(circle, date=meetings_from + dt.timedelta(days=28 * n)) for n in range(3)
    ]
    steering_meeting = make_meeting(steering, date=meetings_from - dt.timedelta(days=7))
    CascadeSettings.objects.create(plan=plan, approving_forum=steering)
    lmu = TargetGroup.objects.create(plan=plan, name="Lokaludvalgene (LMU)")
    networks = TargetGroup.objects.create(plan=plan, name="Faglige netværk")
    intranet = Channel.objects.create(plan=plan, name="Intranettet")
    facebook = Channel.objects.create(plan=plan, name="Facebook")
    steps = {}
    steps["circle"] = Step.objects.create(plan=plan, forum=circle, how=How.MEETING)
    steps["hmu"] = Step.objects.create(
        plan=plan, forum=hmu, how=How.WRITTEN, lead_days=2, responsible="Kommunikation"
    )
    steps["lmu"] = Step.objects.create(
        plan=plan,
        group=lmu,
        how=How.WRITTEN,
        after=steps["hmu"],
        delegated=True,
        lead_days=5,
        responsible="HMU's formand",
    )
    steps["networks"] = Step.objects.create(plan=plan, group=networks, how=How.WRITTEN, lead_days=2)
    steps["intranet"] = Step.objects.create(
        plan=plan, channel=intranet, how=How.INTRANET, lead_days=1, after=steps["circle"]
    )
    steps["facebook"] = Step.objects.create(
        plan=plan, channel=facebook, how=How.INTRANET, from_phase=2
    )
    return {
        "steering": steering,
        "steering_meeting": steering_meeting,
        "circle": circle,
        "hmu": hmu,
        "meetings": meetings,
        "steps": steps,
        "groups": (lmu, networks),
    }


def make_material(plan: Plan, title: str = "Status på udbuddet", **fields: Any) -> Material:
    fields.setdefault("text", "Udbuddet er sendt ud; tilbud ventes i november.")
    return Material.objects.create(plan=plan, title=title, **fields)


def make_material_attachment(
    material: Material, name: str = "Lägesrapport.pdf"
) -> MaterialAttachment:
    from django.core.files.base import ContentFile

    from tests.meetings.factories import PDF_BYTES

    return MaterialAttachment.objects.create(
        material=material,
        file=ContentFile(PDF_BYTES, name=name),
        name=name,
        size=len(PDF_BYTES),
        kind="pdf",
    )
