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
from functools import lru_cache, partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, Mapping

from ..api.gofmt import go_duration, go_quote
from ..api.meta import Obj, is_deleting
from ..api.workqueue import WorkQueue
from ..apps.base import FileSystem
from ..apps.images import image_files
from ..clock import parse_timestamp
from .env import EnvError, PodFiles, resolve_env
from .heartbeat import Heartbeat
from .probes import FAILURE, SUCCESS, ProbeHost
from .pulls import ImageManager
from .runtime import CREATING, Backoff, ContainerLog, ContainerState, Context, PodWorker
from .server import KubeletServer
from .termination import DEFAULT_PATH as TERMINATION_LOG, termination_message
from .statuswriter import made_from as status_made_from, pod_status, share as share_status_part
from . import volumes as podvolumes
from .status import SHARED_MAX
from .volumes import VolumeError, build_volumes

if TYPE_CHECKING:
    import random

    from ..api.store import Store
    from ..clock import Clock
    from ..controllers.events import Recorder

SANDBOX_SECONDS = 1.0          # creating the pod sandbox (pause container, network)
MAX_BACKOFF = 300.0            # the kubelet's MaxContainerBackOff
INITIAL_BACKOFF = 10.0         # backOffPeriod
BACKOFF_RESET = 2 * MAX_BACKOFF   # flowcontrol: an entry older than twice the maximum starts over
MIN_GRACE = 2.0                # minimumGracePeriodInSeconds after a long preStop hook
CONFIG_RETRY_SECONDS = 10.0    # the pod worker's back-off after a failed sync (workerBackOffPeriod)


#: the state of a container waiting for the pod's init containers (shared: states are replaced, never changed)
INITIALIZING: dict = {"waiting": {"reason": "PodInitializing"}}


@lru_cache(maxsize=64)
def _empty_file(path: str) -> Mapping[str, str]:
    """A fresh, empty file at ``path`` (a container's termination log), one for all containers."""
    return MappingProxyType({"/" + path.strip("/"): ""})


def container_fs(spec: Obj, volumes: Mapping[str, FileSystem], files: Mapping[str, str] | None, info) -> FileSystem:
    """A container's filesystem as its start leaves it: its volume mounts; underneath
    its own writes a fresh, empty termination-log file (or the file truncated on the
    volume it lies on), the kubelet's /etc files (``files``: PodFiles) and the image's
    files (``info``'s)."""
    fs = FileSystem()
    for mount in spec.get("volumeMounts") or ():
        podvolumes.mount_into(fs, mount, volumes)
    tpath = spec.get("terminationMessagePath", TERMINATION_LOG)
    if tpath:
        if fs.mount_of(tpath) is None:
            fs.lay_under(_empty_file(tpath))
        else:
            fs.write(tpath, "")
    if files is not None:
        fs.lay_under(files)
    fs.lay_under(image_files(info))
    return fs


