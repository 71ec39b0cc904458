"""kubectl logs [-f] [-p] (POD | TYPE/NAME | -l SELECTOR) [-c CONTAINER]

Follows staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go and
pkg/polymorphichelpers/logsforobject.go (v1.32):

* ``POD`` or ``pod/POD``: that pod.  ``TYPE/NAME`` (deploy, rs, sts, ds, job,
  rc, svc): the object's pod selector picks the pods, sorted "best to log"
  (podutils.ByLogging); the first is used and, when there were several,
  ``Found 3 pods, using pod/NAME`` goes to stderr.  ``--all-pods`` uses them all
  (and turns ``--prefix`` on).  With no matching pod kubectl waits up to
  ``--pod-running-timeout`` (20 s, simulated here) for one to appear.
* ``-l SELECTOR``: every matching pod in the namespace; ``--tail`` defaults to 10.
* Each pod gives one log request per container: its default container (the
  ``kubectl.kubernetes.io/default-container`` annotation, else the first), or
  with ``--all-containers`` every init, app and ephemeral container.  kubectl
  keeps the requests in a Go map, so their order varies from run to run; the
  kit prints them in pod order, then init, app, ephemeral containers.

Which run of a container a request reads follows the kubelet's
validateContainerLogStatus: the running container, else the last one that
terminated; ``--previous`` the last terminated one; a container that never ran
says why it is "waiting to start".

``-f`` cannot follow forever in a notebook: it advances simulated time for a
bounded stretch (``--follow-seconds``, 10 s by default, a kubelab addition)
or until the containers stop, then prints what was logged; several streams
are interleaved by time, as kubectl's parallel readers would print them.
"""
from __future__ import annotations

import functools

from ...api import selectors
from ...api.connect import LogStream, PodLogOptions, since_seconds
from ...api.errors import ApiError
from ...api.meta import labels_of
from ...api.pods import is_pod_ready, ready_since
from ...clock import parse_timestamp
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from .podutil import DEFAULT_CONTAINER_ANNOTATION, all_container_names
from .wait import parse_duration

FLAGS = (Flag("container", "c"), Flag("previous", "p", "bool"), Flag("follow", "f", "bool"),
         Flag("tail", kind="int"), Flag("timestamps", kind="bool"),
         Flag("all-containers", kind="bool"), Flag("all-pods", kind="bool"), Flag("selector", "l"),
         Flag("since"), Flag("since-time"), Flag("limit-bytes", kind="int", default=0),
         Flag("prefix", kind="bool"), Flag("ignore-errors", kind="bool"),
         Flag("max-log-requests", kind="int", default=5), Flag("pod-running-timeout", default="20s"),
         Flag("insecure-skip-tls-verify-backend", kind="bool"),
         Flag("follow-seconds", kind="int", default=10))

USAGE = ("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
         "POD or TYPE/NAME is a required argument for the logs command")
SELECTOR_TAIL = 10          # logs.go: selectorTail


def usage_error(message: str) -> CommandError:
    return CommandError(f"error: {message}\nSee 'kubectl logs -h' for help and examples")


# ------------------------------------------------------------------ the target
def fetch_target(ctx: Ctx, arg: str, selector: str):
    """The builder step of Complete: the named object (any type, bare names are
    pods) or the list of pods the selector matches.  Returns (kind, object)."""
    if selector:
        pods = ctx.api.list("pods", ctx.namespace, selector=selectors.parse(selector))
        if not pods:
            ctx.eprint(f"No resources found in {ctx.namespace} namespace.")
        return "PodList", pods
    if "/" in arg:
        target = parse_targets([arg])[0]
        rt, name = target.rt, target.names[0]
    else:
        rt, name = ctx.api.resource("pods"), arg
    try:
        obj = ctx.api.get(rt, name, ctx.namespace if rt.namespaced else None)
    except ApiError as err:
        if err.reason != "NotFound":
            raise
        # logs.go wraps the NotFound with fmt.Errorf, so CheckErr no longer sees an
        # API status: "error: error from server (NotFound): ... in namespace ...".
        raise CommandError(f'error: error from server (NotFound): {err.message} in namespace "{ctx.namespace}"')
    return rt, obj


