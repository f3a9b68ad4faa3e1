"""A survey's questions keep their places like the plan's entries (`core.ordering`): 1..N,
each once. Questions written before counted from 0: renumber them in their order, before
the unique constraint (0003, a migration of its own as in meetings: on PostgreSQL a table
with pending updates cannot be altered in the same transaction)."""

from django.db import migrations, models

from komplan.core.ordering import renumber_positions


def renumber(apps, schema_editor):
    renumber_positions(apps.get_model("surveys", "Question"), "survey")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="question",
            options={
                "ordering": ["position", "pk"],
                "verbose_name": "question",
                "verbose_name_plural": "questions",
            },
        ),
        migrations.AlterField(
            model_name="question",
            name="position",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
