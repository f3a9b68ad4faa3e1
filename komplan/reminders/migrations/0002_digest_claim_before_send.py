"""A digest's row is claimed before the email is sent and marked sent after: the old rows'
time becomes the claim's, and they were sent then."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def mark_sent(apps, schema_editor):
    apps.get_model("reminders", "DigestSent").objects.update(sent_at=F("claimed_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="digestsent", old_name="sent_at", new_name="claimed_at"),
        migrations.AlterField(
            model_name="digestsent",
            name="claimed_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="digestsent",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_sent, migrations.RunPython.noop),
    ]
