"""No two questions of a survey share a place (`core.ordering.unique_positions`)."""

import django.db.models.constraints
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_question_positions"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(
                deferrable=django.db.models.constraints.Deferrable["DEFERRED"],
                fields=("survey", "position"),
                name="surveys_question_unique_position",
            ),
        ),
    ]
