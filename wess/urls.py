from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wess import views

handler403 = "wess.views.forbidden"
handler500 = "wess.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("customers/import/", include("customers.importer.urls")),
    path("customers/", include("customers.urls")),
    path("kiosk/", include("customers.kiosk.urls")),
    path("programmes/", include("customers.programmes.urls")),
    path("sales/", include("sales.urls")),
    path("reports/", include("reports.urls")),
    path("branches/", include("branches.urls")),
    path("admin/", admin.site.urls),
]
