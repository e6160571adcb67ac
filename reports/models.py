from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerReport(models.Model):
    """No table: the holder of the report permissions.

    Viewing the Customer List report and exporting it (PDF, XLSX, CSV) are
    separate permissions, so a role may look without taking data away.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_customer_report", _("Can view the customer list report")),
            ("export_customer_report", _("Can print and export the customer list")),
        ]

    def __str__(self):
        return str(_("Customer list report"))
