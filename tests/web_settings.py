"""The web app's settings for the tests: production settings with a throwaway key."""

import os
import tempfile

os.environ.setdefault("CHIBO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("CHIBO_SECURE_COOKIES", "0")
os.environ.setdefault("CHIBO_DATA_DIR", tempfile.mkdtemp(prefix="chibo-test-data-"))

from chibo.web.settings import *  # noqa: E402,F403
