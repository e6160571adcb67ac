"""Environment for the test suite, loaded by pytest before Django starts.

Tests run with debug off, as production does, so they need a secret key;
static files are served from the source folders without collectstatic, and
plain HTTP is allowed.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("WESS_STATIC_MANIFEST", "false")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("WESS_SECURE_COOKIES", "false")
