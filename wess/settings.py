"""Settings for WESS, read from the environment.

The variables are listed in the README. SQLite in the project folder is the
default database; DATABASE_URL selects PostgreSQL.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wess.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is missing. Set it, or set DJANGO_DEBUG=true "
            "for a development server."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "csp",
    "axes",
    "wess",
    "branches",
    "customers",
    "sales",
    "reports",
    "simple_history",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "branches.middleware.CurrentBranchMiddleware",
    "customers.kiosk.middleware.KioskMiddleware",
    "wess.middleware.IdleTimeoutMiddleware",
    # Records the user behind each change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "wess.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wess.context_processors.wess",
            ],
        },
    },
]

WSGI_APPLICATION = "wess.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks replace a connection the server dropped, so the app
    # recovers by itself when PostgreSQL comes back after a restart.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # IMMEDIATE takes the write lock when a transaction starts, so two
            # saves cannot both read the same code sequence number.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "customers:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("WESS_TIME_ZONE", "Asia/Singapore")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves hashed, compressed files made by collectstatic; debug and
# the test suite (WESS_STATIC_MANIFEST=false) use the source folders as they are.
STATIC_MANIFEST = env_bool("WESS_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and `runserver` serve the static folder directly without collectstatic.
WHITENOISE_USE_FINDERS = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

WESS_CURRENCY = env_str("WESS_CURRENCY", "SGD")
WESS_COMPANY_NAME = env_str("WESS_COMPANY_NAME", "WESS Wellness")
WESS_LISTING_PAGE_SIZES = (25, 50, 100)

SESSION_COOKIE_AGE = env_int("WESS_SESSION_SECONDS", 12 * 60 * 60)
# A staff session idle this long is logged out; counters are shared.
WESS_IDLE_TIMEOUT_SECONDS = env_int("WESS_IDLE_TIMEOUT_SECONDS", 30 * 60)

# Kiosk self-entry: an idle tablet returns to the start and forgets the
# entry; submissions and exit attempts are limited per kiosk and per address
# within a window of seconds. The limits count in the cache, so production
# with several workers needs a shared cache (see CACHES) to count them all.
WESS_KIOSK_IDLE_SECONDS = env_int("WESS_KIOSK_IDLE_SECONDS", 180)
WESS_KIOSK_SUBMIT_LIMIT = (
    env_int("WESS_KIOSK_SUBMITS_PER_KIOSK", 5),
    env_int("WESS_KIOSK_SUBMITS_PER_ADDRESS", 20),
    600,
)
WESS_KIOSK_EXIT_LIMIT = (5, 20, 300)
# Uploaded import files wait here between the steps of an import.
WESS_IMPORT_DIR = env_str("WESS_IMPORT_DIR") or None

# Security headers and cookies. With debug off the defaults pass
# `manage.py check --deploy`; each can be relaxed for a site behind a proxy
# that terminates TLS differently.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("WESS_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("WESS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts or styles anywhere: every script and style sheet is a
# static file of this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Login throttling: five failures for one username from one address lock
# that pair out for the cool-off time. Locking by address alone would lock a
# whole shop that shares one connection. Administrators unlock in Django
# admin (Axes > Access attempts) or with `manage.py axes_reset_username`.
AXES_ENABLED = env_bool("WESS_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("WESS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("WESS_LOGIN_COOLOFF_MINUTES", 15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("WESS_LOG_LEVEL", "INFO")},
    "loggers": {
        # SQL carries customer data; keep it out of the logs.
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
