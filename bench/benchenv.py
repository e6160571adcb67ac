"""Settings shared by the benchmark scripts: the bench database and Django.

Every script runs against its own PostgreSQL database (BENCH_DATABASE on
127.0.0.1, trust authentication as user postgres) with debug off, as
production runs. It serves plain HTTP, with no HTTPS redirect and no Secure
cookies, because the load test reaches gunicorn on 127.0.0.1 without TLS.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "perf"
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
BENCH_DATABASE = os.environ.get("WESS_BENCH_DATABASE", "wess_bench_perf")
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 (a local benchmark database)
ADMIN_USERNAME = "bench_admin"
FRONT_DESK_USERNAME = "bench_frontdesk"
LOAD_TEST_USERNAME = "loadtest_{number:02d}"
LOAD_TEST_USERS = 50
# The branch that receives every other branch's customers, so its listing
# spans all of them: the worst case for search, sort and count.
HEAD_OFFICE_CODE = "ORC"


def database_url() -> str:
    return f"{SERVER_URL}/{BENCH_DATABASE}"


def server_environment() -> dict[str, str]:
    """Return the environment variables for Django against the bench database."""
    return {
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "WESS_SECURE_COOKIES": "false",
        "WESS_STATIC_MANIFEST": "false",
        "WESS_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "wess.settings",
    }


def setup_django():
    """Point Django at the bench database and set it up in this process."""
    for name, value in server_environment().items():
        os.environ[name] = value
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
