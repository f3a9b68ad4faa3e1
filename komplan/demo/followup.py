"""The demo plan's follow-up (invented figures): how each goal is measured and a few
measurements, so the goal pages and the follow-up page have something to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from komplan.accounts.models import User
from komplan.followup.models import Indicator, Measurement, Method
from komplan.plans.models import Plan

D = dt.date
# Per goal, in the plan's order: baseline and (date, value, source, comment) measurements.
MEASUREMENTS: list[tuple[Decimal, list[tuple[dt.date, int, str, str]]]] = [
    (
        Decimal(0),
        [
            (D(2026, 4, 30), 8, "Bokningssystemets statistik", "Pilot i två skolor"),
            (D(2026, 8, 31), 21, "Bokningssystemets statistik", ""),
            (D(2026, 11, 30), 34, "Bokningssystemets statistik", "Efter höstens kampanj"),
        ],
    ),
    (
        Decimal(0),
        [
            (D(2026, 5, 15), 20, "Utbildningsregistret", "Första omgången"),
            (D(2026, 10, 15), 45, "Utbildningsregistret", ""),
        ],
    ),
    (
        Decimal(0),
        [
            (D(2026, 6, 30), 40, "Kontoregistret", ""),
            (D(2026, 9, 30), 95, "Kontoregistret", "Föreningsträffen gav många nya konton"),
        ],
    ),
    (
        Decimal(0),
        [(D(2026, 9, 30), 5, "Servicecentrets samtalslogg", "Jämfört med samma månad 2025")],
    ),
]


def demo_followup_create(plan: Plan, anna: User) -> None:
    """Give the plan's goals entered indicators with the measurements above."""
    for goal, (baseline, rows) in zip(plan.goals.order_by("position"), MEASUREMENTS, strict=False):
        indicator = Indicator.objects.create(
            goal=goal, method=Method.ENTERED, baseline=baseline, updated_by=anna
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                date=day,
                value=value,
                source=source,
                comment=comment,
                updated_by=anna,
            )
            for day, value, source, comment in rows
        )
