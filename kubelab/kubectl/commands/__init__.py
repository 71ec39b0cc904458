"""Every kubectl command, one module each; importing this registers them."""
from . import apply, create, delete, describe, get, info  # noqa: F401
from . import kustomize_cmd, replace  # noqa: F401  (configuration chapters)
