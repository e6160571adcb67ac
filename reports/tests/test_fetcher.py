"""The PDF's URL fetcher: data: URLs and static files only."""

import pytest
from django.test import override_settings

from reports.pdf import BASE_URL, StaticOnlyURLFetcher

STATIC = f"{BASE_URL}static/"


@pytest.fixture
def static_dir(tmp_path):
    """A static folder with one stylesheet and a symbolic link leading out."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not static")
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "print.css").write_text("body { color: black; }")
    (static / "leak.txt").symlink_to(outside / "secret.txt")
    (static / "linked").symlink_to(outside, target_is_directory=True)
    with override_settings(STATICFILES_DIRS=[static], STATIC_ROOT=None):
        yield static


def fetch(url):
    return StaticOnlyURLFetcher().fetch(url)


def test_fetches_static_file(static_dir):
    response = fetch(f"{STATIC}css/print.css")

    assert response.read() == b"body { color: black; }"
    assert response.content_type == "text/css"


def test_fetches_project_stylesheet():
    response = fetch(f"{STATIC}css/report_pdf.css")

    assert b"@page" in response.read()


def test_fetches_data_url():
    response = fetch("data:text/plain;base64,V0VTUw==")

    assert response.read() == b"WESS"
    assert response.content_type == "text/plain"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/static/css/print.css",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        f"{BASE_URL}media/x.css",
        f"{BASE_URL}static/",
        f"{STATIC}../../../../etc/passwd",
        f"{STATIC}%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC}%2Fetc%2Fpasswd",
        f"{STATIC}css/missing.css",
        f"{STATIC}css/print.css%00.png",
        "https://wess.invalid.example.com/static/css/print.css",
        "https://user@wess.invalid/static/css/print.css",
    ],
)
def test_rejects_url(static_dir, url):
    with pytest.raises(ValueError, match="not allowed"):
        fetch(url)


def test_rejects_symlink_out_of_static(static_dir):
    with pytest.raises(ValueError, match="not allowed"):
        fetch(f"{STATIC}leak.txt")


def test_rejects_symlinked_folder(static_dir):
    with pytest.raises(ValueError, match="not allowed"):
        fetch(f"{STATIC}linked/secret.txt")


def test_rejects_folder(static_dir):
    with pytest.raises(ValueError, match="not allowed"):
        fetch(f"{STATIC}css")
