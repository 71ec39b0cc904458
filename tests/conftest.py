"""Shared pytest configuration.

pytest collects tests/ (unit and scenario tests), the docstring examples in kubelab/ and
every notebook in notebooks/ and widgets/ (nbval, stored outputs compared): see
[tool.pytest.ini_options] in pyproject.toml. Test files are imported with
--import-mode=importlib, so two areas may both have e.g. test_errors.py.
"""

import os

from hypothesis import HealthCheck, settings

# CI must not flake: a fixed example sequence (derandomize) and no per-example deadline
# (a shared 2-core runner is slower than a laptop). Locally hypothesis explores freely.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
# Strict kubectl (kubelab.kubectl.cli.STRICT_ENV): a simulator bug raises instead of
# exiting 1 like a refusal. Set in the environment so nbval's kernels inherit it.
os.environ.setdefault("KUBELAB_STRICT", "1")

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
