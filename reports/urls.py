from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("customers/", views.CustomerReportView.as_view(), name="customers"),
]
