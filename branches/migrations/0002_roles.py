from django.contrib.auth.management import create_permissions
from django.db import migrations

from branches.roles import sync_roles


def create_roles(apps, schema_editor):
    # Permissions normally appear after migrate; create them now so the roles
    # can be given theirs in this migration.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("branches", "0001_initial"),
        ("customers", "0001_initial"),
        ("sales", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
