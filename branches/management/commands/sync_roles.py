from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from branches.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the Front desk, Branch manager and Administrator roles."

    def handle(self, *args, **options):
        sync_roles(Group, Permission)
        self.stdout.write("Roles are up to date.")
