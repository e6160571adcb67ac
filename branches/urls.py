from django.urls import path

from branches import views

app_name = "branches"

urlpatterns = [
    path("switch/", views.switch_branch, name="switch"),
]
