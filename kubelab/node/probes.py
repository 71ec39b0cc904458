"""The kubelet's prober manager: liveness, readiness and startup probes.

One :class:`ProbeWorker` per probe of a running container (pkg/kubelet/prober/
worker.go).  Each worker is a clock timer that fires every ``periodSeconds``;
nothing scans all pods.  A tick does what ``doProbe`` does:

* within ``initialDelaySeconds`` of the container's start: skip;
* before the startup probe has succeeded, only the startup probe runs;
* run the handler (exec / httpGet / tcpSocket) and count equal results in a row;
  only ``failureThreshold`` failures (or ``successThreshold`` successes) in a
  row change the result the kubelet acts on.

Results go to the kubelet through :attr:`ProbeHost.report` (upstream: the
readiness, liveness and startup results managers, whose updates the kubelet's
sync loop acts on); the prober records its own ``Unhealthy`` events.
What the kubelet does with a result: readiness sets the container's ``ready``
(and so the pod's Ready condition, and so the Service endpoints); a startup
success sets ``started``; a liveness or startup failure kills the container
("Container c failed liveness probe, will be restarted"), which then restarts
by the pod's restartPolicy.  Failures are reported as ``Unhealthy`` events
worded as prober.go words them: ``Liveness probe failed: <output>``.

Defaults (pkg/apis/core/v1/defaults.go): periodSeconds 10, timeoutSeconds 1,
successThreshold 1, failureThreshold 3, initialDelaySeconds 0.

Simplification: a worker starts with its container (the real one starts with
the pod and keeps ticking across restarts), so tick times are counted from
the container's start.  Programs answer at once, so ``timeoutSeconds`` never
expires.  gRPC probes are not simulated and say so in their event.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..apps.base import ExecResult, Request
from .runtime import ContainerState, PodWorker

if TYPE_CHECKING:
    from ..clock import Clock

PROBE_KINDS = (("startup", "startupProbe", "Startup"), ("readiness", "readinessProbe", "Readiness"),
               ("liveness", "livenessProbe", "Liveness"))
_PROBE_KEYS = frozenset(key for _, key, _ in PROBE_KINDS)
DEFAULTS = {"initialDelaySeconds": 0, "periodSeconds": 10, "timeoutSeconds": 1,
            "successThreshold": 1, "failureThreshold": 3}
USER_AGENT = "kube-probe/1.32"
GRPC_UNSUPPORTED = "gRPC probes are not simulated by kubelab (use exec, httpGet or tcpSocket)"

SUCCESS, FAILURE, UNKNOWN = "Success", "Failure", "Unknown"


def setting(spec: dict, name: str) -> int:
    value = spec.get(name)
    return int(DEFAULTS[name] if value is None else value)


@dataclass
class ProbeHost:
    """What the prober gets from its node's kubelet: the clock, the node's IP (the
    source of an HTTP probe from a hostNetwork pod), its event recorder
    (``event(pod, type, reason, message, container, init)``) and where results go
    (``report(pod_worker, container_state, kind, result, probe_spec)``)."""
    clock: "Clock"
    host_ip: str
    event: Callable[..., None]
    report: Callable[[PodWorker, ContainerState, str, str, dict], None]


@dataclass
class ProbeWorker:
    kind: str                      # liveness | readiness | startup
    title: str                     # Liveness | Readiness | Startup (event wording)
    spec: dict
    host: ProbeHost
    pod_worker: PodWorker
    cs: ContainerState
    generation: Any                # the container run (its Context) this worker probes
    last_result: str | None = None
    result_run: int = 0
    on_hold: bool = False
    timer: Any = None
    period: int = 10
    initial_delay: int = 0
    failure_threshold: int = 3
    success_threshold: int = 1
    plan: Any = None               # the handler, resolved on the first probe (make_probe)
    reported: str | None = None    # the last result sent to the kubelet

    def __post_init__(self) -> None:
        # Read the settings once: a tick is the hot path of ten thousand probing pods.
        self.period = max(1, setting(self.spec, "periodSeconds"))
        self.initial_delay = setting(self.spec, "initialDelaySeconds")
        self.failure_threshold = setting(self.spec, "failureThreshold")
        self.success_threshold = setting(self.spec, "successThreshold")

    def alive(self) -> bool:
        # (a node that fails stops every worker: kubelet.fail() calls container_stopped)
        return self.cs.ctx is self.generation and self.cs.running and not self.on_hold


class ProberManager:
    """Starts and stops probe workers as the kubelet starts and stops containers.

    ``record`` keeps each probe's raw results (for timeline pictures); off by
    default so ten thousand probing pods cost no memory for it.
    """

    def __init__(self, record: bool = False):
        self.record = record
        self.probes_run = 0
        self.log: list[tuple[float, str, str, str, str]] = []   # (t, pod key, container, kind, result)

    # ------------------------------------------------------------ kubelet hooks
    def container_started(self, host: ProbeHost, w: PodWorker, cs: ContainerState) -> None:
        self.container_stopped(w, cs)
        if _PROBE_KEYS.isdisjoint(cs.spec):
            return                  # no probe (most containers): nothing to start
        groups: dict[int, list[ProbeWorker]] = {}
        workers = []
        for kind, key, title in PROBE_KINDS:
            spec = cs.spec.get(key)
            if spec:
                worker = ProbeWorker(kind, title, spec, host, w, cs, cs.ctx)
                workers.append(worker)
                groups.setdefault(worker.period, []).append(worker)
        if workers:
            cs.probe_workers = tuple(workers)
        # Workers of one container with the same period tick together: one timer,
        # not one each (they start together, so their ticks coincide anyway).
        # doProbe runs as a worker starts, then on every tick of its period.
        for period, group in groups.items():
            self._start(group, f"probes {w.key}/{cs.name}")

    def _start(self, group: list[ProbeWorker], label: str) -> None:
        clock = group[0].host.clock
        period = group[0].period

        def tick() -> None:
            live = []
            for worker in group:
                cs = worker.cs      # worker.alive(), inlined: this runs a million times an hour
                if (cs.ctx is worker.generation and "running" in cs.state and not worker.on_hold
                        and self.do_probe(worker) and worker.alive()):
                    live.append(worker)
                else:
                    worker.timer = None
            if live and not timer.cancelled:
                if len(live) < len(group):
                    group[:] = live
                clock.reschedule(timer, period)
            else:
                for worker in live:
                    worker.timer = None

        timer = clock.schedule(0.0, tick, label=label)
        for worker in group:
            worker.timer = timer

    def container_stopped(self, w: PodWorker, cs: ContainerState) -> None:
        for worker in cs.probe_workers:
            if worker.timer is not None:
                worker.timer.cancel()
                worker.timer = None
        cs.probe_workers = ()

    # ------------------------------------------------------------------ a tick
    def do_probe(self, worker: ProbeWorker) -> bool:
        """One doProbe; False stops the worker."""
        cs = worker.cs
        if worker.initial_delay:
            now = worker.host.clock.now
            if int(now - (cs.started_at or now)) < worker.initial_delay:
                return True
        if cs.started:
            if worker.kind == "startup":
                return True
        elif worker.kind != "startup":
            return True          # the others wait for the startup probe to succeed
        probe = worker.plan
        if probe is None:
            probe = worker.plan = make_probe(worker.host.host_ip, worker.pod_worker, cs, worker.spec)
        result, output, error = probe()
        self.probes_run += 1
        if self.record:
            self.log.append((worker.host.clock.now, worker.pod_worker.key, cs.name, worker.kind,
                             result if error is None else UNKNOWN))
        if error is not None:
            worker.host.event(worker.pod_worker.pod, "Warning", "Unhealthy",
                                  f"{worker.title} probe errored and resulted in unknown state: {error}",
                                  cs.name, cs.init)
            return True          # a prober error throws the result away
        if worker.last_result == result:
            worker.result_run += 1
        else:
            worker.last_result, worker.result_run = result, 1
        if result == SUCCESS:
            if worker.result_run < worker.success_threshold:
                return True
            if worker.kind != "liveness":      # a liveness success needs nothing done
                self.set_result(worker, result)
            return True
        worker.host.event(worker.pod_worker.pod, "Warning", "Unhealthy", f"{worker.title} probe failed: {output}",
                          cs.name, cs.init)
        if worker.result_run < worker.failure_threshold:
            return True
        self.set_result(worker, result)
        if worker.kind in ("liveness", "startup"):
            worker.on_hold = True      # until a new container runs
            worker.result_run = 0
            return False
        return True

    def set_result(self, worker: ProbeWorker, result: str) -> None:
        """A changed result goes to the kubelet (the results manager sends an update
        only when a container's result changes)."""
        if result != worker.reported:
            worker.reported = result
            worker.host.report(worker.pod_worker, worker.cs, worker.kind, result, worker.spec)


# ---------------------------------------------------------------- the handlers

def make_probe(host_ip: str, w: PodWorker, cs: ContainerState,
               spec: dict) -> Callable[[], tuple[str, str, str | None]]:
    """The probe's handler resolved once (port, host, the request the kubelet
    sends): a worker runs the same probe every period, and neither its spec nor
    the pod's IP changes while the worker lives."""
    if spec.get("exec"):
        argv = list(spec["exec"].get("command") or [])

        def exec_probe() -> tuple[str, str, str | None]:
            res = cs.app.exec(list(argv))
            if res.exit_code < 0:          # the runtime could not start the command at all
                return UNKNOWN, "", (f'rpc error: code = Unknown desc = failed to exec in container: failed to start '
                                     f'exec "{cs.container_id.split("://")[-1]}": {res.stderr.strip()}')
            return (SUCCESS if res.exit_code == 0 else FAILURE), res.stdout + res.stderr, None
        return exec_probe
    if spec.get("httpGet"):
        plan = http_plan(host_ip, w, cs, spec["httpGet"])
        return lambda: http_send(w, plan)
    if spec.get("tcpSocket"):
        port = resolve_port(w, cs, spec["tcpSocket"].get("port"))
        host = spec["tcpSocket"].get("host") or w.ip
        refused = (FAILURE, f"dial tcp {host}:{port}: connect: connection refused", None)
        success = (SUCCESS, "", None)

        def tcp_probe() -> tuple[str, str, str | None]:
            return success if port is not None and listener(w, port) is not None else refused
        return tcp_probe
    error = GRPC_UNSUPPORTED if spec.get("grpc") else "missing probe handler"
    return lambda: (UNKNOWN, "", error)


def resolve_port(w: PodWorker, cs: ContainerState, port: Any) -> int | None:
    """A number, or the name of one of the container's ports (as the kubelet resolves it)."""
    if isinstance(port, int) or (isinstance(port, str) and port.isdigit()):
        return int(port)
    for p in cs.spec.get("ports") or []:
        if p.get("name") == port:
            return int(p["containerPort"])
    return None


def listener(w: PodWorker, port: int):
    """The app in the pod listening on ``port`` (containers share the pod's network)."""
    for other in w.containers.values():
        app = other.app      # App.is_listening, inlined: a probe asks this every period
        if app is not None and app.running and port in app.listening and "running" in other.state:
            return app
    return None


def http_plan(host_ip: str, w: PodWorker, cs: ContainerState, get: dict) -> tuple:
    """What an httpGet handler sends: (port, request, the result when nothing listens)."""
    port = resolve_port(w, cs, get.get("port"))
    host = get.get("host") or w.ip
    scheme = (get.get("scheme") or "HTTP").lower()
    path = get.get("path") or "/"
    if not path.startswith("/"):
        path = "/" + path
    url = f"{scheme}://{host}:{port}{path}"
    refused = (FAILURE, f'Get "{url}": dial tcp {host}:{port}: connect: connection refused', None)
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    headers.update({h["name"]: h["value"] for h in get.get("httpHeaders") or []})
    gateway = w.ip.rsplit(".", 1)[0] + ".1" if w.ip else host_ip
    request = Request(method="GET", path=path, host=f"{host}:{port}", port=port if port is not None else 0,
                      client_ip=gateway, headers=headers)
    return port, request, refused


_HTTP_OK = (SUCCESS, "", None)


def http_send(w: PodWorker, plan: tuple) -> tuple[str, str, None]:
    """Send a planned request to whatever listens on its port: (result, the prober's output, None)."""
    port, request, refused = plan
    app = listener(w, port) if port is not None else None
    if app is None:
        return refused
    status = app.http(request).status
    if 200 <= status < 400:
        return _HTTP_OK
    return FAILURE, f"HTTP probe failed with statuscode: {status}", None


def http_action(host_ip: str, w: PodWorker, cs: ContainerState, get: dict) -> tuple[bool, str]:
    """An HTTP GET from the kubelet to the pod (a lifecycle hook): (2xx/3xx?, the prober's output)."""
    result, output, _ = http_send(w, http_plan(host_ip, w, cs, get))
    return result == SUCCESS, output


def run_exec_timed(cs: ContainerState, argv: list[str]) -> tuple[ExecResult, float]:
    """Run a command in the container for a lifecycle hook: its result and how
    long its ``sleep``s make it take (a preStop ``sleep 5`` delays SIGTERM by 5 s)."""
    if cs.app is None or cs.ctx is None:
        return ExecResult("", "container is not running", 1), 0.0
    return cs.app.exec_timed(list(argv))
