"""The kubelet of one node and its container runtime.

It watches the pods bound to its node and drives each through sandbox creation,
image pulls, container start (with the postStart hook), restarts with back-off
and termination (preStop hook, SIGTERM, grace period, SIGKILL), writing the
pod's status and the events ``kubectl describe pod`` shows.  Each step that
takes time is a clock timer, so a learner can look between the steps.  It also
renews its node's Lease every 10 s: the heartbeat the node lifecycle
controller watches.

Simplifications (said in chapter 13): a restart after a back-off happens
exactly when the back-off ends (the real kubelet notices at its next pod sync,
up to ~10 s later); a failed node loses its containers, and on recovery the
kubelet starts its pods afresh.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..api.gofmt import go_quote
from ..api.meta import Obj, is_deleting
from ..api.workqueue import WorkQueue
from ..apps.base import FileSystem
from ..clock import parse_timestamp
from . import status as podstatus
from .env import EnvError, pod_files, process_env, resolve_env
from .runtime import Backoff, ContainerLog, ContainerState, Context
from .server import KubeletServer
from .termination import DEFAULT_PATH as TERMINATION_LOG, termination_message
from . import volumes as podvolumes
from .volumes import VolumeError, build_volumes

if TYPE_CHECKING:
    import random

    from ..api.store import Store
    from ..clock import Clock
    from ..controllers.events import Recorder

SANDBOX_SECONDS = 1.0          # creating the pod sandbox (pause container, network)
START_SECONDS = 0.5            # create + start a container once its image is there
MAX_BACKOFF = 300.0            # the kubelet's MaxContainerBackOff (and MaxImageBackOff)
INITIAL_BACKOFF = 10.0         # backOffPeriod
BACKOFF_RESET = 2 * MAX_BACKOFF   # flowcontrol: an entry older than twice the maximum starts over
LEASE_RENEW = 10.0             # nodeLease renewInterval (0.25 x leaseDurationSeconds 40)
LEASE_DURATION = 40
MIN_GRACE = 2.0                # minimumGracePeriodInSeconds after a long preStop hook
CONFIG_RETRY_SECONDS = 10.0    # the pod worker's back-off after a failed sync (workerBackOffPeriod)


@dataclass
class PodWorker:
    key: str
    uid: str
    pod: Obj
    containers: dict[str, ContainerState] = field(default_factory=dict)
    init_order: list[str] = field(default_factory=list)
    app_order: list[str] = field(default_factory=list)
    sandbox_ready: bool = False
    ip: str = ""
    volumes: dict[str, FileSystem] = field(default_factory=dict)
    start_time: str = ""
    terminating: bool = False
    kill_timer: Any = None
    done: bool = False                 # terminal phase reached: nothing more to run
    removed: bool = False
    terminal: bool = False             # deleted and every container stopped: phase is final
    refresh_timer: Any = None          # a pending re-projection of configMap/secret volumes


class Kubelet:
    component = "kubelet"

    def __init__(self, node_name: str, api: "Store", clock: "Clock", recorder: "Recorder",
                 rng: "random.Random", images, ip_allocator: Callable[[], str], release_ip: Callable[[str], None],
                 runtime_prefix: str = "docker"):
        self.node_name = node_name
        self.api = api
        self.clock = clock
        self.recorder = recorder
        self.rng = rng
        self.images = images                      # the simulated registry (kubelab.apps.images)
        self.allocate_ip = ip_allocator
        self.release_ip = release_ip
        self.runtime_prefix = runtime_prefix
        self.image_store: dict[str, Obj] = {}     # normalised reference -> image info (the node's images)
        self.blocked_registries: frozenset[str] = frozenset()   # registries this node cannot reach
        self.registry_mirrors: dict[str, list[str]] = {}       # the runtime's mirrors (daemon.json, hosts.toml)
        self.network_ready: Callable[[], bool] | None = None   # set by kubeadm: is a CNI config installed?
        self.pulling: dict[str, list[Callable[[], None]]] = {}
        self.workers: dict[str, PodWorker] = {}
        self.queue = WorkQueue()
        self.network_http = None                  # set by the cluster: outbound HTTP for programs
        self.network_dns = None                   # set by the cluster: a program's DNS lookup (nslookup)
        self.host_paths: dict[str, FileSystem] = {}   # set by the cluster: this node's hostPath directories
        self.claim_fs = None                      # set by the cluster: claim_fs(ns, claimName) -> a volume's FileSystem
        self.probes = None                        # set by the cluster: the prober manager
        self.host_ip = ""
        self.stopped = False                      # a failed node: the kubelet does nothing
        self.backoff = Backoff(INITIAL_BACKOFF, MAX_BACKOFF)         # container restarts
        self.image_backoff = Backoff(INITIAL_BACKOFF, MAX_BACKOFF)   # image pulls
        self.lease_timer = None
        api.watch(self._on_pod, "Pod", node=node_name)     # the kubelet's spec.nodeName field selector
        api.connector.add_node(node_name, KubeletServer(self))   # logs, exec, attach, port-forward
        for kind in ("ConfigMap", "Secret"):
            api.watch(self._on_config, kind)

    # ------------------------------------------------------------------ watch
    def _enqueue(self, key: str) -> None:
        self.queue.add(key)

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        if pod["spec"].get("nodeName") != self.node_name:
            return
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        if etype == "DELETED":
            w = self.workers.get(key)
            if w is not None and w.uid == pod["metadata"]["uid"]:
                w.removed = True
        self._enqueue(key)

    def _on_config(self, etype: str, obj: Obj, old: Obj | None) -> None:
        # Pods that wait for a ConfigMap/Secret retry on their own back-off timers (as the
        # kubelet does); pods that mount this one see the change at their next periodic
        # sync (volumes.SYNC_PERIOD after the last one), never at once.
        if etype == "DELETED":
            return
        kind = "configmaps" if obj["kind"] == "ConfigMap" else "secrets"
        ns, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
        for key, w in self.workers.items():
            if key.startswith(ns + "/") and w.volumes and podvolumes.uses(w.pod, kind, name):
                self._schedule_volume_refresh(w)

    def _schedule_volume_refresh(self, w: PodWorker) -> None:
        if w.refresh_timer is not None:
            return
        since = self.clock.now - parse_timestamp(w.start_time)
        delay = podvolumes.SYNC_PERIOD - since % podvolumes.SYNC_PERIOD

        def refresh() -> None:
            w.refresh_timer = None
            if self._live(w.key, w) and not w.terminating:
                podvolumes.refresh(self.api, w.pod, w.volumes)
        w.refresh_timer = self.clock.schedule(delay, refresh, label=f"sync volumes {w.key}")

    def drain(self) -> bool:
        return self.queue.drain(self.api, "kubelet", lambda key: None if self.stopped else self.sync_pod(key))

    def _event(self, pod: Obj, etype: str, reason: str, message: str, container: str | None = None, init=False) -> None:
        fp = f"spec.{'initContainers' if init else 'containers'}{{{container}}}" if container else ""
        self.recorder.event(pod, etype, reason, message, component="kubelet", host=self.node_name, field_path=fp)

    # -------------------------------------------------------------- pod sync
    def sync_pod(self, key: str) -> None:
        ns, name = key.split("/", 1)
        # The stored object itself: the store replaces objects on every write and
        # never changes one in place, and the kubelet only reads it.
        pod = self.api.peek("pods", name, ns)
        w = self.workers.get(key)
        if w is not None and (pod is None or pod["metadata"]["uid"] != w.uid):
            self._teardown(w)
            del self.workers[key]
            w = None
        if pod is None or pod["spec"].get("nodeName") != self.node_name:
            return
        if w is None:
            w = self._new_worker(key, pod)
        w.pod = pod
        if is_deleting(pod):
            self._terminate(w)
        self._write_status(w)

    def _new_worker(self, key: str, pod: Obj) -> PodWorker:
        w = PodWorker(key, pod["metadata"]["uid"], pod, start_time=self.clock.timestamp())
        for c in pod["spec"].get("initContainers") or []:
            w.containers[c["name"]] = ContainerState(c["name"], c, init=True)
            w.init_order.append(c["name"])
        for c in pod["spec"].get("containers") or []:
            w.containers[c["name"]] = ContainerState(c["name"], c)
            w.app_order.append(c["name"])
        for cs in w.containers.values():
            if cs.init:
                cs.state = {"waiting": {"reason": "PodInitializing"}}
        if w.init_order:
            for n in w.app_order:
                w.containers[n].state = {"waiting": {"reason": "PodInitializing"}}
        self.workers[key] = w
        if not is_deleting(pod):
            self.clock.schedule(SANDBOX_SECONDS, lambda: self._sandbox_ready(key, w), label=f"sandbox {key}", busy=True)
        return w

    def _live(self, key: str, w: PodWorker) -> bool:
        return self.workers.get(key) is w and not w.removed and not self.stopped

    def _sandbox_ready(self, key: str, w: PodWorker) -> None:
        if not self._live(key, w) or w.terminating:
            return
        if w.pod["spec"].get("hostNetwork"):
            w.ip = self.host_ip
        else:
            w.ip = self.allocate_ip()
        w.sandbox_ready = True
        try:
            w.volumes = build_volumes(self.api, w.pod, self.host_paths, self.claim_fs)
        except VolumeError as err:
            self._event(w.pod, "Warning", "FailedMount", err.message)
            w.sandbox_ready = True
            self.clock.schedule(podvolumes.mount_backoff(1), lambda: self._retry_volumes(key, w, 2), label=f"mount retry {key}")
            self._write_status(w)
            return
        self._advance(w)
        self._write_status(w)

    def _retry_volumes(self, key: str, w: PodWorker, attempt: int = 2) -> None:
        if not self._live(key, w) or w.terminating:
            return
        try:
            w.volumes = build_volumes(self.api, w.pod, self.host_paths, self.claim_fs)
        except VolumeError as err:
            self._event(w.pod, "Warning", "FailedMount", err.message)
            self.clock.schedule(podvolumes.mount_backoff(attempt), lambda: self._retry_volumes(key, w, attempt + 1),
                                label=f"mount retry {key}")
            return
        self._advance(w)
        self._write_status(w)

    def _advance(self, w: PodWorker) -> None:
        """Start whatever may start now: the next init container, else every app container."""
        if w.terminating or w.done or not w.volumes and self._needs_volumes(w):
            return
        for name in w.init_order:
            cs = w.containers[name]
            term = cs.state.get("terminated")
            if term and term.get("exitCode") == 0:
                continue
            sidecar = cs.spec.get("restartPolicy") == "Always"
            if sidecar and cs.running and cs.started:
                continue
            if cs.running or cs.backoff_timer is not None or "pulling" in cs.state.get("waiting", {}).get("_", ""):
                return
            if "waiting" in cs.state and cs.state["waiting"].get("reason") in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                self._ensure_image(w, cs)
            return
        for name in w.app_order:
            cs = w.containers[name]
            if "waiting" in cs.state and cs.state["waiting"].get("reason") in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                cs.state = {"waiting": {"reason": "ContainerCreating"}} if cs.state["waiting"].get("reason") == "PodInitializing" else cs.state
                self._ensure_image(w, cs)

    def _needs_volumes(self, w: PodWorker) -> bool:
        return bool(w.pod["spec"].get("volumes"))

    # ----------------------------------------------------------------- images
    def _ensure_image(self, w: PodWorker, cs: ContainerState) -> None:
        """EnsureImageExists (pkg/kubelet/images/image_manager.go)."""
        if getattr(cs, "_pending", False):
            return
        image = cs.spec.get("image", "")
        policy = cs.spec.get("imagePullPolicy", "IfNotPresent")
        info = self.images.resolve(image, self.blocked_registries, self.registry_mirrors)
        if getattr(info, "error", None) is not None:
            info = self.images.for_runtime(info, self.runtime_prefix)
        if getattr(info, "reason", "") == "InvalidImageName":
            # Not retried with a back-off: the name will never parse.
            cs.state = {"waiting": {"reason": "InvalidImageName", "message": info.message}}
            self._event(w.pod, "Warning", "InspectFailed", info.message, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: InvalidImageName", cs.name, cs.init)
            return
        ref = getattr(info, "reference", image)
        # `docker tag` puts an image on the node under any name, even one no registry serves
        present = ref in self.image_store or _store_key(image) in self.image_store
        if policy == "Never" and not present:
            msg = f'Container image "{image}" is not present with pull policy of Never'
            cs.state = {"waiting": {"reason": "ErrImageNeverPull", "message": msg}}
            self._event(w.pod, "Warning", "ErrImageNeverPull", msg, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ErrImageNeverPull", cs.name, cs.init)
            return
        if present and policy != "Always":
            self._event(w.pod, "Normal", "Pulled", f'Container image "{image}" already present on machine', cs.name, cs.init)
            cs._pending = True
            self.clock.schedule(START_SECONDS, lambda: self._create_and_start(w, cs), label=f"start {w.key}/{cs.name}", busy=True)
            return
        key = f"{w.uid}_{image}"
        now = self.clock.now
        if self.image_backoff.is_in_backoff_since_update(key, now):
            # The waiting message carries the last pull error (v1.32, kubernetes#127918).
            msg = f'Back-off pulling image "{image}"'
            self._event(w.pod, "Normal", "BackOff", msg, cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ImagePullBackOff", cs.name, cs.init)
            cs.state = {"waiting": {"reason": "ImagePullBackOff",
                                    "message": f"{msg}: {cs.pull_error}" if cs.pull_error else msg}}
            backoff, updated = self.image_backoff.entries[key]
            cs._pending = True
            self.clock.schedule(updated + backoff - now, lambda: self._retry_pull(w, cs),
                                label=f"pull retry {w.key}/{cs.name}")
            return
        cs.pull_error = ""
        self._pull(w, cs, image, info)

    def _retry_pull(self, w: PodWorker, cs: ContainerState) -> None:
        cs._pending = False
        if not self._live(w.key, w) or w.terminating:
            return
        self._ensure_image(w, cs)
        self._write_status(w)

    def _pull(self, w: PodWorker, cs: ContainerState, image: str, info) -> None:
        self._event(w.pod, "Normal", "Pulling", f'Pulling image "{image}"', cs.name, cs.init)
        cs._pending = True
        started = self.clock.now
        error = getattr(info, "error", None) if info is not None else None
        ref = getattr(info, "reference", image)
        seconds = self.images.pull_seconds(info) if error is None else self.images.error_seconds(info)
        if ref in self.pulling and error is None:
            # Pulls are serialised per image: wait for the one already running.
            self.pulling[ref].append(lambda: self._pulled(w, cs, image, info, started, seconds))
            return
        self.pulling.setdefault(ref, [])

        def done() -> None:
            waiters = self.pulling.pop(ref, [])
            self._pulled(w, cs, image, info, started, seconds)
            for fn in waiters:
                fn()
        self.clock.schedule(seconds, done, label=f"pull {image} on {self.node_name}", busy=True)

    def _pulled(self, w: PodWorker, cs: ContainerState, image: str, info, started: float, seconds: float) -> None:
        cs._pending = False
        if not self._live(w.key, w) or w.terminating:
            return
        error = getattr(info, "error", None)
        if error is not None:
            self._pull_failed(w, cs, image, error)
            return
        self.image_store[info.reference] = info
        total = self.clock.now - started
        self._event(w.pod, "Normal", "Pulled",
                    f'Successfully pulled image "{image}" in {go_duration(seconds)} ({go_duration(total)} including waiting). '
                    f'Image size: {info.reported_size(self.runtime_prefix)} bytes.', cs.name, cs.init)
        cs._pending = True
        self.clock.schedule(START_SECONDS, lambda: self._create_and_start(w, cs), label=f"start {w.key}/{cs.name}", busy=True)

    def _pull_failed(self, w: PodWorker, cs: ContainerState, image: str, error: str) -> None:
        self._event(w.pod, "Warning", "Failed", f'Failed to pull image "{image}": {error}', cs.name, cs.init)
        self._event(w.pod, "Warning", "Failed", "Error: ErrImagePull", cs.name, cs.init)
        self.image_backoff.next(f"{w.uid}_{image}", self.clock.now, self.clock.now)
        cs.pull_error = f"ErrImagePull: {error}"
        cs.state = {"waiting": {"reason": "ErrImagePull", "message": error}}
        self._write_status(w)
        # The pod worker syncs again at once and finds the back-off running.
        cs._pending = True
        self.clock.schedule(1.0, lambda: self._retry_pull(w, cs), label=f"pull backoff {w.key}/{cs.name}")

    # ------------------------------------------------------------- containers
    def _retry_config(self, w: PodWorker, cs: ContainerState) -> None:
        if self._live(w.key, w) and not w.terminating and \
                cs.state.get("waiting", {}).get("reason") == "CreateContainerConfigError":
            self._ensure_image(w, cs)

    def _create_and_start(self, w: PodWorker, cs: ContainerState) -> None:
        cs._pending = False
        if not self._live(w.key, w) or w.terminating:
            return
        try:
            services = getattr(self, "service_env", None)     # set by the cluster: Service env vars
            env = resolve_env(self.api, w.pod, cs.spec, services(w.pod) if services else None)
        except EnvError as err:
            cs.state = {"waiting": {"reason": "CreateContainerConfigError", "message": err.message}}
            self._event(w.pod, "Warning", "Failed", f"Error: {err.message}", cs.name, cs.init)
            self._write_status(w)
            # The pod worker retries a failed sync after its back-off period (10 s).
            self.clock.schedule(CONFIG_RETRY_SECONDS, lambda: self._retry_config(w, cs),
                                label=f"config retry {w.key}/{cs.name}")
            return
        info = (self.image_store.get(getattr(self.images.resolve(cs.spec["image"]), "reference", cs.spec["image"]))
                or self.image_store.get(_store_key(cs.spec["image"])))
        argv = self.images.command_for(info, cs.spec, env)    # $(VAR) of the kubelet's env only, as it expands them
        fs = FileSystem()
        fs.files.update(pod_files(w.pod, w.ip))           # /etc/hosts, /etc/resolv.conf, /etc/hostname
        for mount in cs.spec.get("volumeMounts") or []:
            podvolumes.mount_into(fs, mount, w.volumes)
        cs.container_id = f"{self.runtime_prefix}://" + hashlib.sha256(
            f"{w.uid}/{cs.name}/{cs.restart_count}".encode()).hexdigest()
        cs.image_id = getattr(info, "image_id", "")
        self._event(w.pod, "Normal", "Created", f"Created container {cs.name}", cs.name, cs.init)
        start_error = self.images.start_error(info, argv) if hasattr(self.images, "start_error") else None
        if start_error:
            self._event(w.pod, "Warning", "Failed", f"Error: {start_error}", cs.name, cs.init)
            now = self.clock.timestamp()
            cs.state = {"terminated": {"exitCode": 128, "reason": "StartError", "message": start_error,
                                       "startedAt": "1970-01-01T00:00:00Z", "finishedAt": now, "containerID": cs.container_id}}
            cs.finished_at = self.clock.now
            self._after_exit(w, cs, 128)
            return
        self._event(w.pod, "Normal", "Started", f"Started container {cs.name}", cs.name, cs.init)
        cs.started_at = self.clock.now
        cs.state = {"running": {"startedAt": self.clock.timestamp()}}
        cs.stopping = False
        cs.kill_reason = ""
        has_startup = bool(cs.spec.get("startupProbe"))
        cs.started = not has_startup
        sidecar = cs.init and cs.spec.get("restartPolicy") == "Always"
        cs.ready = not cs.spec.get("readinessProbe") and not has_startup and (not cs.init or sidecar)
        env = process_env(w.pod, getattr(info, "env", None), env, getattr(info, "home", "/root"), self.runtime_prefix)
        ctx = Context(self, w.pod | {"status": {**w.pod.get("status", {}), "podIP": w.ip}}, cs, env, fs, argv, cs.restart_count)
        cs.ctx = ctx
        if cs.logs:
            cs.previous_logs = cs.logs
        cs.logs = ContainerLog()
        tpath = cs.spec.get("terminationMessagePath", TERMINATION_LOG)
        if tpath:
            fs.write(tpath, "")       # a fresh, empty termination-log file for every start
        cs.stop_signal = getattr(info, "stop_signal", "SIGTERM")
        cs.app = self.images.app_for(info, ctx)
        cs.app.start()
        post_start = (cs.spec.get("lifecycle") or {}).get("postStart")
        if post_start and cs.running and not self._run_post_start(w, cs, post_start):
            return
        if self.probes is not None and cs.running:
            self.probes.container_started(self, w, cs)
        if cs.running:
            self._advance(w)
        self._write_status(w)

    def _run_post_start(self, w: PodWorker, cs: ContainerState, handler: Obj) -> bool:
        """Run the postStart hook; a failure kills the container (FailedPostStartHook)."""
        msg, _ = self.run_handler(w, cs, handler)
        if msg is None:
            return True
        # v1.32 keeps the hook's output out of the event (it may hold secrets); the
        # container's waiting state carries it (PostStartHookError).
        self._event(w.pod, "Warning", "FailedPostStartHook", "PostStartHook failed", cs.name, cs.init)
        self.kill_container(w, cs, "FailedPostStartHook")
        if cs.terminated:
            cs.state = {"waiting": {"reason": "PostStartHookError", "message": msg}}
            self._write_status(w)
        return False

    def container_exited(self, pod: Obj, cs: ContainerState, code: int, reason: str | None) -> None:
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        w = self.workers.get(key)
        if w is None or not cs.running:
            return
        now = self.clock.timestamp()
        reason = reason or ("Completed" if code == 0 else "Error")
        if cs.kill_timer is not None:
            cs.kill_timer.cancel()
            cs.kill_timer = None
        terminated = {"exitCode": code, "reason": reason, "startedAt": cs.state["running"]["startedAt"],
                      "finishedAt": now, "containerID": cs.container_id}
        fs = cs.ctx.fs if cs.ctx is not None else None
        message = termination_message(fs.read if fs is not None else (lambda path: None),
                                      cs.spec.get("terminationMessagePath", TERMINATION_LOG),
                                      cs.spec.get("terminationMessagePolicy", "File"), code, reason, cs.logs.lines)
        if message:
            terminated["message"] = message
        cs.state = {"terminated": terminated}
        cs.finished_at = self.clock.now
        cs.ready = False
        cs.stopping = False
        if cs.app is not None:
            cs.app.running = False
        if self.probes is not None:
            self.probes.container_stopped(self, w, cs)
        if self.stopped:
            return
        self._after_exit(w, cs, code)

    def restart_allowed(self, w: PodWorker, cs: ContainerState, code: int) -> bool:
        """Will the kubelet start this container again (the pod's restartPolicy,
        or Always for a sidecar)?"""
        policy = w.pod["spec"].get("restartPolicy", "Always")
        if cs.init and cs.spec.get("restartPolicy") == "Always":
            return True
        if cs.init:
            return code != 0 and policy != "Never"
        return policy == "Always" or (policy == "OnFailure" and code != 0)

    def _after_exit(self, w: PodWorker, cs: ContainerState, code: int) -> None:
        if w.terminating:
            self._maybe_finish_termination(w)
            self._write_status(w)
            return
        if self.restart_allowed(w, cs, code):
            # doBackOff (kuberuntime_manager.go): the first exit restarts at once
            # and starts a 10 s window; an exit inside the window waits it out,
            # and each restart doubles it, up to 5 minutes.
            key = self._backoff_key(w, cs)
            if self.backoff.is_in_backoff_since(key, cs.finished_at, self.clock.now):
                self._schedule_restart(w, cs, self.backoff.remaining_since(key, cs.finished_at, self.clock.now))
            else:
                self._schedule_restart(w, cs, 0.0)
        elif cs.init and code == 0:
            self._advance(w)
        self._write_status(w)

    @staticmethod
    def _backoff_key(w: PodWorker, cs: ContainerState) -> str:
        pod = w.pod["metadata"]
        return f"{pod['name']}_{pod['namespace']}_{w.uid}_{cs.name}"

    def _schedule_restart(self, w: PodWorker, cs: ContainerState, delay: float) -> None:
        key, pod = w.key, w.pod
        finished = cs.finished_at

        def restart() -> None:
            cs.backoff_timer = None
            if not self._live(key, w) or w.terminating:
                return
            self.backoff.next(self._backoff_key(w, cs), finished, self.clock.now)
            if cs.terminated:
                cs.last_state = {"terminated": cs.state["terminated"]}
            cs.restart_count += 1
            cs.state = {"waiting": {"reason": "ContainerCreating"}}
            self._ensure_image(w, cs)
            self._write_status(w)

        cs.last_state = {"terminated": cs.state["terminated"]} if cs.terminated else cs.last_state
        if delay <= 0:
            cs.backoff_timer = self.clock.schedule(0.1, restart, label=f"restart {key}/{cs.name}", busy=True)
            return
        backoff = self.backoff.get(self._backoff_key(w, cs))
        msg = (f"back-off {go_duration(backoff)} restarting failed container={cs.name} "
               f"pod={pod['metadata']['name']}_{pod['metadata']['namespace']}({w.uid})")
        cs.state = {"waiting": {"reason": "CrashLoopBackOff", "message": msg}}
        self._event(pod, "Warning", "BackOff",
                    f"Back-off restarting failed container {cs.name} in pod {pod['metadata']['name']}_{pod['metadata']['namespace']}({w.uid})",
                    cs.name, cs.init)
        cs.backoff_timer = self.clock.schedule(delay, restart, label=f"restart {key}/{cs.name}")

    # ------------------------------------------------------------ hooks
    def run_handler(self, w: PodWorker, cs: ContainerState, handler: Obj) -> tuple[str | None, float]:
        """Run a lifecycle handler in the container: (failure message or None, seconds it took)."""
        from .probes import run_exec_timed, http_action
        pod = w.pod
        who = f'for Container "{cs.name}" in Pod "{pod["metadata"]["name"]}_{pod["metadata"]["namespace"]}({w.uid})"'
        if handler.get("exec"):
            argv = list(handler["exec"].get("command") or [])
            result, seconds = run_exec_timed(cs, argv)
            if result.exit_code == 0:
                return None, seconds
            output = result.stdout + result.stderr
            err = f"command '{' '.join(argv)}' exited with {result.exit_code}: {result.stderr}"
            return (f"Exec lifecycle hook ([{' '.join(argv)}]) {who} failed - error: {err}, "
                    f"message: {go_quote(output)}"), seconds
        if handler.get("httpGet"):
            ok, output = http_action(self, w, cs, handler["httpGet"])
            if ok:
                return None, 0.0
            return f"HTTP lifecycle hook ({handler['httpGet'].get('path', '')}) {who} failed - error: {output}", 0.0
        if handler.get("sleep"):
            return None, float(handler["sleep"].get("seconds") or 0)
        return None, 0.0

    # ------------------------------------------------------------ termination
    def kill_container(self, w: PodWorker, cs: ContainerState, message: str = "", grace: float | None = None) -> None:
        """killContainer: the Killing event, the preStop hook, SIGTERM, and SIGKILL
        when the grace period (less the hook's time, at least 2 s) runs out."""
        if not cs.running or cs.stopping:
            return
        if grace is None:
            grace = self._grace_period(w)
        cs.stopping = True
        cs.kill_reason = message
        self._event(w.pod, "Normal", "Killing", message or f"Stopping container {cs.name}", cs.name, cs.init)
        if self.probes is not None:
            self.probes.container_stopped(self, w, cs)
        cs.ready = False
        pre_stop = (cs.spec.get("lifecycle") or {}).get("preStop")
        hook_seconds = 0.0
        if pre_stop and grace > 0:
            msg, hook_seconds = self.run_handler(w, cs, pre_stop)
            hook_seconds = min(hook_seconds, grace)
            if msg is not None:      # the output stays out of the event, as for postStart
                self._event(w.pod, "Warning", "FailedPreStopHook", "PreStopHook failed", cs.name, cs.init)
        remaining = max(grace - hook_seconds, MIN_GRACE) if pre_stop and grace > 0 else grace
        generation = cs.ctx

        def sigkill() -> None:
            cs.kill_timer = None
            if cs.running and cs.ctx is generation:
                cs.app.signal("SIGKILL")
                if cs.running:
                    self.container_exited(w.pod, cs, 137, "Error")

        def sigterm() -> None:
            if not (cs.running and cs.ctx is generation):
                return
            if remaining <= 0:
                sigkill()
                return
            cs.app.signal(cs.stop_signal)     # the runtime sends the image's STOPSIGNAL
            if cs.running:
                cs.kill_timer = self.clock.schedule(remaining, sigkill, label=f"SIGKILL {w.key}/{cs.name}", busy=True)

        if hook_seconds > 0:
            cs.kill_timer = self.clock.schedule(hook_seconds, sigterm, label=f"preStop {w.key}/{cs.name}", busy=True)
        else:
            sigterm()

    def _grace_period(self, w: PodWorker) -> float:
        grace = w.pod["metadata"].get("deletionGracePeriodSeconds") if w.terminating else None
        if grace is None:
            grace = w.pod["spec"].get("terminationGracePeriodSeconds", 30)
        return float(max(grace, 0))

    def _terminate(self, w: PodWorker) -> None:
        if w.terminating:
            # A shorter grace period (a second delete, --force) cuts the wait short.
            if w.pod["metadata"].get("deletionGracePeriodSeconds") == 0:
                for cs in w.containers.values():
                    if cs.running:
                        cs.app.signal("SIGKILL")
                        if cs.running:
                            self.container_exited(w.pod, cs, 137, "Error")
            return
        w.terminating = True
        for name in w.init_order + w.app_order:
            cs = w.containers[name]
            if cs.backoff_timer is not None:
                cs.backoff_timer.cancel()
                cs.backoff_timer = None
            if cs.running:
                self.kill_container(w, cs)
        self._maybe_finish_termination(w)

    def _maybe_finish_termination(self, w: PodWorker) -> None:
        if any(cs.running for cs in w.containers.values()):
            return
        if w.kill_timer is not None:
            w.kill_timer.cancel()
            w.kill_timer = None
        key = w.key
        w.terminal = True

        def finish() -> None:
            if self.workers.get(key) is not w or self.stopped:
                return
            self._write_status(w)
            ns, name = key.split("/", 1)
            pod = self.api.peek("pods", name, ns)
            if pod is not None and pod["metadata"]["uid"] == w.uid:
                self.api.delete("pods", name, ns, grace_period=0, preconditions_uid=w.uid)
        self.clock.schedule(0.2, finish, label=f"remove {key}", busy=True)

    def _teardown(self, w: PodWorker) -> None:
        for cs in w.containers.values():
            if cs.backoff_timer is not None:
                cs.backoff_timer.cancel()
            if cs.running and cs.app is not None:
                cs.app.running = False
            if self.probes is not None:
                self.probes.container_stopped(self, w, cs)
            cs.ctx = None
        if w.ip and w.ip != self.host_ip:
            self.release_ip(w.ip)
        w.ip = ""

    # ------------------------------------------------------- pod network
    def pod_local_http(self, pod: Obj, url: str, method: str = "GET"):
        """A request to localhost (or the pod's own IP) from inside the pod: the
        containers share one network namespace, so a sibling's port answers."""
        from urllib.parse import urlsplit

        from ..apps.base import Request, Response
        parts = urlsplit(url if "://" in url else "http://" + url)
        host = parts.hostname or ""
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        w = self.workers.get(key)
        if w is None or host not in ("localhost", "127.0.0.1", w.ip or "-"):
            return None
        port = parts.port or 80
        target = "127.0.0.1" if host == "localhost" else host
        for cs in w.containers.values():
            if cs.running and cs.app is not None and cs.app.is_listening(port):
                req = Request(method=method, path=(parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                              host=parts.netloc, port=port, client_ip=target if target != "127.0.0.1" else "127.0.0.1")
                return cs.app.http(req)
        return Response(0, f"can't connect to remote host ({target}): Connection refused")

    def listener(self, key: str, port: int):
        """(container name, program) of the running container of pod ``key`` that
        listens on ``port``: where the pod network delivers a connection."""
        w = self.workers.get(key)
        if w is None or w.removed:
            return None
        for cname, cs in w.containers.items():
            if cs.running and cs.app is not None and cs.app.is_listening(port):
                return cname, cs.app
        return None

    def host_network_pods(self) -> list[str]:
        return [k for k, w in sorted(self.workers.items()) if w.pod["spec"].get("hostNetwork")]

    # ------------------------------------------------------- the kubelet's server (logs, exec)
    def find_container(self, pod: Obj, container: str) -> ContainerState | None:
        w = self.workers.get(f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")
        if w is None or w.uid != pod["metadata"]["uid"]:
            return None
        return w.containers.get(container)

    # ------------------------------------------------------- node heartbeat
    def start_heartbeat(self) -> None:
        """Renew the node's Lease now and every 10 s (what "the node is alive" means)."""
        if self.lease_timer is not None:
            self.lease_timer.cancel()
        self._renew_lease()

    def _renew_lease(self) -> None:
        self.lease_timer = None
        if self.stopped:
            return
        with self.api.acting_as("kubelet"):
            self._write_lease()
            self._post_ready_if_needed()
        self.lease_timer = self.clock.schedule(LEASE_RENEW, self._renew_lease, label=f"lease {self.node_name}")

    def _write_lease(self) -> None:
        if self.api.peek("namespaces", "kube-node-lease") is None:
            return
        now = self.clock.micro_timestamp()
        lease = self.api.peek("leases", self.node_name, "kube-node-lease")
        if lease is None:
            node = self.api.peek("nodes", self.node_name)
            owner = [{"apiVersion": "v1", "kind": "Node", "name": self.node_name, "uid": node["metadata"]["uid"]}] if node else []
            self.api.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                             "metadata": {"name": self.node_name, "namespace": "kube-node-lease",
                                          **({"ownerReferences": owner} if owner else {})},
                             "spec": {"holderIdentity": self.node_name, "leaseDurationSeconds": LEASE_DURATION,
                                      "renewTime": now}})
            return
        self.api.mutate("leases", self.node_name, "kube-node-lease",
                        lambda o: o["spec"].__setitem__("renewTime", now))

    def _post_ready_if_needed(self) -> None:
        """After an outage the node controller has marked the node Unknown: post Ready again."""
        node = self.api.peek("nodes", self.node_name)
        if node is None:
            return
        ready = next((c for c in node.get("status", {}).get("conditions", []) if c["type"] == "Ready"), None)
        if ready is None or ready.get("status") == "True":
            return
        if self.network_ready is not None and not self.network_ready():
            return                         # NetworkPluginNotReady: no CNI config on the machine yet
        now = self.clock.timestamp()
        healthy = {"MemoryPressure": ("False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                   "DiskPressure": ("False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                   "PIDPressure": ("False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                   "Ready": ("True", "KubeletReady", "kubelet is posting ready status")}

        def post(n: Obj) -> None:
            for c in n["status"].get("conditions", []):
                if c["type"] in healthy:
                    status, reason, message = healthy[c["type"]]
                    if c["status"] != status:
                        c["lastTransitionTime"] = now
                    c.update(status=status, reason=reason, message=message, lastHeartbeatTime=now)
        self.api.mutate("nodes", self.node_name, None, post, status=True)

    def fail(self) -> None:
        """The node goes down: its containers die with it and nothing is reported."""
        self.stopped = True
        if self.lease_timer is not None:
            self.lease_timer.cancel()
            self.lease_timer = None
        for w in self.workers.values():
            for cs in w.containers.values():
                if cs.backoff_timer is not None:
                    cs.backoff_timer.cancel()
                    cs.backoff_timer = None
                if cs.kill_timer is not None:
                    cs.kill_timer.cancel()
                    cs.kill_timer = None
                if self.probes is not None:
                    self.probes.container_stopped(self, w, cs)
                if cs.app is not None:
                    cs.app.running = False
                cs.ctx = None

    def recover(self) -> None:
        """The node is back: post Ready, then start every pod bound here afresh."""
        self.stopped = False
        for w in list(self.workers.values()):
            if w.ip and w.ip != self.host_ip:
                self.release_ip(w.ip)
        self.workers.clear()
        self.start_heartbeat()
        for pod in self.api.list("pods", None, copy=False,
                                 field_filter=lambda p: p["spec"].get("nodeName") == self.node_name):
            self._enqueue(f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    # ----------------------------------------------------------------- status
    def container_status(self, w: PodWorker, cs: ContainerState) -> Obj:
        state = {k: {kk: vv for kk, vv in v.items() if not kk.startswith("_")} for k, v in cs.state.items()}
        out: Obj = {
            "containerID": cs.container_id or None,
            "image": cs.spec.get("image", ""),
            "imageID": cs.image_id,
            "lastState": cs.last_state,
            "name": cs.name,
            "ready": cs.ready,
            "restartCount": cs.restart_count,
            "started": cs.started if cs.running else False,
            "state": state,
        }
        if out["containerID"] is None:
            del out["containerID"]
        mounts = [{"mountPath": m["mountPath"], "name": m["name"], **({"readOnly": True} if m.get("readOnly") else {})}
                  for m in cs.spec.get("volumeMounts") or []]
        if mounts:
            out["volumeMounts"] = mounts
        return out

    def _write_status(self, w: PodWorker) -> None:
        if w.removed or self.stopped or self.workers.get(w.key) is not w:
            return
        ns, name = w.key.split("/", 1)
        stored = self.api.peek("pods", name, ns)
        if stored is None or stored["metadata"]["uid"] != w.uid:
            return
        init_statuses = [self.container_status(w, w.containers[n]) for n in w.init_order]
        statuses = [self.container_status(w, w.containers[n]) for n in w.app_order]
        phase = podstatus.compute_phase(stored["spec"], init_statuses, statuses, terminal=w.terminal)
        old = stored.get("status") or {}
        if old.get("phase") in ("Succeeded", "Failed"):
            phase = old["phase"]          # terminal phases never change back
        if phase in ("Succeeded", "Failed"):
            w.done = True
        conditions = podstatus.compute_conditions(stored, w.sandbox_ready, init_statuses, statuses, phase,
                                                  old.get("conditions") or [], self.clock.timestamp())
        status: Obj = {"conditions": conditions, "containerStatuses": statuses}
        if self.host_ip:
            status["hostIP"] = self.host_ip
            status["hostIPs"] = [{"ip": self.host_ip}]
        if init_statuses:
            status["initContainerStatuses"] = init_statuses
        status["phase"] = phase
        if w.ip:
            status["podIP"] = w.ip
            status["podIPs"] = [{"ip": w.ip}]
        status["qosClass"] = old.get("qosClass") or podstatus.compute_qos(stored["spec"])
        status["startTime"] = w.start_time
        if status != old:
            self.api.write_status("pods", name, ns, status)


def _store_key(image: str) -> str:
    """The name a node's image store files an image under (docker's normalised reference)."""
    from ..apps.reference import InvalidReference, parse
    try:
        return str(parse(image))
    except InvalidReference:
        return image


def go_duration(seconds: float) -> str:
    """Go's time.Duration String after truncation to milliseconds: 1.5s, 2m3.25s, 450ms."""
    ms = int(round(seconds * 1000))
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s = rem / 1000
    text = f"{s:.3f}".rstrip("0").rstrip(".") + "s"
    if h:
        return f"{h}h{m}m{text}"
    if m:
        return f"{m}m{text}"
    return text
