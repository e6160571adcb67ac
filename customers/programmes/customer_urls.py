"""Programme screens under /customers/: enrolment and the self-entry review.

Included by customers.urls, so the names are in the "customers" namespace.
"""

from django.urls import path

from customers.programmes import enrol_views, review_views

urlpatterns = [
    path(
        "self-entries/",
        review_views.SelfEntryListView.as_view(),
        name="selfentry_list",
    ),
    path(
        "self-entries/<int:pk>/",
        review_views.SelfEntryReviewView.as_view(),
        name="selfentry_review",
    ),
    path("<int:customer_id>/enrol/", enrol_views.EnrolView.as_view(), name="enrol"),
]
