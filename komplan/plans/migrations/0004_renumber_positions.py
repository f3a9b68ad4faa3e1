# Concurrent adds and moves, before the plan's row lock, left repeated positions (two messages
# numbered 6) and gaps. Number each plan's entries 1..N in their order before the unique
# constraint (0005) makes a repeat impossible.

from django.db import migrations

from komplan.core.ordering import renumber_positions

REGISTERS = ["PriorityTier", "TargetGroup", "Message", "Channel", "Activity", "Goal"]


def renumber(apps, schema_editor):
    for name in REGISTERS:
        renumber_positions(apps.get_model("plans", name), "plan")


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0003_plan_position_indexes'),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]
