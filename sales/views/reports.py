"""The inter-branch redemption report screen."""

from django.views.generic import TemplateView

from branches.models import Branch
from sales.forms import InterBranchReportForm
from sales.models import ZERO
from sales.reports import inter_branch_redemptions
from sales.tables import InterBranchTable
from wess.listing import configure_table
from wess.views import StaffMixin


class InterBranchReportView(StaffMixin, TemplateView):
    """Per pair of branches, the prepaid units one redeemed that the other sold.

    Shows the pairs with a branch the user works at on either side.
    """

    permission_required = "sales.view_prepaidledgerentry"
    template_name = "sales/inter_branch_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InterBranchReportForm(self.request.GET or None)
        date_from, date_to = form.period()
        rows = inter_branch_redemptions(
            date_from, date_to, Branch.objects.for_user(self.request.user)
        )
        table = configure_table(self.request, InterBranchTable(rows))
        context.update(
            form=form,
            date_from=date_from,
            date_to=date_to,
            table=table,
            total_quantity=sum(row["quantity"] for row in rows),
            total_value=sum((row["value"] for row in rows), ZERO),
        )
        return context
