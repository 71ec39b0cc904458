"""Every kubectl command, one module each; importing this registers them."""
from . import apply, create, delete, describe, get, info  # noqa: F401
from . import kustomize_cmd, replace  # noqa: F401  (configuration chapters)
from . import expose  # noqa: F401  (services chapters)
from . import label, rollout, scale, set, wait  # noqa: F401  (workloads chapters)
from . import autoscale  # noqa: F401  (kubectl autoscale: an autoscaling/v1 HPA)
from . import attach, exec, logs, run  # noqa: F401  (pods chapters)
from . import top  # noqa: F401  (kubectl top: no Metrics API without metrics-server)
from . import patch  # noqa: F401  (kubectl patch, set env, set resources)
from . import nodes  # noqa: F401  (cordon, uncordon, drain, taint)
from . import explain  # noqa: F401  (explain, api-versions, config contexts)
from . import events  # noqa: F401  (kubectl events)
from . import portforward  # noqa: F401  (kubectl port-forward, in the background)
from . import proxy  # noqa: F401  (kubectl proxy, in the background)
