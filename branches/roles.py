"""Roles as Django groups, each with a fixed list of permissions.

`sync_roles` creates or updates the groups; data migrations call it after
adding models, and `manage.py sync_roles` runs it by hand. A permission
named here whose model does not exist yet is skipped.
"""

FRONT_DESK = "Front desk"
BRANCH_MANAGER = "Branch manager"
ADMINISTRATOR = "Administrator"

FRONT_DESK_PERMISSIONS = [
    "customers.view_customer",
    "customers.add_customer",
    "customers.change_customer",
    "customers.delete_customer",
    "customers.publish_customer",
    "customers.view_customergroup",
    "sales.view_appointment",
    "sales.add_appointment",
    "sales.change_appointment",
    "sales.delete_appointment",
    "sales.view_openingbalance",
    "sales.add_openingbalance",
    "sales.change_openingbalance",
    "sales.view_item",
    "sales.add_prepaidledgerentry",
    "sales.view_prepaidledgerentry",
    "sales.add_duepayment",
    "sales.view_duepayment",
    "reports.view_customer_report",
    "reports.export_customer_report",
    "customers.view_programme",
    "customers.add_enrolment",
    "customers.view_enrolment",
    "customers.start_kiosk",
    "customers.review_selfentry",
]

BRANCH_MANAGER_PERMISSIONS = FRONT_DESK_PERMISSIONS + [
    "branches.view_branch",
    "branches.change_branch_preference",
    "customers.add_customergroup",
    "customers.change_customergroup",
    "customers.delete_customergroup",
    "customers.view_codesequence",
    "customers.add_codesequence",
    "customers.change_codesequence",
    "customers.add_programme",
    "customers.change_programme",
    "customers.delete_programme",
    "sales.add_item",
    "sales.change_item",
    "customers.import_customers",
    "audit.add_anonymisation",
    "audit.view_anonymisation",
    "audit.export_personal_data",
]

ROLES = {
    FRONT_DESK: FRONT_DESK_PERMISSIONS,
    BRANCH_MANAGER: BRANCH_MANAGER_PERMISSIONS,
}


def sync_roles(group_model, permission_model):
    """Give each role exactly its listed permissions; Administrator gets all."""
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, names in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set([by_name[name] for name in names if name in by_name])
    administrator, _ = group_model.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(list(by_name.values()))
