"""Settings for the whole suite."""

import os

from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible from its log) and
# never fails on timing alone on a loaded 2-core machine; locally hypothesis explores anew.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
