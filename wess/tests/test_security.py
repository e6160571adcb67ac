"""Production settings, security headers, login throttling and idle timeout."""

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory, override_settings

from conftest import PASSWORD, client_for
from wess.middleware import LAST_SEEN_KEY
from wess.views import server_error

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def production_environment():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WESS_"))
    }
    environment.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="wess.example.com",
    )
    return environment


def test_check_deploy_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_stops_start():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in result.stderr


def test_malformed_boolean_names_variable():
    environment = production_environment()
    environment["DJANGO_DEBUG"] = "perhaps"

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_DEBUG='perhaps' is not a boolean" in result.stderr


def test_security_headers(frontdesk_client):
    response = frontdesk_client.get("/customers/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_hsts_when_debug_off():
    assert settings.SECURE_HSTS_SECONDS >= 31536000


@pytest.mark.parametrize(
    "template", [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
)
def test_templates_have_no_inline_code(template):
    text = template.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.search(text), "inline <script> block"
    assert not INLINE_STYLE.search(text), "inline style"
    assert not INLINE_HANDLER.search(text), "inline event handler"


def test_idle_session_is_logged_out(frontdesk_client):
    session = frontdesk_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.WESS_IDLE_TIMEOUT_SECONDS - 5
    session.save()

    response = frontdesk_client.get("/customers/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in frontdesk_client.session


def test_active_session_stays(frontdesk_client):
    session = frontdesk_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 60
    session.save()

    assert frontdesk_client.get("/customers/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_lockout_after_failures(client, frontdesk_a):
    for _ in range(3):
        client.post(
            "/accounts/login/", {"username": "frontdesk_a", "password": "wrong"}
        )

    response = client.post(
        "/accounts/login/", {"username": "frontdesk_a", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_unlock_allows_login(client, frontdesk_a):
    from axes.models import AccessAttempt

    for _ in range(3):
        client.post(
            "/accounts/login/", {"username": "frontdesk_a", "password": "wrong"}
        )
    AccessAttempt.objects.filter(username="frontdesk_a").delete()

    response = client.post(
        "/accounts/login/", {"username": "frontdesk_a", "password": PASSWORD}
    )

    assert response.status_code == 302


def test_wrong_password_shows_message(client, frontdesk_a):
    response = client.post(
        "/accounts/login/", {"username": "frontdesk_a", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert 'value="frontdesk_a"' in response.content.decode()


def test_database_error_page_says_try_again():
    request = RequestFactory().get("/customers/")
    try:
        raise OperationalError("connection to server was lost")
    except OperationalError:
        response = server_error(request)

    assert response.status_code == 503
    assert "try again" in response.content.decode().lower()


def test_other_error_page_is_plain_500():
    request = RequestFactory().get("/customers/")
    try:
        raise ValueError("unexpected")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert "nothing was saved halfway" in response.content.decode()


def test_staff_without_branch_sees_message(db):
    from django.contrib.auth.models import User

    from branches.models import Branch

    user = User.objects.create_user("nobranch", password=PASSWORD)
    client = client_for(user, Branch.objects.create(code="Z", name="Zulu"))

    response = client.get("/customers/")

    assert response.status_code == 403
    assert "does not work at any branch" in response.content.decode()
