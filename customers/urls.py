from django.urls import include, path

from customers import group_views, privacy_views, sequence_views, views

app_name = "customers"

urlpatterns = [
    path("", views.CustomerListView.as_view(), name="list"),
    path("new/", views.CustomerCreateView.as_view(), name="new"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("autocomplete/", views.autocomplete, name="autocomplete"),
    path("<int:customer_id>/", views.CustomerDetailView.as_view(), name="detail"),
    path("<int:customer_id>/edit/", views.CustomerUpdateView.as_view(), name="edit"),
    path(
        "<int:customer_id>/toggle-published/",
        views.toggle_published,
        name="toggle_published",
    ),
    path(
        "<int:customer_id>/anonymise/",
        privacy_views.AnonymiseView.as_view(),
        name="anonymise",
    ),
    path(
        "<int:customer_id>/personal-data/",
        privacy_views.PersonalDataView.as_view(),
        name="personal_data",
    ),
    path("groups/", group_views.CustomerGroupListView.as_view(), name="groups"),
    path(
        "groups/new/", group_views.CustomerGroupCreateView.as_view(), name="group_new"
    ),
    path(
        "groups/<int:pk>/edit/",
        group_views.CustomerGroupUpdateView.as_view(),
        name="group_edit",
    ),
    path(
        "code-sequence/",
        sequence_views.CodeSequenceView.as_view(),
        name="code_sequence",
    ),
    path("", include("customers.programmes.customer_urls")),
]