def selector_for(rt, obj: dict) -> selectors.Selector:
    """polymorphichelpers.SelectorsForObject: the pods an object stands for."""
    go_type = f"*{rt.version}.{rt.kind}"
    spec = obj.get("spec") or {}
    if rt.kind in ("ReplicaSet", "StatefulSet", "DaemonSet", "Deployment", "Job"):
        return selectors.from_label_selector(spec.get("selector"))
    if rt.kind == "ReplicationController":
        return selectors.from_map(spec.get("selector"))
    if rt.kind == "Service":
        if not spec.get("selector"):
            raise CommandError(f"error: cannot get the logs from {go_type}: invalid service "
                               f"'{obj['metadata']['name']}': Service is defined without a selector")
        return selectors.from_map(spec["selector"])
    raise CommandError(f"error: cannot get the logs from {go_type}: selector for {go_type} not implemented")


def _restarts(pod: dict) -> tuple[int, int]:
    """(most restarts of an app container, most restarts of a sidecar init container)."""
    status = pod.get("status") or {}
    regular = max([s.get("restartCount", 0) for s in status.get("containerStatuses") or []], default=0)
    sidecars = {c["name"] for c in pod["spec"].get("initContainers") or [] if c.get("restartPolicy") == "Always"}
    sidecar = max([s.get("restartCount", 0) for s in status.get("initContainerStatuses") or []
                   if s.get("name") in sidecars], default=0)
    return regular, sidecar


def _after_or_zero(t1: float | None, t2: float | None) -> bool:
    if t1 is None or t2 is None:            # a zero time counts as after any other
        return t1 is None
    return t1 > t2


def by_logging_less(a: dict, b: dict) -> bool:
    """podutils.ByLogging.Less: which pod is better to read logs from.
    Assigned before unassigned; Running < Unknown < Pending; ready before not;
    ready longer before ready shorter; more restarts before fewer; older before newer."""
    na, nb = a["spec"].get("nodeName") or "", b["spec"].get("nodeName") or ""
    if na != nb and (not na or not nb):
        return bool(na)
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}
    pa, pb = (rank.get((p.get("status") or {}).get("phase"), 0) for p in (a, b))  # Go map: missing key is 0
    if pa != pb:
        return pa < pb
    if is_pod_ready(a) != is_pod_ready(b):
        return is_pod_ready(a)
    ra, rb = ready_since(a, parse_timestamp), ready_since(b, parse_timestamp)
    if is_pod_ready(a) and is_pod_ready(b) and ra != rb:
        return _after_or_zero(rb, ra)
    if _restarts(a) != _restarts(b):
        return _restarts(a) > _restarts(b)
    ca, cb = (p["metadata"].get("creationTimestamp") for p in (a, b))
    if ca != cb:
        return _after_or_zero(parse_timestamp(cb) if cb else None, parse_timestamp(ca) if ca else None)
    return False


def sort_by_logging(pods: list[dict]) -> list[dict]:
    """Stable, like Go's insertion sort for the small lists it is used on."""
    return sorted(pods, key=functools.cmp_to_key(
        lambda a, b: -1 if by_logging_less(a, b) else (1 if by_logging_less(b, a) else 0)))


def attachable_pod(ctx: Ctx, arg: str, timeout: float):
    """The object ``POD`` or ``TYPE/NAME`` names and the pod kubectl attaches to for it
    (polymorphichelpers' AttachablePodForObjectFn): the pod itself, or the first pod the
    object's selector matches, waiting up to ``timeout``.  Returns (resource, object, pod)."""
    if "/" in arg:
        target = parse_targets([arg])[0]
        rt, name = target.rt, target.names[0]
    else:
        rt, name = ctx.api.resource("pods"), arg
    obj = ctx.api.get(rt, name, ctx.namespace if rt.namespaced else None)
    if rt.kind == "Pod":
        return rt, obj, obj
    return rt, obj, pods_for_selector(ctx, ctx.namespace, selector_for(rt, obj), timeout)[0]


