"""The cluster: every component wired together, and the public facade.

Time only moves when asked: each command takes ``pause`` simulated seconds
(default 1 s, the time to type the next one), :meth:`Cluster.run` advances by a
given amount, :meth:`Cluster.settle` until the system has nothing in flight.
Between timers, the work queues are drained in a fixed order — controllers,
scheduler, kubelets — so the same commands always give the same cluster.
"""
from __future__ import annotations

import ipaddress
import os
import random
import threading
from typing import Any, Callable

from .api import autoscaling as api_autoscaling
from .api import policy as api_policy
from .api import defaults as api_defaults
from .api import priority as api_priority
from .api import validation as api_validation
from .api.decoding import secret_string_data
from .api.allocators import ServiceAllocator, drop_type_dependent_fields
from .api.meta import Obj
from .api.store import Store
from .apps import images as image_registry
from .clock import Clock
from .heap import relaxed
from .controllers.daemonset import DaemonSetController
from .controllers.deployment import DeploymentController
from .controllers.events import Recorder
from .controllers.garbagecollector import GarbageCollector
from .controllers.namespace import NamespaceController
from .controllers.nodelifecycle import NodeLifecycleController, TaintEvictionController
from .controllers.persistentvolume import PersistentVolumeController
from .controllers.podgc import PodGCController
from .controllers.job import JobController
from .controllers.cronjob import CronJobController
from .controllers.replicaset import ReplicaSetController, ReplicationControllerController
from .controllers.statefulset import StatefulSetController
from .controllers.volumeprotection import PVCProtectionController, PVProtectionController
from .controllers.hpa import HorizontalPodAutoscalerController
from .controllers.disruption import DisruptionController
from .controllers.endpoints import EndpointsController, make_master_endpoints
from .controllers.endpointslice import EndpointSliceController, make_master_slice
from .network import envvars as network_envvars
from .network import minikube as network_minikube
from .network.ipam import CIDRExhausted, ClusterCIDRSet, NodeIPAM
from .network.proxy import KubeProxy
from .network.traffic import Network
from .metrics.availability import AvailabilityController
from .metrics.server import MetricsServer
from .node import stats as node_stats
from .node.kubelet import Kubelet
from .node.probes import ProberManager
from .result import Result
from .scheduler import Scheduler
from .setup import machines as machines_mod
from .setup import addons as setup_addons
from .setup import minikube
from .setup import profiles as setup_profiles
from .storage import StorageSystem, minikube_default_class

#: How many drain rounds one instant may take before we call it a hot loop.
HOT_LOOP_GUARD = 10_000


class HotLoop(RuntimeError):
    pass


def _decode_check(obj: Obj) -> None:
    """The apiserver first decodes the body into its Go type: wrong types and
    unknown fields are a 400 before anything else happens."""
    problem = api_validation.decode_errors(obj)
    if problem:
        kind = obj.get("kind", "")
        version = str(obj.get("apiVersion", "")).rsplit("/", 1)[-1]
        from .api import errors
        raise errors.bad_request(f'{kind} in version "{version}" cannot be handled as a {kind}: {problem}')


def _without_pod_cidr(node: Obj) -> None:
    """A node the IPAM controller had no range for: its CNI has no pod network to set
    up, so the kubelet reports the network plugin not ready (and registered tainted)."""
    from .setup.kubeadm import NOT_READY_MESSAGE
    node["spec"] = {k: v for k, v in node["spec"].items() if k not in ("podCIDR", "podCIDRs")}
    node["spec"].setdefault("taints", []).append({"effect": "NoSchedule", "key": "node.kubernetes.io/not-ready"})
    for cond in node["status"]["conditions"]:
        if cond["type"] == "Ready":
            cond.update(status="False", reason="KubeletNotReady", message=NOT_READY_MESSAGE)


def _no_pod_ips(node: str) -> Callable[[], str]:
    def allocate() -> str:
        raise RuntimeError(f"node {node} has no podCIDR: no pod IPs to give")
    return allocate


