# Number each meeting's agenda items 1..N in their order (repairing repeats that concurrent
# adds could leave) before the unique constraint (0003) makes a repeat impossible.

from django.db import migrations

from komplan.core.ordering import renumber_positions


def renumber(apps, schema_editor):
    renumber_positions(apps.get_model("meetings", "AgendaItem"), "meeting")


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