def pods_for_selector(ctx: Ctx, namespace: str, sel: selectors.Selector, timeout: float) -> list[dict]:
    """helpers.GetPodList: the matching pods, best first; with none, watch (in
    simulated time) for the first one to be added or modified."""
    pods = ctx.api.list("pods", namespace, selector=sel)
    if pods:
        return sort_by_logging(pods)
    seen: list[dict] = []

    def on_event(etype: str, obj: dict, old: dict | None) -> None:
        if etype in ("ADDED", "MODIFIED") and obj["metadata"].get("namespace") == namespace \
                and sel.matches(labels_of(obj)):
            seen.append(obj)
    ctx.api.watch(on_event, "pods")
    try:
        ctx.session.wait_for(lambda: bool(seen), timeout=timeout)
    finally:
        ctx.api.unwatch(on_event)
    if not seen:
        # watchtools.UntilWithoutRetry returns wait.ErrWaitTimeout.
        raise CommandError("error: timed out waiting for the condition")
    return [seen[0]]


# -------------------------------------------------------------- the requests
def container_names(pod: dict) -> list[str]:
    spec = pod["spec"]
    return [c["name"] for key in ("containers", "initContainers", "ephemeralContainers")
            for c in spec.get(key) or []]


def pod_requests(ctx: Ctx, pod: dict, container: str | None, all_containers: bool,
                 all_pods: bool) -> list[tuple[dict, str]]:
    """logsForObjectWithClient for one pod: (pod, container) per log request."""
    spec, name = pod["spec"], pod["metadata"]["name"]
    if all_containers:
        return [(pod, c["name"]) for key in ("initContainers", "containers", "ephemeralContainers")
                for c in spec.get(key) or []]
    if not container:
        wanted = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER_ANNOTATION)
        if wanted:
            if wanted in container_names(pod):
                container = wanted
            else:
                ctx.eprint(f'Default container name "{wanted}" not found in pod {name}')
    if not container:
        container = spec["containers"][0]["name"]
        if (len(spec["containers"]) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers")) \
                and not all_pods:
            ctx.eprint(f'Defaulted container "{container}" out of: {all_container_names(pod)}')
    if container not in container_names(pod):
        raise CommandError(f"error: container {container} is not valid for pod {name}")
    return [(pod, container)]


def logs_for_object(ctx: Ctx, kind, obj, container: str | None, all_containers: bool,
                    all_pods: bool, timeout: float) -> list[tuple[dict, str]]:
    if kind == "PodList":
        return [r for pod in obj for r in pod_requests(ctx, pod, container, all_containers, all_pods)]
    if kind.kind == "Pod":
        return pod_requests(ctx, obj, container, all_containers, all_pods)
    sel = selector_for(kind, obj)
    pods = pods_for_selector(ctx, obj["metadata"].get("namespace") or ctx.namespace, sel, timeout)
    if len(pods) > 1 and not all_pods:
        ctx.eprint(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
        pods = pods[:1]
    return [r for pod in pods for r in pod_requests(ctx, pod, container, all_containers, all_pods)]


# ------------------------------------------------------------- reading a log
def open_stream(ctx: Ctx, pod: dict, name: str, opts: dict) -> LogStream:
    """One GET pods/NAME/log request (the kubelet applies --tail, then
    --since/--since-time, then --limit-bytes)."""
    md = pod["metadata"]
    tail = opts["_tail"]
    options = PodLogOptions(container=name, follow=bool(opts["follow"]), previous=bool(opts["previous"]),
                            sinceSeconds=opts["_since_seconds"], sinceTime=opts["since-time"] or None,
                            timestamps=bool(opts["timestamps"]),
                            tailLines=tail if tail is not None and tail >= 0 else None,
                            limitBytes=opts["limit-bytes"] or None)
    return ctx.api.connect("pods", md["name"], md.get("namespace") or ctx.namespace, "log", options)


def read(stream: LogStream, pod: dict, name: str, opts: dict) -> list[tuple[float, str]]:
    chunks = stream.read_chunks()
    if opts["_prefix"]:
        chunks = [(t, f"[pod/{pod['metadata']['name']}/{name}] {text}") for t, text in chunks]
    return chunks


# ----------------------------------------------------------------- the command
def duration_flag(opts: dict, name: str) -> float:
    """A DurationVar flag's value, or pflag's error for a bad one."""
    try:
        return parse_duration(opts[name]) if opts[name] else 0.0
    except CommandError:
        raise CommandError(f'Error: invalid argument "{opts[name]}" for "--{name}" flag: time: invalid duration '
                           f'"{opts[name]}"\nSee \'kubectl logs --help\' for usage.')


def complete_options(ctx: Ctx, args: list[str], opts: dict) -> tuple[str, str | None]:
    """Complete's argument rules and ToLogOptions; returns (resource arg, container)."""
    # Duration flags are parsed with the command line (pflag), before anything else.
    timeout = duration_flag(opts, "pod-running-timeout")
    since = duration_flag(opts, "since")
    selector = opts["selector"] or ""
    if len(args) == 0 and not selector:
        raise usage_error(USAGE)
    if len(args) == 1 and selector:
        raise usage_error("only a selector (-l) or a POD name is allowed")
    if len(args) > 2:
        raise usage_error(USAGE)
    container = args[1] if len(args) == 2 else opts["container"]
    opts["_prefix"] = bool(opts["prefix"] or opts["all-pods"])
    opts["_timeout"] = timeout
    if timeout <= 0:
        raise CommandError("error: --pod-running-timeout must be higher than zero")
    opts["_since_seconds"] = None
    if opts["since-time"]:
        try:
            parse_timestamp(opts["since-time"])
        except ValueError:
            s = opts["since-time"]
            raise CommandError(f'error: parsing time "{s}" as "2006-01-02T15:04:05Z07:00": cannot parse "{s}" as "2006"')
    if since:
        opts["_since_seconds"] = since_seconds(since)
    # A selector reads the last 10 lines unless --tail was given (logs.go ToLogOptions).
    opts["_tail"] = SELECTOR_TAIL if selector and opts["tail"] is None else opts["tail"]
    return (args[0] if args else ""), container


def validate(opts: dict, args: list[str], container: str | None) -> None:
    """LogsOptions.Validate (after the builder has fetched the target)."""
    if opts["since-time"] and opts["since"] and duration_flag(opts, "since"):
        raise CommandError("error: at most one of `sinceTime` or `sinceSeconds` may be specified")
    if opts["all-containers"] and container:
        raise CommandError(f"error: --all-containers=true should not be specified with container name {container}")
    if opts["container"] is not None and len(args) == 2:
        raise CommandError("error: only one of -c or an inline [CONTAINER] arg is allowed")
    if opts["limit-bytes"] < 0:
        raise CommandError("error: --limit-bytes must be greater than 0")
    if opts["_tail"] is not None and opts["_tail"] < -1:
        raise CommandError("error: --tail must be greater than or equal to -1")


def follow(ctx: Ctx, streams: list[LogStream], seconds: float) -> None:
    """Advance simulated time while any followed container still runs (bounded)."""
    if not all(st.done for st in streams):
        ctx.session.wait_for(lambda: all(st.done for st in streams), timeout=seconds)


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    arg, container = complete_options(ctx, args, opts)
    kind, obj = fetch_target(ctx, arg, opts["selector"] or "")
    validate(opts, args, container)
    requests = logs_for_object(ctx, kind, obj, container, bool(opts["all-containers"]),
                               bool(opts["all-pods"]), opts["_timeout"])
    parallel = bool(opts["follow"]) and len(requests) > 1
    if parallel and len(requests) > opts["max-log-requests"]:
        raise CommandError(f"error: you are attempting to follow {len(requests)} log streams, but maximum allowed "
                           f"concurrency is {opts['max-log-requests']}, use --max-log-requests to increase the limit")
    if not parallel:
        # sequentialConsumeRequest: one stream after the other; the first error ends the command.
        for pod, name in requests:
            stream = open_stream(ctx, pod, name, opts)
            if opts["follow"]:
                follow(ctx, [stream], float(opts["follow-seconds"]))
            for _, text in read(stream, pod, name, opts):
                ctx.print(text, end="")
        return
    # parallelConsumeRequest: the streams' lines interleave as they arrive.  A stream
    # that fails ends the command, unless --ignore-errors turns it into a line.
    opened, errors = [], []
    for pod, name in requests:
        try:
            opened.append((open_stream(ctx, pod, name, opts), pod, name))
        except ApiError as err:
            if not opts["ignore-errors"]:
                raise
            errors.append(f"error: {err.message}\n")
    follow(ctx, [st for st, _, _ in opened], float(opts["follow-seconds"]))
    chunks = [c for st, pod, name in opened for c in read(st, pod, name, opts)]
    for text in errors:
        ctx.print(text, end="")
    for _, text in sorted(chunks, key=lambda c: c[0]):
        ctx.print(text, end="")


register(Command("logs", run, FLAGS))
