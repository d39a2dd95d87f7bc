"""Hypothesis settings for the hostile-input tests.

Profile ``hostile``: no deadline (a real SQLite file; timing is not the point), no example
database (CI starts clean), derandomized when ``CI`` is set (reproducible). About 25 examples
per test; ``HYPOTHESIS_EXAMPLES=500`` for a long local run. The tests here use it through
``strategies.HOSTILE`` (not loaded globally: other tests keep their own settings).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "hostile",
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "25")),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures are reset per example by the tests
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
