"""Screens for privacy requests: anonymise a customer, export their data."""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from weasyprint import HTML

from customers.guard import find_blockers
from customers.models import Customer
from customers.privacy import (
    anonymise_customer,
    is_anonymised,
    personal_data,
    profile_rows,
)
from reports.pdf import BASE_URL, StaticOnlyURLFetcher
from wess.views import StaffMixin


class CustomerRequestMixin(StaffMixin):
    """Looks the customer up through branch visibility: 404 outside it."""

    def get_customer(self):
        customers = Customer.objects.visible_at(self.request.branch).select_related(
            "group", "home_branch"
        )
        return get_object_or_404(customers, pk=self.kwargs["customer_id"])


class AnonymiseView(CustomerRequestMixin, View):
    """A confirmation page, then the anonymisation in one transaction."""

    permission_required = "audit.add_anonymisation"

    def get(self, request, customer_id):
        customer = self.get_customer()
        return render(
            request,
            "customers/customer_anonymise.html",
            {
                "customer": customer,
                "done": is_anonymised(customer),
                "blockers": find_blockers([customer.pk]).get(customer.pk, []),
            },
        )

    def post(self, request, customer_id):
        customer = self.get_customer()
        if is_anonymised(customer):
            messages.info(request, _("This customer is already anonymised."))
            return redirect("customers:detail", customer.pk)
        if request.POST.get("confirm") != "yes":
            return redirect("customers:anonymise", customer.pk)

        anonymise_customer(customer, user=request.user, branch=request.branch)
        messages.success(
            request,
            _("Customer %(code)s was anonymised; balances and transactions are kept.")
            % {"code": customer.code},
        )
        return redirect("customers:detail", customer.pk)


class PersonalDataView(CustomerRequestMixin, View):
    """The customer's own data as JSON (`?format=json`) or PDF (the default)."""

    permission_required = "audit.export_personal_data"

    def get(self, request, customer_id):
        customer = self.get_customer()
        data = personal_data(customer)
        filename = f"personal-data-{customer.code}"
        if request.GET.get("format") == "json":
            response = JsonResponse(
                data, json_dumps_params={"ensure_ascii": False, "indent": 2}
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
            return response

        html = render_to_string(
            "customers/personal_data_pdf.html",
            {
                "customer": customer,
                "data": data,
                "profile": profile_rows(customer),
                "exported_at": timezone.localtime(),
            },
            request=request,
        )
        document = HTML(
            string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()
        )
        response = HttpResponse(document.write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
