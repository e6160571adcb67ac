from django.urls import path, register_converter

from customers.importer import views


class TokenConverter:
    """The random token that names an import's folder: 32 hex digits."""

    regex = "[0-9a-f]{32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "import_token")

app_name = "importer"

urlpatterns = [
    path("", views.UploadView.as_view(), name="upload"),
    path("<import_token:token>/", views.MappingView.as_view(), name="mapping"),
    path("<import_token:token>/preview/", views.PreviewView.as_view(), name="preview"),
    path("<import_token:token>/result/", views.ResultView.as_view(), name="result"),
    path(
        "<import_token:token>/rejected.xlsx",
        views.RejectedDownloadView.as_view(),
        name="rejected",
    ),
    path(
        "<import_token:token>/progress/",
        views.ProgressView.as_view(),
        name="progress",
    ),
    path("<import_token:token>/cancel/", views.CancelView.as_view(), name="cancel"),
]
