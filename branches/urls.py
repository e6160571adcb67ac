from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("", views.BranchListView.as_view(), name="list"),
    path("switch/", views.switch_branch, name="switch"),
    path("<int:pk>/edit/", views.BranchPreferenceView.as_view(), name="edit"),
]
