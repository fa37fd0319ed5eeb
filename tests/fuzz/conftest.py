"""Property-based tests: no input answers 500.

Hypothesis profiles (``HYPOTHESIS_PROFILE``): ``ci`` (the default) tries a few examples
per URL pattern, form and API operation with a fixed seed, so the suite stays fast and
deterministic; ``fuzz`` tries many more, at random, for a hunt by hand:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest tests/fuzz -q -p no:cacheprovider
"""

import os

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, settings

# The world is shared by every example of a test (one transaction per test), and a
# request is not a pure function of its input, so no example database and no deadline.
COMMON = {
    "database": None,
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("ci", max_examples=4, derandomize=True, print_blob=True, **COMMON)
settings.register_profile("fuzz", max_examples=60, print_blob=True, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _quiet_world(settings):
    """Jobs are queued, never run (a fuzzed form must not start a 20-second planning run),
    and the rate limits of the public forms start empty."""
    settings.BASISBAAN_JOBS_BACKEND = "queued-only"
    cache.clear()
    yield
    cache.clear()
