"""The web app's settings for the tests: production settings with a throwaway key."""

import os
import tempfile

os.environ.setdefault("CHIBO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("CHIBO_SECURE_COOKIES", "0")
os.environ.setdefault("CHIBO_DATA_DIR", tempfile.mkdtemp(prefix="chibo-test-data-"))

from chibo.web.settings import *  # noqa: E402,F403

# A file, not SQLite's shared in-memory database: the live server's threads
# then lock as in production (WAL), instead of "database table is locked".
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["CHIBO_DATA_DIR"], "test.sqlite3")}  # noqa: F405
