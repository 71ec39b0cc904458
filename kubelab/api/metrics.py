"""The resource metrics API, ``metrics.k8s.io/v1beta1``, as the apiserver serves it.

The apiserver stores no PodMetrics or NodeMetrics.  Its kube-aggregator proxies
``/apis/metrics.k8s.io/v1beta1`` to the Service an APIService names
(``v1beta1.metrics.k8s.io`` -> ``kube-system/metrics-server``), and metrics-server
answers from what it last scraped from the kubelets.  So, as on a cluster:

- no APIService: the group is not in discovery (``kubectl top``: ``error: Metrics API
  not available``) and a request is a 404, "the server could not find the requested
  resource";
- the APIService, but no ready endpoint behind its Service (the pod still starting):
  503, "the server is currently unable to handle the request";
- then what metrics-server holds (:class:`Storage`): a pod it has seen fewer than two
  scrapes of has no metrics yet (its CPU is a rate between two samples).

Quantities are what metrics-server writes: CPU in nanocores (``1234567n``), memory in
Ki when it divides evenly (``11628Ki``):

>>> cpu_quantity(0.25), memory_quantity(11 * 2**20)
('250000000n', '11Mi')
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import selectors
from .errors import ApiError
from .meta import Obj
from .resources import ResourceType

GROUP, VERSION = "metrics.k8s.io", "v1beta1"
API_VERSION = f"{GROUP}/{VERSION}"
APISERVICE = f"{VERSION}.{GROUP}"
PODS = ResourceType(GROUP, VERSION, "PodMetrics", "pods", "pod", True, verbs=("get", "list"))
NODES = ResourceType(GROUP, VERSION, "NodeMetrics", "nodes", "node", False, verbs=("get", "list"))


def cpu_quantity(cores: float) -> str:
    """resource.NewScaledQuantity(nanocores, -9): always in ``n``."""
    return f"{max(0, round(cores * 1e9))}n"


def memory_quantity(nbytes: int) -> str:
    """resource.NewQuantity(bytes, BinarySI), canonical: the largest binary suffix that divides."""
    n = max(0, int(nbytes))
    for suffix, size in (("Ti", 2**40), ("Gi", 2**30), ("Mi", 2**20), ("Ki", 2**10)):
        if n and n % size == 0:
            return f"{n // size}{suffix}"
    return str(n)


def go_duration(seconds: float) -> str:
    """metav1.Duration's text (Go's time.Duration.String): ``1m0s``, ``15s``, ``1m0.5s``."""
    ms = round(seconds * 1000)
    minutes, rest = divmod(ms, 60_000)
    secs = f"{rest // 1000}" + (f".{rest % 1000:03d}".rstrip("0") if rest % 1000 else "")
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


# What the kubelet's /metrics/resource endpoint gives a scraper (kubelab.node.stats).
@dataclass(frozen=True)
class ContainerSample:
    name: str
    start: float              # when this run of the container started (a restart starts a new counter)
    cpu: float                # CPU seconds since start
    memory: int               # working set, bytes


@dataclass
class PodSample:
    namespace: str
    name: str
    containers: list[ContainerSample] = field(default_factory=list)


@dataclass
class NodeSample:
    node: str
    time: float
    cpu: float                # CPU seconds the machine has used since the node booted
    memory: int
    pods: list[PodSample] = field(default_factory=list)


@dataclass
class Storage:
    """What metrics-server answers from: the latest PodMetrics and NodeMetrics it
    computed, by ``namespace/name`` and by node name (without creationTimestamp,
    which is the time of each request)."""
    pods: dict[str, Obj] = field(default_factory=dict)
    nodes: dict[str, Obj] = field(default_factory=dict)


def _unavailable(verb: str, rt: ResourceType) -> ApiError:
    return ApiError(503, "ServiceUnavailable",
                    f"the server is currently unable to handle the request ({verb} {rt.plural}.{GROUP})",
                    {"group": GROUP, "kind": rt.plural})


def _not_served(verb: str, rt: ResourceType) -> ApiError:
    return ApiError(404, "NotFound", f"the server could not find the requested resource ({verb} {rt.plural}.{GROUP})",
                    {"group": GROUP, "kind": rt.plural})


class MetricsAPI:
    """The aggregated metrics.k8s.io group: registered by an APIService, available
    when its Service has a ready endpoint, answered from metrics-server's storage."""

    def __init__(self, store) -> None:
        self.store = store
        self.storage: Storage | None = None      # set by the metrics-server component

    def registered(self) -> bool:
        """Is the group in discovery (an APIService for it exists)?"""
        return self.store.peek("apiservices", APISERVICE) is not None

    def available(self) -> bool:
        """The APIService's Available condition (set by the aggregator's availability
        controller: a ready endpoint behind its Service), and metrics-server running."""
        status = (self.store.peek("apiservices", APISERVICE) or {}).get("status") or {}
        ok = any(c.get("type") == "Available" and c.get("status") == "True" for c in status.get("conditions") or [])
        return ok and self.storage is not None

    def _check(self, verb: str, rt: ResourceType) -> Storage:
        # client-go words a GET (a list too) as "get" in its generic errors
        if not self.registered():
            raise _not_served(verb, rt)
        if not self.available():
            raise _unavailable(verb, rt)
        assert self.storage is not None
        return self.storage

    def _stamp(self, obj: Obj) -> Obj:
        out = dict(obj)
        out["metadata"] = dict(obj["metadata"], creationTimestamp=self.store.clock.timestamp())
        return out

    def list_pods(self, namespace: str | None, selector: str = "") -> list[Obj]:
        """PodMetrics of a namespace (every namespace: None), optionally by label selector."""
        storage = self._check("get", PODS)
        sel = selectors.parse(selector) if selector else selectors.EVERYTHING
        out = []
        for key in sorted(storage.pods):
            obj = storage.pods[key]
            md = obj["metadata"]
            if (namespace is None or md["namespace"] == namespace) and sel.matches(md.get("labels")):
                out.append(self._stamp(obj))
        return out

    def get_pod(self, name: str, namespace: str) -> Obj:
        storage = self._check("get", PODS)
        obj = storage.pods.get(f"{namespace}/{name}")
        if obj is None:
            # metrics-server names the pod namespace/name in its NotFound
            raise ApiError(404, "NotFound", f'podmetrics.metrics.k8s.io "{namespace}/{name}" not found',
                           {"name": name, "group": GROUP, "kind": "pods"})
        return self._stamp(obj)

    def list_nodes(self, selector: str = "") -> list[Obj]:
        storage = self._check("get", NODES)
        sel = selectors.parse(selector) if selector else selectors.EVERYTHING
        return [self._stamp(storage.nodes[n]) for n in sorted(storage.nodes)
                if sel.matches(storage.nodes[n]["metadata"].get("labels"))]

    def get_node(self, name: str) -> Obj:
        storage = self._check("get", NODES)
        obj = storage.nodes.get(name)
        if obj is None:
            raise ApiError(404, "NotFound", f'nodemetrics.metrics.k8s.io "{name}" not found',
                           {"name": name, "group": GROUP, "kind": "nodes"})
        return self._stamp(obj)
