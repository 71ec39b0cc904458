"""Every kubectl command, one module each; importing this registers them."""
from . import apply, create, delete, describe, get, info  # noqa: F401
from . import kustomize_cmd, replace  # noqa: F401  (configuration chapters)
from . import expose  # noqa: F401  (services chapters)
from . import label, rollout, scale, set, wait  # noqa: F401  (workloads chapters)
from . import exec, logs, run  # noqa: F401  (pods chapters)
from . import top  # noqa: F401  (kubectl top: no Metrics API without metrics-server)
