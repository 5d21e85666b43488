"""Shared Hypothesis settings for the test suite.

Choose a profile with the DUALGRAD_HYPOTHESIS_PROFILE environment variable:

- ``ci`` (default): derandomized and without an example database, so that a
  run is reproducible; moderate example counts keep the property tests to
  well under a minute.
- ``dev``: a quick look (few examples, random).
- ``thorough``: many random examples, for hunting bugs before a release.
"""
import os

from hypothesis import HealthCheck, settings

_common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much],
               print_blob=True)

settings.register_profile("ci", max_examples=25, derandomize=True, database=None, **_common)
settings.register_profile("dev", max_examples=10, **_common)
settings.register_profile("thorough", max_examples=500, **_common)
settings.load_profile(os.environ.get("DUALGRAD_HYPOTHESIS_PROFILE", "ci"))
