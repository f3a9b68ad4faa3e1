"""The plan schema describes every field of the plan and its registers exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.test.utils import isolate_apps

from komplan.plans import schema
from komplan.plans.models import Activity, Plan, TargetGroup


def model_fields(model: type[models.Model]) -> set[str]:
    """The fields a row of `model` holds: concrete columns and its own many-to-many links."""
    return {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not (f.auto_created and not f.concrete)
    }


MODELS = [Plan, *(register.model for register in schema.REGISTERS)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_plan_and_its_registers_is_described(model: Any) -> None:
    undescribed = model_fields(model) - set(schema.described_fields(model))
    assert not undescribed, (
        f"{model.__name__} has fields the plan schema neither includes nor excludes: "
        f"{sorted(undescribed)}; describe them in komplan/plans/schema.py"
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_schema_names_no_field_the_model_lacks(model: Any) -> None:
    assert set(schema.described_fields(model)) - model_fields(model) == set()


@isolate_apps("komplan.plans")
def test_a_new_field_on_a_register_fails_the_check() -> None:
    class Extra(TargetGroup):
        mood = models.CharField(max_length=20)

        class Meta:
            app_label = "plans"

    assert "mood" in model_fields(Extra) - set(schema.described_fields(TargetGroup))


def test_each_field_is_described_once() -> None:
    for register in schema.REGISTERS:
        names = [f.name for f in register.fields]
        assert len(names) == len(set(names)), register.slug
        assert not set(names) & schema.ENTRY_BOOKKEEPING


def test_references_point_at_registers_written_before_or_at_their_own() -> None:
    order = [register.slug for register in schema.REGISTERS]
    for register in schema.REGISTERS:
        for ref in register.refs:
            assert order.index(ref.register) <= order.index(register.slug), ref


def test_references_match_the_models_relations() -> None:
    for register in schema.REGISTERS:
        for ref in register.refs:
            field = register.model._meta.get_field(ref.name)
            assert field.many_to_many == ref.many, ref
            assert field.related_model is schema.by_slug(ref.register).model, ref


def test_lengths_come_from_the_models() -> None:
    assert schema.by_slug("activities").max_length("title") == 500
    assert schema.clip(Activity, "title", "x" * 600) == "x" * 500
    assert schema.FACTS.max_length("name") == Plan._meta.get_field("name").max_length
    assert schema.by_slug("messages").max_length("text") is None
