"""Every kubectl command, one module each; importing this registers them."""
from . import apply, create, delete, describe, get, info  # noqa: F401
