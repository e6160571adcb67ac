from django.urls import path

from sales.views import appointments, items, ledger, opening_balances, reports

app_name = "sales"

urlpatterns = [
    path("items/", items.ItemListView.as_view(), name="items"),
    path("items/new/", items.ItemCreateView.as_view(), name="item_new"),
    path("items/bulk/", items.bulk_publish_items, name="item_bulk"),
    path("items/<int:pk>/edit/", items.ItemUpdateView.as_view(), name="item_edit"),
    path(
        "items/<int:pk>/toggle-published/",
        items.toggle_item_published,
        name="item_toggle_published",
    ),
    path(
        "opening-balances/",
        opening_balances.OpeningBalanceListView.as_view(),
        name="opening_balances",
    ),
    path(
        "opening-balances/new/",
        opening_balances.OpeningBalanceFormView.as_view(),
        name="opening_balance_new",
    ),
    path(
        "opening-balances/<int:pk>/edit/",
        opening_balances.OpeningBalanceFormView.as_view(),
        name="opening_balance_edit",
    ),
    path("redeem/", ledger.RedeemView.as_view(), name="redeem"),
    path(
        "customers/<int:customer_id>/redeem/",
        ledger.RedeemView.as_view(),
        name="customer_redeem",
    ),
    path(
        "ledger/<int:pk>/reverse/",
        ledger.reverse_redemption_view,
        name="reverse_redemption",
    ),
    path(
        "customers/<int:customer_id>/payments/new/",
        ledger.DuePaymentView.as_view(),
        name="due_payment_new",
    ),
    path(
        "appointments/", appointments.AppointmentDayView.as_view(), name="appointments"
    ),
    path(
        "appointments/new/",
        appointments.AppointmentCreateView.as_view(),
        name="appointment_new",
    ),
    path(
        "appointments/<int:pk>/edit/",
        appointments.AppointmentUpdateView.as_view(),
        name="appointment_edit",
    ),
    path(
        "reports/inter-branch/",
        reports.InterBranchReportView.as_view(),
        name="inter_branch_report",
    ),
]
