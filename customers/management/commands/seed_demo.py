"""Load demo data: branches with sharing, groups, customers, appointments, users.

Running it again adds only what is missing, so it is safe to repeat.
"""

import datetime
import random

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from branches.models import Branch, StaffMembership
from branches.roles import ADMINISTRATOR, BRANCH_MANAGER, FRONT_DESK
from customers import demo_data
from customers.models import CodeSequence, Customer, CustomerGroup
from sales.models import Appointment

DEMO_PASSWORD = "wess-demo-2026"
SEED = 20261204

BRANCHES = [
    # code, name, country, address, phone
    ("ORC", "Orchard", "SG", "391 Orchard Road, Singapore 238872", "+65 6733 1122"),
    (
        "TAM",
        "Tampines",
        "SG",
        "4 Tampines Central 5, Singapore 529510",
        "+65 6788 2211",
    ),
    (
        "KL",
        "Kuala Lumpur",
        "MY",
        "168 Jalan Bukit Bintang, 55100 Kuala Lumpur",
        "+60 3-2141 8888",
    ),
    (
        "JB",
        "Johor Bahru",
        "MY",
        "106 Jalan Wong Ah Fook, 80000 Johor Bahru",
        "+60 7-222 3344",
    ),
]
# (sharing branch, receiving branch): ORC and TAM share both ways; KL shares
# with JB; JB shares with nobody, so KL cannot see JB's customers.
SHARING = [("ORC", "TAM"), ("TAM", "ORC"), ("KL", "JB")]
GROUPS = [
    ("Walk-in", "Customers without a package", None),
    ("Silver", "Silver membership", 365),
    ("Gold", "Gold membership", 365),
    ("Platinum", "Platinum membership", 730),
    ("Slimming programme", "Customers on a slimming programme", 180),
]
TREATMENTS = [
    "Facial - Hydrating",
    "Aromatherapy massage",
    "Body scrub",
    "Slimming wrap",
    "Eyebrow threading",
    "Hair spa",
    "Manicure",
    "Foot reflexology",
]
STAFF = ["Amy", "Siti", "Kavitha", "Mei Ling", "Grace", "Nurul"]


class Command(BaseCommand):
    help = "Load idempotent demo data for WESS (branches, customers, users)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--customers",
            type=int,
            default=2000,
            help="Number of demo customers to have (default 2000).",
        )

    def handle(self, *args, customers, **options):
        if customers < 0:
            self.stderr.write("--customers must be 0 or more.")
            return
        rng = random.Random(SEED)
        with transaction.atomic():
            branches = self.create_branches()
            groups = self.create_groups()
            created = self.create_customers(rng, branches, groups, customers)
            appointments = self.create_appointments(rng, branches)
            self.create_users(branches)
            self.extend(rng, branches)
        self.stdout.write(
            f"Demo data ready: {len(branches)} branches, {created} new customers, "
            f"{appointments} new appointments."
        )
        self.stdout.write(
            f"Log in as admin, manager or frontdesk with password {DEMO_PASSWORD}"
        )

    def extend(self, rng, branches):
        """Hook for the other apps' demo data (items, balances, programmes)."""
        from customers.programmes.demo import seed_programmes_demo  # noqa: PLC0415
        from sales.demo import seed_sales_demo  # noqa: PLC0415

        seed_sales_demo(rng, branches, stdout=self.stdout)
        seed_programmes_demo(stdout=self.stdout)

    def create_branches(self):
        branches = {}
        for code, name, _country, address, phone in BRANCHES:
            branch, _ = Branch.objects.get_or_create(
                code=code, defaults={"name": name, "address": address, "phone": phone}
            )
            branches[code] = branch
        for giver, receiver in SHARING:
            branches[giver].shares_customers_with.add(branches[receiver])
        CodeSequence.objects.get_or_create(
            branch=branches["KL"], defaults={"prefix": "{branch}-", "digits": 6}
        )
        return branches

    def create_groups(self):
        groups = []
        for name, description, validity in GROUPS:
            group, _ = CustomerGroup.objects.get_or_create(
                name=name,
                defaults={"description": description, "validity_days": validity},
            )
            groups.append(group)
        return groups

    def create_customers(self, rng, branches, groups, wanted):
        codes = [f"D{serial:06d}" for serial in range(1, wanted + 1)]
        existing = set(
            Customer.objects.filter(code__in=codes).values_list("code", flat=True)
        )
        country_of = {code: country for code, _n, country, _a, _p in BRANCHES}
        branch_list = list(branches.values())
        today = timezone.localdate()
        batch = []
        for serial, code in enumerate(codes, start=1):
            # Draw every value even for existing rows, so a rerun with a larger
            # --customers gives the same people to the same codes.
            branch = rng.choice(branch_list)
            country = country_of[branch.code]
            name, gender = demo_data.person_name(rng)
            customer = Customer(
                code=code,
                name=name,
                gender=gender,
                date_of_birth=today
                - datetime.timedelta(days=rng.randrange(18 * 365, 70 * 365)),
                identity_number=demo_data.identity_number(rng, country, serial),
                mobile=demo_data.mobile_number(rng, country),
                telephone=""
                if rng.random() < 0.7
                else demo_data.mobile_number(rng, country),
                email=demo_data.email_for(rng, name, serial),
                address=demo_data.address_for(rng, country),
                group=rng.choice(groups) if rng.random() < 0.8 else None,
                home_branch=branch,
                join_date=today - datetime.timedelta(days=rng.randrange(0, 5 * 365)),
                referral_source=rng.choice(demo_data.REFERRALS),
                occupation=rng.choice(demo_data.OCCUPATIONS),
                marketing_consent=rng.random() < 0.5,
                is_published=rng.random() >= 0.1,
            )
            if code in existing:
                continue
            customer.refresh_derived_fields()
            customer.group_assigned_on = customer.join_date if customer.group else None
            batch.append(customer)
        Customer.objects.bulk_create(batch, batch_size=1000)
        return len(batch)

    def create_appointments(self, rng, branches):
        if Appointment.objects.filter(staff_name__in=STAFF).exists():
            return 0
        customers = list(
            Customer.objects.filter(code__startswith="D").order_by("pk")[:400]
        )
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        appointments = []
        for customer in customers[: max(len(customers) * 3 // 4, 0)]:
            start = now + datetime.timedelta(hours=rng.randrange(-24 * 60, 24 * 14))
            appointments.append(
                Appointment(
                    customer=customer,
                    branch=customer.home_branch,
                    start=start,
                    item=rng.choice(TREATMENTS),
                    staff_name=rng.choice(STAFF),
                    status=(
                        Appointment.Status.COMPLETED
                        if start < now
                        else Appointment.Status.BOOKED
                    ),
                )
            )
        Appointment.objects.bulk_create(appointments)
        return len(appointments)

    def create_users(self, branches):
        roles = {
            name: Group.objects.get(name=name)
            for name in (FRONT_DESK, BRANCH_MANAGER, ADMINISTRATOR)
        }
        users = [
            ("admin", ADMINISTRATOR, None, True),
            ("manager", BRANCH_MANAGER, ["ORC", "TAM"], False),
            ("frontdesk", FRONT_DESK, ["ORC"], False),
        ]
        for username, role, branch_codes, is_admin in users:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
            user.is_staff = is_admin
            user.is_superuser = is_admin
            user.save()
            user.groups.add(roles[role])
            membership, _ = StaffMembership.objects.get_or_create(user=user)
            membership.all_branches = branch_codes is None
            membership.save()
            if branch_codes:
                membership.branches.set([branches[code] for code in branch_codes])
