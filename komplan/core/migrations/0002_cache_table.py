"""The database cache's table, made by `migrate` itself.

Without Redis komplan caches in the database (settings.CACHES, table `komplan_cache`). Django
makes that table with a command of its own, `createcachetable`, that a deployment can forget:
every page then fails with "no such table: komplan_cache". Running the command from a migration
makes `komplan migrate` enough. It does nothing when the cache is not a database cache (Redis) or
its table is there already, and is safe to run again.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):  # type: ignore[no-untyped-def]
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
