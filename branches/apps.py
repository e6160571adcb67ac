from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BranchesConfig(AppConfig):
    name = "branches"

    def ready(self):
        from branches.signals import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="wess_sync_roles")
