from django.urls import path

from customers.kiosk import views

app_name = "kiosk"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("start/", views.start, name="start"),
    path("general/", views.GeneralView.as_view(), name="general"),
    path("other/", views.OtherView.as_view(), name="other"),
    path("questions/", views.QuestionsView.as_view(), name="questions"),
    path("consent/", views.ConsentView.as_view(), name="consent"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path("restart/", views.RestartView.as_view(), name="restart"),
    path("exit/", views.ExitView.as_view(), name="exit"),
]
