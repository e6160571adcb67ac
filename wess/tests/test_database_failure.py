"""A PostgreSQL restart in the middle of a burst of creates loses nothing.

The test runs its own throwaway PostgreSQL server (initdb into a temporary
folder, its own port on 127.0.0.1) and a gunicorn serving WESS against it,
so the shared database server is never touched.
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CREATES = 40
RESTART_AFTER = 15

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command):
    """Run a PostgreSQL tool as the postgres user when the test runs as root."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    return subprocess.run(command, check=True, capture_output=True, timeout=120)


class ThrowawayServer:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="wess-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def initdb(self):
        as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
        )

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        # The log file keeps the server's output off this process's pipes.
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self):
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def remove(self):
        # The server may already be stopped.
        with contextlib.suppress(subprocess.CalledProcessError):
            as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
            )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def throwaway_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Runs once, in the PostgreSQL pass of the suite.")
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed.")
    server = ThrowawayServer()
    try:
        server.initdb()
        server.start()
        as_postgres(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "wess"
        )
        yield server
    finally:
        server.remove()


def app_environment(port):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WESS_", "DATABASE_URL"))
    }
    environment.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/wess",
        DJANGO_SECRET_KEY="throwaway-server-test-secret-key-0123456789abcdefghij",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        WESS_SECURE_COOKIES="false",
        WESS_STATIC_MANIFEST="false",
        WESS_LOG_LEVEL="WARNING",
    )
    return environment


class Browser:
    """A cookie-keeping HTTP client that submits forms with their CSRF token."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        # The base is always http://127.0.0.1:PORT of the gunicorn started here.
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf_token(self, path):
        _, html = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_until_serving(browser, process):
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            status, _ = browser.request("/accounts/login/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def test_restart_mid_burst_loses_nothing(throwaway_postgres):
    environment = app_environment(throwaway_postgres.port)
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["seed_demo", "--customers", "0"],
    ):
        subprocess.run(
            manage + command, cwd=ROOT, env=environment, check=True, timeout=300
        )
    app_port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            "1",
            "--timeout",
            "60",
            "wess.wsgi",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{app_port}")
        wait_until_serving(browser, gunicorn)
        token = browser.csrf_token("/accounts/login/")
        status, _ = browser.request(
            "/accounts/login/",
            {
                "username": "frontdesk",
                "password": "wess-demo-2026",
                "csrfmiddlewaretoken": token,
            },
        )
        assert status == 302
        _, form_html = browser.request("/customers/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html)[1]
        home_branch = re.search(r'<option value="(\d+)" selected>', form_html)[1]

        outcomes = {}
        for number in range(CREATES):
            if number == RESTART_AFTER:
                throwaway_postgres.stop()
            if number == RESTART_AFTER + 5:
                throwaway_postgres.start()
            name = f"Burst Customer {number:03d}"
            status, _ = browser.request(
                "/customers/new/",
                {
                    "csrfmiddlewaretoken": token,
                    "code": "#AUTO",
                    "name": name,
                    "join_date": "2026-01-05",
                    "is_published": "on",
                    "action": "save",
                    "home_branch": home_branch,
                },
            )
            outcomes[name] = status

        status, _ = browser.request("/customers/")
        assert status == 200, "the app did not recover without a restart"
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)

    reported_saved = {name for name, status in outcomes.items() if status == 302}
    reported_failed = {name for name, status in outcomes.items() if status == 503}
    assert reported_saved | reported_failed == set(outcomes), outcomes
    assert reported_failed, "the restart did not interrupt any create"
    assert len(reported_saved) >= CREATES - 10

    check = subprocess.run(
        manage
        + [
            "shell",
            "-c",
            "from customers.models import Customer;"
            "rows = Customer.objects.filter(name__startswith='Burst Customer');"
            "print('|'.join(sorted(rows.values_list('name', flat=True))));"
            "print(len(set(rows.values_list('code', flat=True))))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    names_line, distinct_codes = check.stdout.strip().splitlines()[-2:]
    stored = set(names_line.split("|")) if names_line else set()
    assert stored == reported_saved
    assert int(distinct_codes) == len(reported_saved)
