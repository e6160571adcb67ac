from django.urls import path

from customers.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="list"),
    path("new/", views.ProgrammeCreateView.as_view(), name="new"),
    path("<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="edit"),
    path(
        "<int:programme_id>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="delete",
    ),
    path(
        "<int:programme_id>/questions/new/",
        views.QuestionCreateView.as_view(),
        name="question_new",
    ),
    path(
        "<int:programme_id>/questions/<int:question_id>/edit/",
        views.QuestionUpdateView.as_view(),
        name="question_edit",
    ),
    path(
        "<int:programme_id>/questions/<int:question_id>/move/",
        views.move_question,
        name="question_move",
    ),
    path(
        "<int:programme_id>/questions/<int:question_id>/delete/",
        views.delete_question,
        name="question_delete",
    ),
]
