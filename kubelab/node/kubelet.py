"""The kubelet of one node and its container runtime.

It watches the pods bound to its node and drives each through sandbox creation,
image pulls, container start, restarts with back-off and termination, writing
the pod's status and the events ``kubectl describe pod`` shows.  Each step that
takes time is a clock timer, so a learner can look between the steps.
"""
from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..api.meta import Obj, clone, is_deleting
from ..apps.base import FileSystem
from ..clock import parse_timestamp
from . import status as podstatus
from .env import EnvError, resolve_env
from .runtime import ContainerState, Context
from . import volumes as podvolumes
from .volumes import VolumeError, build_volumes

if TYPE_CHECKING:
    import random

    from ..api.store import Store
    from ..clock import Clock
    from ..controllers.events import Recorder

SANDBOX_SECONDS = 1.0          # creating the pod sandbox (pause container, network)
START_SECONDS = 0.5            # create + start a container once its image is there
MAX_BACKOFF = 300.0            # the kubelet's MaxContainerBackOff
INITIAL_BACKOFF = 10.0
BACKOFF_RESET = 600.0          # a container that ran this long starts from the initial back-off again
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
        self.pulling: dict[str, list[Callable[[], None]]] = {}
        self.workers: dict[str, PodWorker] = {}
        self.queue: deque[str] = deque()
        self._queued: set[str] = set()
        self.network_http = None                  # set by the cluster: outbound HTTP for programs
        self.probes = None                        # set by the cluster: the prober manager
        self.host_ip = ""
        self.stopped = False                      # a failed node: the kubelet does nothing
        api.watch(self._on_pod, "Pod")
        for kind in ("ConfigMap", "Secret"):
            api.watch(self._on_config, kind)

    # ------------------------------------------------------------------ watch
    def _enqueue(self, key: str) -> None:
        if key not in self._queued:
            self._queued.add(key)
            self.queue.append(key)

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
        did = False
        while self.queue:
            key = self.queue.popleft()
            self._queued.discard(key)
            did = True
            if self.stopped:
                continue
            previous = self.api.component
            self.api.component = "kubelet"
            try:
                self.sync_pod(key)
            finally:
                self.api.component = previous
        return did

    def _event(self, pod: Obj, etype: str, reason: str, message: str, container: str | None = None, init=False) -> None:
        fp = f"spec.{'initContainers' if init else 'containers'}{{{container}}}" if container else ""
        self.recorder.event(pod, etype, reason, message, component="kubelet", host=self.node_name, field_path=fp)

    # -------------------------------------------------------------- pod sync
    def sync_pod(self, key: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.api.try_get("pods", name, ns)
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
            w.volumes = build_volumes(self.api, w.pod)
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
            w.volumes = build_volumes(self.api, w.pod)
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
        if getattr(cs, "_pending", False):
            return
        image = cs.spec.get("image", "")
        policy = cs.spec.get("imagePullPolicy", "IfNotPresent")
        info = self.images.resolve(image)
        ref = getattr(info, "reference", image)
        present = ref in self.image_store
        if policy == "Never" and not present:
            cs.state = {"waiting": {"reason": "ErrImageNeverPull",
                                    "message": f'Container image "{image}" is not present with pull policy of Never'}}
            self._event(w.pod, "Warning", "ErrImageNeverPull", f'Container image "{image}" is not present with pull policy of Never', cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ErrImageNeverPull", cs.name, cs.init)
            return
        if present and policy != "Always":
            self._event(w.pod, "Normal", "Pulled", f'Container image "{image}" already present on machine', cs.name, cs.init)
            cs._pending = True
            self.clock.schedule(START_SECONDS, lambda: self._create_and_start(w, cs), label=f"start {w.key}/{cs.name}", busy=True)
            return
        self._pull(w, cs, image, info)

    def _pull(self, w: PodWorker, cs: ContainerState, image: str, info) -> None:
        self._event(w.pod, "Normal", "Pulling", f'Pulling image "{image}"', cs.name, cs.init)
        cs._pending = True
        started = self.clock.now
        error = getattr(info, "error", None) if info is not None else None
        ref = getattr(info, "reference", image)
        seconds = self.images.pull_seconds(info) if error is None else self.images.error_seconds(info)
        waiting = 0.0
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
        self.clock.schedule(seconds + waiting, done, label=f"pull {image} on {self.node_name}", busy=True)

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
                    f'Image size: {info.size} bytes.', cs.name, cs.init)
        cs.pull_backoff = 0.0
        cs._pending = True
        self.clock.schedule(START_SECONDS, lambda: self._create_and_start(w, cs), label=f"start {w.key}/{cs.name}", busy=True)

    def _pull_failed(self, w: PodWorker, cs: ContainerState, image: str, error: str) -> None:
        self._event(w.pod, "Warning", "Failed", f'Failed to pull image "{image}": {error}', cs.name, cs.init)
        self._event(w.pod, "Warning", "Failed", "Error: ErrImagePull", cs.name, cs.init)
        cs.state = {"waiting": {"reason": "ErrImagePull", "message": error}}
        cs.pull_backoff = INITIAL_BACKOFF if not cs.pull_backoff else min(MAX_BACKOFF, cs.pull_backoff * 2)
        self._write_status(w)

        def backoff() -> None:
            # The next sync finds the back-off running: ImagePullBackOff.
            if not self._live(w.key, w) or w.terminating:
                return
            cs.state = {"waiting": {"reason": "ImagePullBackOff", "message": f'Back-off pulling image "{image}"'}}
            self._event(w.pod, "Normal", "BackOff", f'Back-off pulling image "{image}"', cs.name, cs.init)
            self._event(w.pod, "Warning", "Failed", "Error: ImagePullBackOff", cs.name, cs.init)
            self._write_status(w)
        self.clock.schedule(1.0, backoff, label=f"pull backoff {w.key}/{cs.name}")

        def retry() -> None:
            if not self._live(w.key, w) or w.terminating:
                return
            self._ensure_image(w, cs)
            self._write_status(w)
        self.clock.schedule(cs.pull_backoff, retry, label=f"pull retry {w.key}/{cs.name}")

    # ------------------------------------------------------------- containers
    def _create_and_start(self, w: PodWorker, cs: ContainerState) -> None:
        cs._pending = False
        if not self._live(w.key, w) or w.terminating:
            return
        try:
            env = resolve_env(self.api, w.pod, cs.spec)
        except EnvError as err:
            cs.state = {"waiting": {"reason": "CreateContainerConfigError", "message": err.message}}
            self._event(w.pod, "Warning", "Failed", f"Error: {err.message}", cs.name, cs.init)
            self._write_status(w)
            # The pod worker retries a failed sync after its back-off period (10 s).
            self.clock.schedule(CONFIG_RETRY_SECONDS, lambda: self._retry_config(w, cs), label=f"config retry {w.key}/{cs.name}")
            return
        info = self.image_store.get(getattr(self.images.resolve(cs.spec["image"]), "reference", cs.spec["image"]))
        argv = self.images.command_for(info, cs.spec)
        fs = FileSystem()
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
            self._after_exit(w, cs, 128)
            return
        self._event(w.pod, "Normal", "Started", f"Started container {cs.name}", cs.name, cs.init)
        cs.started_at = self.clock.now
        cs.state = {"running": {"startedAt": self.clock.timestamp()}}
        has_startup = bool(cs.spec.get("startupProbe"))
        cs.started = not has_startup
        cs.ready = not cs.spec.get("readinessProbe") and not has_startup and not cs.init
        ctx = Context(self, w.pod | {"status": {**w.pod.get("status", {}), "podIP": w.ip}}, cs, env, fs, argv, cs.restart_count)
        cs.ctx = ctx
        cs.logs = []
        cs.app = self.images.app_for(info, ctx)
        cs.app.start()
        if self.probes is not None and cs.running:
            self.probes.container_started(self, w, cs)
        if cs.running:
            self._advance(w)
        self._write_status(w)

    def _retry_config(self, w: PodWorker, cs: ContainerState) -> None:
        if self._live(w.key, w) and not w.terminating and cs.state.get("waiting", {}).get("reason") == "CreateContainerConfigError":
            self._ensure_image(w, cs)

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
        cs.state = {"terminated": {"exitCode": code, "reason": reason,
                                   "startedAt": cs.state["running"]["startedAt"], "finishedAt": now,
                                   "containerID": cs.container_id}}
        cs.ready = False
        if cs.app is not None:
            cs.app.running = False
        if self.probes is not None:
            self.probes.container_stopped(self, w, cs)
        self._after_exit(w, cs, code)

    def _after_exit(self, w: PodWorker, cs: ContainerState, code: int) -> None:
        if w.terminating:
            self._maybe_finish_termination(w)
            self._write_status(w)
            return
        policy = w.pod["spec"].get("restartPolicy", "Always")
        if cs.init and cs.spec.get("restartPolicy") == "Always":
            policy = "Always"
        restart = policy == "Always" or (policy == "OnFailure" and code != 0) or (cs.init and code != 0 and policy != "Never")
        if restart:
            ran = self.clock.now - (cs.started_at or self.clock.now)
            if ran >= BACKOFF_RESET:
                cs.backoff = 0.0
            # As the kubelet's backOff: the first exit restarts at once (and starts
            # the back-off at 10 s); later exits wait 10 s, 20 s, 40 s ... 5 min.
            if cs.restart_count == 0 and not cs.backoff:
                delay = 0.0
                cs.backoff = INITIAL_BACKOFF / 2
            else:
                cs.backoff = min(MAX_BACKOFF, max(INITIAL_BACKOFF, cs.backoff * 2))
                delay = cs.backoff
            self._schedule_restart(w, cs, delay)
        elif cs.init and code == 0:
            self._advance(w)
        self._write_status(w)

    def _schedule_restart(self, w: PodWorker, cs: ContainerState, delay: float) -> None:
        key, pod = w.key, w.pod

        def restart() -> None:
            cs.backoff_timer = None
            if not self._live(key, w) or w.terminating:
                return
            cs.last_state = {"terminated": cs.state["terminated"]} if cs.terminated else cs.last_state
            cs.restart_count += 1
            cs.state = {"waiting": {"reason": "ContainerCreating"}}
            self._ensure_image(w, cs)
            self._write_status(w)

        if delay <= 0:
            cs.backoff_timer = self.clock.schedule(0.1, restart, label=f"restart {key}/{cs.name}", busy=True)
            return
        msg = (f"back-off {go_duration(delay)} restarting failed container={cs.name} "
               f"pod={pod['metadata']['name']}_{pod['metadata']['namespace']}({w.uid})")
        cs.last_state = {"terminated": cs.state["terminated"]}
        cs.state = {"waiting": {"reason": "CrashLoopBackOff", "message": msg}}
        self._event(pod, "Warning", "BackOff",
                    f"Back-off restarting failed container {cs.name} in pod {pod['metadata']['name']}_{pod['metadata']['namespace']}({w.uid})",
                    cs.name, cs.init)
        cs.backoff_timer = self.clock.schedule(delay, restart, label=f"restart {key}/{cs.name}")

    # ------------------------------------------------------------ termination
    def _terminate(self, w: PodWorker) -> None:
        if w.terminating:
            return
        w.terminating = True
        grace = w.pod["metadata"].get("deletionGracePeriodSeconds")
        if grace is None:
            grace = w.pod["spec"].get("terminationGracePeriodSeconds", 30)
        for name in w.init_order + w.app_order:
            cs = w.containers[name]
            if cs.backoff_timer is not None:
                cs.backoff_timer.cancel()
                cs.backoff_timer = None
            if cs.running:
                self._event(w.pod, "Normal", "Killing", f"Stopping container {cs.name}", cs.name, cs.init)
                cs.ready = False
                if self.probes is not None:
                    self.probes.container_stopped(self, w, cs)
                cs.app.signal("SIGTERM")
            elif "waiting" in cs.state:
                pass
        if any(cs.running for cs in w.containers.values()):
            def kill() -> None:
                for cs in w.containers.values():
                    if cs.running:
                        cs.app.signal("SIGKILL")
                        if cs.running:
                            self.container_exited(w.pod, cs, 137, "Error")
                self._maybe_finish_termination(w)
            w.kill_timer = self.clock.schedule(max(grace, 0), kill, label=f"SIGKILL {w.key}", busy=True)
        else:
            self._maybe_finish_termination(w)

    def _maybe_finish_termination(self, w: PodWorker) -> None:
        if any(cs.running for cs in w.containers.values()):
            return
        if w.kill_timer is not None:
            w.kill_timer.cancel()
            w.kill_timer = None
        key = w.key

        def finish() -> None:
            if self.workers.get(key) is not w:
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
        if w.removed or self.workers.get(w.key) is not w:
            return
        ns, name = w.key.split("/", 1)
        stored = self.api.peek("pods", name, ns)
        if stored is None or stored["metadata"]["uid"] != w.uid:
            return
        init_statuses = [self.container_status(w, w.containers[n]) for n in w.init_order]
        statuses = [self.container_status(w, w.containers[n]) for n in w.app_order]
        phase = podstatus.compute_phase(stored["spec"], init_statuses, statuses)
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