class Cluster:
    """A simulated Kubernetes cluster.

    >>> c = Cluster()
    >>> [n["metadata"]["name"] for n in c.api.list("nodes")]
    ['minikube']
    >>> print(c.kubectl("get nodes"))                    # doctest: +NORMALIZE_WHITESPACE
    NAME       STATUS   ROLES           AGE   VERSION
    minikube   Ready    control-plane   60s   v1.32.0
    """

    def __init__(self, profile: str = "minikube", workers: int = 0, seed: int = 0, pause: float = 1.0,
                 cwd: str | None = None, boot_seconds: float = 60.0, machines: int = 3,
                 blocked_registries: set[str] | frozenset[str] = frozenset(), swap: bool = False,
                 os: str = "rocky9", registry_mirrors: dict[str, list[str]] | None = None,
                 pod_network_cidr: str = minikube.POD_NETWORK_CIDR, node_cidr_mask_size: int = 24):
        self.profile = profile
        # registries the nodes cannot reach (the notes' network: {"k8s.gcr.io", "gcr.io"};
        # mainland China since mid-2024: kubelab.apps.catalog.MAINLAND_CHINA_2024)
        self.blocked_registries = frozenset(blocked_registries)
        # the container runtimes' mirrors, registry -> endpoints (daemon.json's registry-mirrors are
        # {"docker.io": [...]}; kubelab.apps.mirrorconfig reads the files); one dict every node
        # shares, so changing it is "edit the config and restart the runtime" on all of them
        self.registry_mirrors: dict[str, list[str]] = {k: list(v) for k, v in (registry_mirrors or {}).items()}
        self.seed = seed
        self.pause = pause
        self.cwd = cwd
        self.rng = random.Random(seed)
        self.clock = Clock()
        # One caller at a time inside the cluster: the served API's requests (other
        # threads) take it, and so do kubectl(), run_until() and settle().
        self.lock = threading.RLock()
        self.api = Store(self.clock, self.rng)
        self.clock.tagger = (lambda: self.api.component, lambda c: setattr(self.api, "component", c))
        self.clock.pump = self.pump
        self.recorder = Recorder(self.api, self.clock)
        self.services = ServiceAllocator(self.rng)
        self.kubelets: dict[str, Kubelet] = {}
        self.ipam: dict[str, NodeIPAM] = {}
        self.kubelet_status_parts: dict = {}      # what equal pod statuses share, across the kubelets
        # kube-controller-manager --cluster-cidr / --node-cidr-mask-size: each node's podCIDR
        self.node_cidrs = ClusterCIDRSet(pod_network_cidr, node_cidr_mask_size)
        self.api.watch(self._release_pod_cidr, "Node")
        self.node_ips: dict[str, str] = {}
        self.images = image_registry
        self._install_api_hooks()
        self.controllers = [
            DeploymentController(self.api, self.clock, self.recorder),
            ReplicaSetController(self.api, self.clock, self.recorder),
            ReplicationControllerController(self.api, self.clock, self.recorder),
            DaemonSetController(self.api, self.clock, self.recorder),
            StatefulSetController(self.api, self.clock, self.recorder),
            HorizontalPodAutoscalerController(self.api, self.clock, self.recorder),
            JobController(self.api, self.clock, self.recorder),
            CronJobController(self.api, self.clock, self.recorder),
            EndpointsController(self.api, self.clock, self.recorder),
            EndpointSliceController(self.api, self.clock, self.recorder),
            GarbageCollector(self.api, self.clock, self.recorder),
            NamespaceController(self.api, self.clock, self.recorder),
            DisruptionController(self.api, self.clock, self.recorder),
        ]
        # node health: heartbeats -> NotReady and taints -> evictions; finished-pod GC
        self.node_lifecycle = NodeLifecycleController(self.api, self.clock, self.recorder)
        self.taint_eviction = TaintEvictionController(self.api, self.clock, self.recorder)
        self.pod_gc = PodGCController(self.api, self.clock, self.recorder)
        self.controllers += [self.node_lifecycle, self.taint_eviction, self.pod_gc]
        self.prober = ProberManager()             # the kubelets' probe workers (timers per container)
        # kube-proxy and the pod network: rules from Services and EndpointSlices
        self.proxy = KubeProxy(self.api, self.rng, self.clock)
        self.network = Network(self.api, self.clock, self.proxy, self._pod_listener,
                               lambda node: self.kubelets[node].host_network_pods() if node in self.kubelets else [],
                               self.node_ips, self.ipam)
        self.scheduler = Scheduler(self.api, self.clock, self.recorder, self.rng)
        self.extensions: dict[str, Any] = {}      # add-ons started later (see addon())
        # metrics-server: idle until its pod runs (minikube addons enable metrics-server), then
        # it scrapes every kubelet's resource metrics
        self.extensions["metrics-server"] = MetricsServer(self.api, self.clock, self._scrape_kubelets)
        # the kube-aggregator's availability controller: APIServices Available when their Service has endpoints
        self.extensions["apiservice-availability"] = AvailabilityController(self.api, self.clock)
        self._kubeconfig: dict | None = None      # the learner's kubectl's ~/.kube/config
        # storage: admission hooks and the scheduler's volume checks (given the scheduler's
        # queue callbacks); the PV binder and protection controllers run with the controller
        # manager; kubelets get claim_fs (see add_node).
        self.storage = StorageSystem(self.api, self.clock, self.recorder,
                                     retry=self.scheduler.retry_unschedulable, requeue=self.scheduler.requeue)
        self.scheduler.volume_binding = self.storage.volume_binding
        self.controllers += [
            PersistentVolumeController(self.api, self.clock, self.recorder,
                                       scrub=self.storage.data.scrub, remove=self.storage.data.remove),
            PVCProtectionController(self.api, self.clock, self.recorder),
            PVProtectionController(self.api, self.clock, self.recorder),
        ]
        # the hosts `%host NAME ...` runs on (kubelab.setup.machines): bare machines, or minikube's host
        if profile not in ("minikube", "kubeadm", "bare"):
            raise ValueError(f"unknown profile {profile!r} (try 'minikube', 'kubeadm' or 'bare')")
        # kubeadm: the bare profile's machines, master and one per worker, then init, flannel, join
        self.machines = (machines_mod.make_machines("bare", workers + 1, swap, os) if profile == "kubeadm"
                         else machines_mod.make_machines(profile, machines, swap, os))
        self._install_kubectl()
        if profile == "minikube":
            self._boot_minikube(workers)
            machines_mod.adopt_nodes(self.machines, [(name, k.host_ip, k.image_store, k.host_paths)
                                                     for name, k in self.kubelets.items()])
            self._install_kubectl()
        elif profile == "kubeadm":
            setup_profiles.boot_kubeadm(self, workers, pod_network_cidr)
        if profile != "bare":
            self.settle()
            self.run(max(0.0, boot_seconds - self.clock.now))

    # ------------------------------------------------------------------ wiring
    def _install_kubectl(self) -> None:
        """Every host has a kubectl, which reads its own kubeconfig (setup.machines.kubectl)."""
        for m in self.machines.values():
            m.kubectl = lambda args, kubeconfig, stdin: self.kubectl(args, stdin, kubeconfig=kubeconfig)

    def _install_api_hooks(self) -> None:
        hooks = self.api.hooks
        for kind in ("Pod", "Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet",
                     "Job", "CronJob", "Service", "Secret", "ConfigMap", "Namespace", "Node",
                     "PersistentVolume", "PersistentVolumeClaim", "PodTemplate", "StorageClass",
                     "HorizontalPodAutoscaler"):
            hooks.defaulters[kind].append(lambda obj, old: api_defaults.apply_defaults(obj))
            hooks.validators[kind].append(lambda obj, old: api_validation.validate(obj, old))
        api_policy.install(hooks, api_validation.validate)     # PodDisruptionBudget's registry strategy
        hooks.decoders.append(_decode_check)
        hooks.decoders.append(api_autoscaling.convert_v1)       # stored as autoscaling/v2
        hooks.decoders.append(secret_string_data)               # stringData is written into data
        hooks.defaulters["Service"].append(drop_type_dependent_fields)   # before validation, as the registry does
        hooks.admitters["Service"].append(self.services.admit)
        # (the look for a global default class lists the classes only when one is stored:
        # mostly none is, and a list on every pod created costs ~5k instructions)
        hooks.admitters["Pod"].append(lambda obj, old: old is None and api_priority.admit(
            obj, lambda name: self.api.peek("priorityclasses", name),
            lambda: self.api.list("priorityclasses", copy=False) if self.api.any_stored("priorityclasses") else ()))
        hooks.admitters["Pod"].append(lambda obj, old: old is None and api_defaults.admit(obj, self.api.random_suffix()))
        hooks.admitters["Pod"].append(lambda obj, old: old is None and api_defaults.gate_condition(obj, self.clock.timestamp))
        # a ReplicaSet's pods after its first: what these hooks would make of the pod, from its sibling
        # (api_defaults.prepare_sibling); only while they are the Pod hooks (a test may add an admitter)
        pod_hooks = (hooks.defaulters["Pod"][:], hooks.admitters["Pod"][:])
        classes_stored = lambda: self.api.any_stored("priorityclasses")  # noqa: E731
        hooks.siblings["Pod"] = lambda obj, sibling: (
            api_defaults.prepare_sibling(obj, sibling, self.api.random_suffix, classes_stored)
            if hooks.defaulters["Pod"] == pod_hooks[0] and hooks.admitters["Pod"] == pod_hooks[1] else None)
        hooks.release["Service"].append(self.services.on_deleted)
        hooks.on_delete["Pod"].append(self._pod_graceful_delete)

    def _release_pod_cidr(self, etype: str, node: Obj, old: Obj | None) -> None:
        """The range allocator's DeleteFunc: a deleted node's block is free again."""
        if etype == "DELETED":
            for cidr in node["spec"].get("podCIDRs") or ():
                self.node_cidrs.release(cidr)

    def _scrape_kubelets(self) -> list:
        """metrics-server's scrape: every node's /metrics/resource (kubelab.node.stats)."""
        return [s for s in (node_stats.resource_metrics(self.kubelets[n]) for n in sorted(self.kubelets)) if s is not None]

    def _pod_listener(self, key: str, port: int):
        """The pod network's delivery: the pod's node's kubelet knows which container listens."""
        ns, name = key.split("/", 1)
        pod = self.api.peek("pods", name, ns)
        kubelet = self.kubelets.get(pod["spec"].get("nodeName") or "") if pod is not None else None
        return kubelet.listener(key, port) if kubelet is not None else None

    @staticmethod
    def _pod_graceful_delete(pod: Obj, grace: int | None) -> None:
        """Pods are deleted gracefully: the kubelet stops them, then removes them.
        A pod that never reached a node goes at once."""
        md = pod["metadata"]
        if grace is None:
            grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
        if not pod["spec"].get("nodeName") or pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
            grace = 0
        current = md.get("deletionGracePeriodSeconds")
        if current is None or grace < current:
            md["deletionGracePeriodSeconds"] = grace
            if current is not None:
                md.pop("deletionTimestamp", None)

    def add_node(self, name: str, ip: str, pod_cidr: str | None = None, *, control_plane: bool = False,
                 runtime: str = minikube.RUNTIME, labels: dict[str, str] | None = None,
                 taints: list[Obj] | None = None, preload: list[str] = ()) -> Kubelet:
        """Register a node and start its kubelet.  ``pod_cidr=None``: the node IPAM
        controller gives it the next block of the cluster CIDR (none when it is used up)."""
        no_cidr = None
        if pod_cidr is None:
            try:
                pod_cidr = self.node_cidrs.allocate_next()
            except CIDRExhausted as err:
                no_cidr = str(err)
        node = minikube.node_object(name, ip, pod_cidr or "", control_plane=control_plane, runtime=runtime,
                                    extra_labels=labels, now=self.clock.timestamp())
        if taints:
            node["spec"]["taints"] = taints
        if no_cidr:
            _without_pod_cidr(node)
        self.api.create(node)
        if pod_cidr:
            ipam = NodeIPAM(pod_cidr)
            self.ipam[name] = ipam
            allocate, release = ipam.allocate, ipam.release
        else:
            allocate, release = _no_pod_ips(name), lambda ip: None
        self.node_ips[name] = ip
        kubelet = Kubelet(name, self.api, self.clock, self.recorder, self.rng, self.images,
                          allocate, release, runtime_prefix=runtime.split(":")[0])
        if no_cidr:
            kubelet.network_ready = lambda: False
            # AllocateOrOccupyCIDR's failure: an event on the node, and the node stays without a range
            self.recorder.normal(self.api.peek("nodes", name), "CIDRNotAvailable",
                                 f"Node {name} status is now: CIDRNotAvailable", component="cidrAllocator")
        kubelet.host_ip = ip
        kubelet.shared_status_parts = self.kubelet_status_parts
        kubelet.blocked_registries = self.blocked_registries
        kubelet.registry_mirrors = self.registry_mirrors
        for ref in preload:
            info = self.images.resolve(ref)
            if getattr(info, "error", None) is None:
                kubelet.image_store[info.reference] = info
        kubelet.network_http = self.network.pod_http
        kubelet.network_dns = self.network.pod_lookup
        kubelet.probes = self.prober
        kubelet.start_heartbeat()
        kubelet.claim_fs = self.storage.claim_fs(name)
        kubelet.host_paths = self.storage.data.node(name)
        if name in self.machines:             # a kubeadm machine: its files under hostPath dirs are the volumes'
            self.machines[name].host_dirs = kubelet.host_paths
        kubelet.service_env = network_envvars.for_store(self.api)
        self.kubelets[name] = kubelet
        return kubelet

    def _boot_minikube(self, workers: int) -> None:
        for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
            self.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        registry = "registry.k8s.io"
        system_images = [p["spec"]["containers"][0]["image"] for p in minikube.control_plane_pods("minikube", registry)]
        system_images += [f"{registry}/coredns/coredns:v1.11.3", f"{registry}/kube-proxy:{minikube.KUBERNETES_VERSION}",
                          "gcr.io/k8s-minikube/storage-provisioner:v5", f"{registry}/pause:3.10"]
        self.add_node("minikube", minikube.NODE_IP, control_plane=True, preload=system_images,
                      labels={"minikube.k8s.io/name": "minikube", "minikube.k8s.io/primary": "true",
                              "minikube.k8s.io/version": minikube.MINIKUBE_VERSION})
        for i in range(workers):
            name = f"minikube-m{i + 2:02d}"
            # the docker network's next addresses (a /24 for minikube; past .254 the kit carries on)
            ip = str(ipaddress.ip_address(minikube.NODE_IP) + i + 1)
            self.add_node(name, ip, preload=system_images,
                          labels={"minikube.k8s.io/name": "minikube", "minikube.k8s.io/primary": "false",
                                  "minikube.k8s.io/version": minikube.MINIKUBE_VERSION})
        self.api.create(minikube.kubernetes_service(minikube.NODE_IP))
        self.api.create(make_master_endpoints(minikube.NODE_IP))
        self.api.create(make_master_slice(minikube.NODE_IP))
        self.api.create(minikube.kube_dns_service())
        for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
            self.api.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}})
            self.api.create({"apiVersion": "v1", "kind": "ConfigMap",
                             "metadata": {"name": "kube-root-ca.crt", "namespace": ns,
                                          "annotations": {"kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."}},
                             "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\n(simulated minikubeCA)\n-----END CERTIFICATE-----\n"}})
        node = self.api.get("nodes", "minikube")
        for pod in minikube.control_plane_pods("minikube", registry):
            self.api.create(minikube.as_mirror(pod, node, self.clock.timestamp()))
        self.api.create(minikube.coredns_deployment(1, registry))
        self.api.create(minikube.kube_proxy_daemonset(registry))
        pod = minikube.storage_provisioner_pod("minikube")
        pod["spec"]["nodeName"] = "minikube"
        self.api.create(pod)
        # the storage-provisioner addon: its provisioner and the default class `standard`
        self.extensions["storage-provisioner"] = self.storage.add_minikube_provisioner()
        self.api.create(minikube_default_class())

    # -------------------------------------------------------------------- time
    @property
    def now(self) -> float:
        return self.clock.now

    def _components(self) -> list:
        return [*self.controllers, self.scheduler, *self.kubelets.values(), *self.extensions.values()]

    def pump(self) -> None:
        """Run everything due at the current instant until nothing is left.

        Each pass drains every component in a fixed order; a kubelet with nothing
        queued is passed over without a call (draining it would do nothing): a
        5,000-node cluster's pass costs what its busy nodes do."""
        for _ in range(HOT_LOOP_GUARD):
            did = self.clock.fire_due()
            for component in self._components():
                if type(component) is Kubelet and not component.queue:
                    continue
                drain = getattr(component, "drain", None)
                if drain is not None and drain():
                    did = True
            if not did:
                # the instant's changes reach kube-proxy together: one sync request
                # (it writes nothing to the API, so nothing more follows from it)
                self.proxy.flush()
                return
        raise HotLoop(f"the cluster did not settle at t={self.clock.now}s (a controller keeps requeueing)")

    def run(self, seconds: float) -> None:
        """Advance simulated time by ``seconds``, letting every component act on the way."""
        self.run_until(self.clock.now + float(seconds))

    def run_until(self, t: float, stop: Callable[[], bool] | None = None) -> bool:
        """Advance to time ``t`` (or until ``stop()`` holds, checked after each instant)."""
        with self.lock, relaxed():
            return self.clock.run_until(t, stop)

    def settle(self, limit: float = 600.0) -> float:
        """Advance until the system has no work in flight (pulls, starts,
        terminations ...), at most ``limit`` seconds.  Returns the seconds taken."""
        with self.lock, relaxed():
            return self.clock.settle(limit)

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Advance until ``condition()`` holds or ``timeout`` seconds pass."""
        return self.run_until(self.clock.now + timeout, condition)

    # ----------------------------------------------------------------- facade
    def kubectl(self, cmdline: str | list[str], stdin: str | None = None, *, kubeconfig: dict | None = None) -> Result:
        """Run a kubectl command line against this cluster (with ``kubeconfig``: the
        kubectl of a host that has that kubeconfig, e.g. a kubeadm machine's)."""
        from .kubectl import cli          # the facade hands command lines to the client
        with self.lock, relaxed():
            result = cli.run(self.client_session(kubeconfig), cmdline, stdin=stdin, cwd=self.cwd or os.getcwd())
            if self.pause:
                self.run(self.pause)
        return result

    def client_session(self, kubeconfig: dict | None = None):
        """What a kubectl client gets (kubelab.kubectl.session): the API, the clock and
        the callbacks that move it, the RNG, the learner's computer's loopback ports,
        and its kubeconfig (the learner's ~/.kube/config unless another is given)."""
        from .kubectl.session import Session
        if kubeconfig is None:
            if self._kubeconfig is None:     # what `minikube start` wrote
                self._kubeconfig = minikube.default_kubeconfig(self)
            kubeconfig = self._kubeconfig
        return Session(self.api, self.clock, self.rng, self.run, self.run_until, self.wait_for, self.settle,
                       self.pump, kubeconfig=kubeconfig, local_ports=self.network.forwards)

    def addon(self, name: str, start: Callable[[], Any]) -> Any:
        """The add-on ``name`` (kubeadm's cluster state, minikube tunnel ...), started
        with ``start()`` on first use; its ``drain()`` runs with the other components."""
        if name not in self.extensions:
            self.extensions[name] = start()
        return self.extensions[name]

    def serve(self, port: int = 0, *, clock: str = "notebook", speed: float = 1.0, kubeconfig: str | None = None):
        """Serve the Kubernetes API over HTTPS on 127.0.0.1 (kubelab.server): returns a
        handle with ``url``, ``kubeconfig`` (a file for the real kubectl), ``stop()``;
        also a context manager.  ``clock="live"`` lets simulated time follow the wall
        clock, ``speed`` times as fast."""
        from .server import serve         # the facade's entry to the client-facing server
        return serve(self, port, clock=clock, speed=speed, kubeconfig=kubeconfig)

    def fail_node(self, name: str) -> None:
        """Power a node off: its kubelet stops (no status, no Lease renewals) and its
        containers die.  After the grace period the node controller marks it
        NotReady; five minutes later its pods are evicted and replaced elsewhere."""
        self.kubelets[name].fail()

    def restart_kubelet(self, name: str, down: float = 2.0) -> None:
        """``systemctl restart kubelet`` on node ``name``: the kubelet is gone for ``down``
        seconds; the containers keep running (see Kubelet.restart)."""
        self.kubelets[name].restart(down)

    def recover_node(self, name: str) -> None:
        """Power the node on again: the kubelet posts Ready and starts its pods afresh."""
        self.kubelets[name].recover()

    def get(self, kind: str, name: str, namespace: str = "default") -> Obj | None:
        """The object as the API holds it (a copy), or None."""
        rt = self.api.resource(kind)
        return self.api.try_get(rt, name, namespace if rt.namespaced else None)

    def curl(self, url: str, from_pod: str | None = None, namespace: str = "default", method: str = "GET",
             headers: dict[str, str] | None = None, from_node: str | None = None):
        """One HTTP request through the simulated network (see kubelab.network.traffic):
        ``.status``, ``.body``, ``.pod`` (who answered), ``.trace`` (every hop).
        ``from_pod`` sends it from inside a pod, ``from_node`` from a node's shell."""
        with self.lock:
            self.proxy.flush()   # changes made since the last instant reach kube-proxy first
            return self.network.curl(url, from_pod, namespace, method, headers, from_node=from_node)

    def resolve(self, name: str, namespace: str = "default"):
        """What cluster DNS answers a pod in ``namespace`` for ``name`` (kubelab.network.dns):
        ``.found``, ``.ips``, ``.fqdn``, ``.cname``, ``.headless``."""
        return self.network.resolve(name, namespace)

    def volume_files(self, pv_name: str) -> dict[str, str]:
        """The files on a PersistentVolume's backing store (path -> text): what stays
        on the disk when the pods that wrote them are gone."""
        return self.storage.files(pv_name)

    def minikube(self, cmdline: str) -> Result:
        """``minikube ip | service NAME [--url] | tunnel`` (kubelab.network.minikube)."""
        def tunnel(node_ip: str):
            return self.addon("minikube-tunnel", lambda: network_minikube.Tunnel(self.api, self.network, node_ip))
        words = cmdline.split()
        words = words[1:] if words[:1] == ["minikube"] else words
        if words[:1] == ["addons"]:
            return setup_addons.run(self.api, words[1:])
        return network_minikube.run(self.api, self.node_ips, tunnel, self.pump, cmdline)

    def actions_since(self, t: float) -> list:
        return [a for a in self.api.actions if a.time >= t]
