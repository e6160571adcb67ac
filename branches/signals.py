from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission

from branches.roles import sync_roles


def sync_roles_after_migrate(sender, **kwargs):
    """Keep the roles' permissions in step with the models after a migrate.

    post_migrate is sent once per app, and each app's permissions are created
    in its own round, so the roles are synchronised in the last app's round.
    A flush between tests also sends it, which recreates the roles.
    """
    last_app = list(global_apps.get_app_configs())[-1]
    if sender.label != last_app.label:
        return
    sync_roles(Group, Permission)
