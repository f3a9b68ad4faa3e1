"""What a plan's kept documents and its coverage are keyed by: the documents (and plan JSON)
are made anew when anything they carry changes, the engagement and contacts parts and the new
registers included; an interaction changes coverage but not the documents, which do not show
interactions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from komplan.exports.documents import document_stamp
from komplan.people.models import Contact, Engagement, Interaction
from komplan.plans.coverage_display import content_key
from komplan.plans.models import Risk, TargetGroup
from tests.factories import fill_plan, make_organization, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Any:
    plan = make_plan(make_organization())
    fill_plan(plan)
    return plan


def _group(plan: Any) -> TargetGroup:
    return TargetGroup.objects.filter(plan=plan).first()  # type: ignore[return-value]


def test_setting_a_groups_engagement_makes_the_documents_anew(plan: Any) -> None:
    before = document_stamp(plan)
    Engagement.objects.create(group=_group(plan), current=2, desired=4, influence=3, interest=3)
    assert document_stamp(plan) != before


def test_linking_a_contact_to_a_group_makes_the_documents_anew(plan: Any) -> None:
    contact = Contact.objects.create(organization=plan.organization, name="Karin Ek")
    before = document_stamp(plan)
    contact.groups.add(_group(plan))
    assert document_stamp(plan) != before


def test_adding_a_risk_makes_the_documents_anew(plan: Any) -> None:
    before = document_stamp(plan)
    Risk.objects.create(plan=plan, text="Taxorna missförstås.", likelihood=3, consequence=4)
    assert document_stamp(plan) != before


def test_an_interaction_changes_coverage_but_not_the_documents(plan: Any) -> None:
    documents, coverage = document_stamp(plan), content_key(plan, "coverage")
    interaction = Interaction.objects.create(
        organization=plan.organization, day=dt.date(2026, 3, 1), subject="Möte"
    )
    interaction.groups.add(_group(plan))
    assert content_key(plan, "coverage") != coverage
    assert document_stamp(plan) == documents