def _fs_can_wait(spec: Obj) -> bool:
    """May a container's filesystem be made when first read rather than at the start,
    the same then as now?  Yes when every mount is read-only and whole: a writable
    mount would have its termination-log file truncated at the start (a volume other
    containers see), and a subPath mount is a copy taken at the start."""
    for mount in spec.get("volumeMounts") or ():
        if not mount.get("readOnly") or mount.get("subPath"):
            return False
    return True


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
        self.network_ready: Callable[[], bool] | None = None   # set by kubeadm: is a CNI config installed?
        self.pulls = ImageManager(node_name, clock, images, runtime_prefix, event=self._event,
                                  live=lambda w: self._live(w.key, w) and not w.terminating,
                                  start=self._create_and_start, write_status=self._write_status)
        self.heartbeat = Heartbeat(node_name, api, clock,
                                   lambda: self.network_ready is None or self.network_ready())
        self.workers: dict[str, PodWorker] = {}
        self._writing: PodWorker | None = None    # whose status _write_status is writing now
        self.queue = WorkQueue()
        self.network_http = None                  # set by the cluster: outbound HTTP for programs
        self.network_dns = None                   # set by the cluster: a program's DNS lookup (nslookup)
        self.service_env: Callable[[Obj], dict[str, str]] | None = None   # set by the cluster: a pod's Service env vars
        self.host_paths: dict[str, FileSystem] = {}   # set by the cluster: this node's hostPath directories
        self.claim_fs = None                      # set by the cluster: claim_fs(ns, claimName) -> a volume's FileSystem
        self.probes = None                        # set by the cluster: the prober manager
        self._probe_host: ProbeHost | None = None
        self.host_ip = ""
        self.stopped = False                      # a failed node: the kubelet does nothing
        self.backoff = Backoff(INITIAL_BACKOFF, MAX_BACKOFF)         # container restarts
        self.shared_status_parts: dict = {}      # parts equal pod statuses share (status.share); the cluster gives one to all
        api.watch(self._on_pod, "Pod", node=node_name)     # the kubelet's spec.nodeName field selector
        api.connector.add_node(node_name, KubeletServer(self))   # logs, exec, attach, port-forward
        for kind in ("ConfigMap", "Secret"):
            api.watch(self._on_config, kind)

    @property
    def image_store(self) -> dict:
        """The node's images (normalised reference -> image info); kubeadm's machines share it with docker."""
        return self.pulls.image_store

    @image_store.setter
    def image_store(self, store: dict) -> None:
        self.pulls.image_store = store

    @property
    def blocked_registries(self) -> frozenset[str]:
        """Registries this node cannot reach."""
        return self.pulls.blocked_registries

    @blocked_registries.setter
    def blocked_registries(self, hosts: frozenset[str]) -> None:
        self.pulls.blocked_registries = frozenset(hosts)

    @property
    def registry_mirrors(self) -> dict[str, list[str]]:
        """The runtime's registry mirrors (the image manager's)."""
        return self.pulls.registry_mirrors

    @registry_mirrors.setter
    def registry_mirrors(self, mirrors: dict[str, list[str]]) -> None:
        self.pulls.registry_mirrors = mirrors

    # ------------------------------------------------------------------ watch
    def _enqueue(self, key: str) -> None:
        """A full sync of the pod at ``key`` (not the short way of an own write's echo)."""
        w = self.workers.get(key)
        if w is not None:
            w.echo = None
        self.queue.add(key)

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        if pod["spec"].get("nodeName") != self.node_name:
            return
        md = pod["metadata"]
        w = self._writing
        if w is not None and etype == "MODIFIED" and md["uid"] == w.uid:
            # Its own status write coming back: a status-only change, which the
            # pod config source hands on as a reconcile, not as an update to the
            # pod workers (config.go checkAndUpdatePod).  The worker takes the new
            # pod at its next turn (sync_pod's short way), as it took it before.
            w.echo = pod
            self.queue.add(w.key)
            return
        key = f"{md['namespace']}/{md['name']}"
        w = self.workers.get(key)
        if w is not None:
            w.echo = None
            if etype == "DELETED" and w.uid == md["uid"]:
                w.removed = True
        self.queue.add(key)

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
        w = self.workers.get(key)
        if w is not None:
            pod = w.echo
            if pod is not None:
                # Nothing but its own status write happened to the pod since the last
                # sync (any other change clears w.echo): the worker takes the pod as
                # stored, and the status manager writes what changed since its write.
                w.echo = None
                w.pod = pod
                if "deletionTimestamp" not in pod["metadata"]:
                    if status_made_from(w, self.host_ip) != w.status_made_from:
                        self._write_status(w, pod)
                    return
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
        else:
            self._write_status(w, pod)

    def _new_worker(self, key: str, pod: Obj) -> PodWorker:
        w = PodWorker(key, pod["metadata"]["uid"], pod, start_time=self.clock.timestamp())
        inits = pod["spec"].get("initContainers") or ()
        names = []
        for c in inits:
            w.containers[c["name"]] = ContainerState(c["name"], c, init=True, state=INITIALIZING)
            names.append(c["name"])
        w.init_order = tuple(names)
        names = []
        for c in pod["spec"].get("containers") or ():
            w.containers[c["name"]] = ContainerState(c["name"], c, state=INITIALIZING if inits else CREATING)
            names.append(c["name"])
        w.app_order = tuple(names)
        self.workers[key] = w
        if not is_deleting(pod):
            # (joined: the pods a kubelet is told of at one instant share one timer)
            self.clock.join(SANDBOX_SECONDS, lambda: self._sandbox_ready(key, w), label=f"sandbox {key}", busy=True)
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
            if cs.running or cs.backoff_timer is not None:
                return          # (a pull under way: ensure() returns at once, pull_pending)
            if "waiting" in cs.state and cs.state["waiting"].get("reason") in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                self.pulls.ensure(w, cs)
            return
        for name in w.app_order:
            cs = w.containers[name]
            if "waiting" in cs.state and cs.state["waiting"].get("reason") in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                cs.state = CREATING if cs.state["waiting"].get("reason") == "PodInitializing" else cs.state
                self.pulls.ensure(w, cs)

    def _needs_volumes(self, w: PodWorker) -> bool:
        return bool(w.pod["spec"].get("volumes"))

    # ------------------------------------------------------------- containers
    def _retry_config(self, w: PodWorker, cs: ContainerState) -> None:
        if self._live(w.key, w) and not w.terminating and \
                cs.state.get("waiting", {}).get("reason") == "CreateContainerConfigError":
            self.pulls.ensure(w, cs)

    def _create_and_start(self, w: PodWorker, cs: ContainerState) -> None:
        cs.pull_pending = False
        if not self._live(w.key, w) or w.terminating:
            return
        # convertToAPIContainerStatuses (kubelet_pods.go): the latest container's state
        # is shown until a newer one exists; the run that ended then becomes lastState,
        # and the new container counts one restart more.
        restarting = bool(cs.container_id)
        if cs.terminated:
            cs.last_state = {"terminated": cs.state["terminated"]}
        try:
            services = self.service_env
            env = resolve_env(self.api, w.pod, cs.spec, services(w.pod) if services else None)
        except EnvError as err:
            cs.state = {"waiting": {"reason": "CreateContainerConfigError", "message": err.message}}
            self._event(w.pod, "Warning", "Failed", f"Error: {err.message}", cs.name, cs.init)
            self._write_status(w)
            # The pod worker retries a failed sync after its back-off period (10 s).
            self.clock.schedule(CONFIG_RETRY_SECONDS, lambda: self._retry_config(w, cs),
                                label=f"config retry {w.key}/{cs.name}")
            return
        info = self.pulls.info_for(cs.spec["image"])
        argv = self.images.command_for(info, cs.spec, env)    # $(VAR) of the kubelet's env only, as it expands them
        files = PodFiles.of(w.pod, w.ip)                  # /etc/hosts, /etc/resolv.conf, /etc/hostname
        cs.restart_count += restarting
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
        cs.state = self._running_state(self.clock.timestamp())
        cs.stopping = False
        cs.kill_reason = ""
        has_startup = bool(cs.spec.get("startupProbe"))
        cs.started = not has_startup
        sidecar = cs.init and cs.spec.get("restartPolicy") == "Always"
        cs.ready = not cs.spec.get("readinessProbe") and not has_startup and (not cs.init or sidecar)
        # The process's environment (process_env) is made when the program first reads
        # it, and its filesystem too when making it then is making it now (_fs_can_wait).
        make_fs = partial(container_fs, cs.spec, w.volumes, files, info)
        ctx = Context(self, w, cs, self._env_sources(info, env),
                      make_fs if _fs_can_wait(cs.spec) else make_fs(), argv, cs.restart_count)
        cs.ctx = ctx
        if cs.logs:
            cs.previous_logs = cs.logs
        cs.logs = ContainerLog()
        cs.stop_signal = getattr(info, "stop_signal", "SIGTERM")
        cs.app = self.images.app_for(info, ctx)
        cs.app.start()
        post_start = (cs.spec.get("lifecycle") or {}).get("postStart")
        if post_start and cs.running and not self._run_post_start(w, cs, post_start):
            return
        if self.probes is not None and cs.running:
            self.probes.container_started(self.probe_host, w, cs)
        if cs.running:
            self._advance(w)
        self._write_status(w)

    def _env_sources(self, info, env) -> tuple:
        """(image info, the kubelet's variables, runtime): what a Context makes the process
        environment from, one tuple for the containers of an image given the same
        (shared) variables.  The table holds both, so their identities stay theirs."""
        shared = self.shared_status_parts
        key = ("env sources", id(info), id(env), self.runtime_prefix)
        got = shared.get(key)
        if got is None or got[0] is not info or got[1] is not env:
            got = (info, env, self.runtime_prefix)
            if len(shared) >= SHARED_MAX:
                shared.clear()
            shared[key] = got
        return got

    def _running_state(self, started: str) -> dict:
        """``{"running": {"startedAt": started}}``: one object for the containers started
        in the same second (states are replaced, never changed in place), the one their
        statuses show (statuswriter.container_status shares it under the same key)."""
        shared = self.shared_status_parts
        state = shared.get(("running", started))
        if state is None:
            state = share_status_part(shared, ("running", started), {"running": {"startedAt": started}})
        return state

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
            self.probes.container_stopped(w, cs)
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
            # The state stays what it was (terminated, or the back-off's CrashLoopBackOff)
            # until the new container is created (_create_and_start), as the kubelet reports it.
            self.pulls.ensure(w, cs)
            self._write_status(w)

        if delay <= 0:
            cs.backoff_timer = self.clock.schedule(0.1, restart, label=f"restart {key}/{cs.name}", busy=True)
            return
        cs.last_state = {"terminated": cs.state["terminated"]} if cs.terminated else cs.last_state
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
            ok, output = http_action(self.host_ip, w, cs, handler["httpGet"])
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
            self.probes.container_stopped(w, cs)
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
        for name in (*w.init_order, *w.app_order):
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
                self.probes.container_stopped(w, cs)
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
        """Renew the node's Lease now and every 10 s (kubelab.node.heartbeat)."""
        self.heartbeat.start()

    def fail(self) -> None:
        """The node goes down: its containers die with it and nothing is reported."""
        self.stopped = True
        self.heartbeat.stop()
        for w in self.workers.values():
            for cs in w.containers.values():
                if cs.backoff_timer is not None:
                    cs.backoff_timer.cancel()
                    cs.backoff_timer = None
                if cs.kill_timer is not None:
                    cs.kill_timer.cancel()
                    cs.kill_timer = None
                if self.probes is not None:
                    self.probes.container_stopped(w, cs)
                if cs.app is not None:
                    cs.app.running = False
                cs.ctx = None

    def restart(self, down: float = 2.0) -> None:
        """``systemctl restart kubelet``: the process stops, and starts again ``down`` s later.

        The containers belong to the container runtime, not to the kubelet: they keep
        running, with their restart counts and start times.  What the old process had
        in hand ends with it — its probes, and the stop of a pod being terminated (the
        StopContainer call is cancelled).  The new one lists the pods bound to the node
        again and carries on: a pod being deleted is stopped from the start — preStop,
        stop signal, the *full* grace period again, as the docs' pod lifecycle says."""
        self.stopped = True
        self.heartbeat.stop()
        for w in self.workers.values():
            w.terminating = False
            for cs in w.containers.values():
                if cs.kill_timer is not None:
                    cs.kill_timer.cancel()
                    cs.kill_timer = None
                cs.stopping = False
                if self.probes is not None:
                    self.probes.container_stopped(w, cs)
        self.clock.schedule(down, self._started_again, label=f"kubelet restart {self.node_name}", busy=True)

    def _started_again(self) -> None:
        self.stopped = False
        self.start_heartbeat()
        for key, w in sorted(self.workers.items()):
            for cs in w.containers.values():
                if cs.running and self.probes is not None and not is_deleting(w.pod):
                    self.probes.container_started(self.probe_host, w, cs)
                elif cs.terminated and cs.backoff_timer is None and not is_deleting(w.pod):
                    # it exited while nobody watched: the restart policy applies now
                    self._after_exit(w, cs, cs.state["terminated"].get("exitCode", 0))
            self._enqueue(key)

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
    def _write_status(self, w: PodWorker, stored: Obj | None = None) -> None:
        """The status manager: write the pod's status when it changed.  ``stored``:
        the pod as stored now, when the caller has just read it."""
        if w.removed or self.stopped or self.workers.get(w.key) is not w:
            return
        ns, name = w.key.split("/", 1)
        if stored is None:
            stored = self.api.peek("pods", name, ns)
        if stored is None or stored["metadata"]["uid"] != w.uid:
            return
        # isPodStatusByKubeletEqual against the cache: nothing the status is made of
        # changed, and nobody else wrote the status since.
        made_from = status_made_from(w, self.host_ip)
        old = stored.get("status")
        if old is w.status_seen and made_from == w.status_made_from:
            return
        status = pod_status(stored, w, self.host_ip, self.clock.timestamp(), self.shared_status_parts, made_from)
        if status is not old:          # pod_status hands back the stored status itself when nothing changed
            self._writing = w          # its notification is the worker's own write (_on_pod)
            try:
                # shared: pod_status shares the parts pods have in common itself (statuswriter)
                self.api.write_status("pods", name, ns, status, shared=True)
            finally:
                self._writing = None
            stored = self.api.peek("pods", name, ns)
            old = stored.get("status") if stored is not None else None
        # each container's part is its status memo's own tuple (pod_status made the memos so)
        w.status_made_from, w.status_seen = made_from, old

    # ----------------------------------------------------------------- probes
    @property
    def probe_host(self) -> ProbeHost:
        """What this kubelet gives the prober (made once the node's IP is known)."""
        if self._probe_host is None:
            self._probe_host = ProbeHost(self.clock, self.host_ip, self._event, self.probe_result)
        return self._probe_host

    def probe_result(self, w: PodWorker, cs: ContainerState, kind: str, result: str, spec: Obj) -> None:
        """A probe's result changed (the results managers' updates the sync loop acts on):
        readiness sets ready, a startup success sets started, a liveness or startup
        failure kills the container."""
        if kind == "readiness":
            ready = result == SUCCESS and bool(cs.started)
            if cs.ready != ready:
                cs.ready = ready
                self._write_status(w)
        elif kind == "startup" and result == SUCCESS:
            if not cs.started:
                cs.started = True
                if not cs.spec.get("readinessProbe"):
                    cs.ready = True
                self._write_status(w)
                if cs.init:
                    self._advance(w)        # a sidecar that has started lets the next one go
        elif result == FAILURE:
            grace = spec.get("terminationGracePeriodSeconds")
            self.kill_container(w, cs, f"Container {cs.name} failed {kind} probe, will be restarted",
                                grace=None if grace is None else float(grace))
