"""Node maintenance: kubectl cordon, uncordon, drain and taint
(staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, pkg/drain/{drain,filters,cordon}.go,
pkg/cmd/taint/{taint,utils}.go, v1.32).

    kubectl drain minikube --ignore-daemonsets
    node/minikube cordoned
    Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-xlst4
    evicting pod default/web-5d8c7f9d4-abcde
    pod/web-5d8c7f9d4-abcde evicted
    node/minikube drained

Cordoning sets ``spec.unschedulable``: the scheduler places no new pod there
(``get nodes`` shows ``Ready,SchedulingDisabled``).  Draining cordons, then evicts
every pod a controller will recreate elsewhere — so on a one-node minikube the
replacements stay Pending until ``kubectl uncordon``.  A NoSchedule taint keeps
new pods away; a NoExecute taint also makes the taint eviction controller delete
the running pods that do not tolerate it.

An eviction is the ``pods/eviction`` subresource (kubelab.api.policy.evict): the
apiserver marks the pod ``DisruptionTarget`` (EvictionByEvictionAPI) and deletes it
gracefully, unless a PodDisruptionBudget cannot afford it — then it answers 429
and drain says so and tries again five seconds later::

    error when evicting pods/"zk-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.

``--timeout=0`` means "forever" to kubectl; the simulated one stops waiting after
an hour of simulated time (WAIT_CAP) and reports the timeout kubectl would.

Go errors keep their shapes here because kubectl prints them by shape
(cmdutil.CheckErr): a ``str`` is a plain error, an :class:`ApiError` a status
error, a ``list`` a ``utilerrors.Aggregate``.
"""
from __future__ import annotations

import math
from typing import Union

from ...api import policy, selectors
from ...api.gofmt import go_duration
from ...api.errors import ApiError
from ...api.meta import Obj
from ...api.names import is_label_value, is_qualified_name
from ..builder import resolve_type
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .wait import parse_duration

GoError = Union[str, ApiError, list]

WAIT_CAP = 3600.0          # simulated seconds a "forever" wait lasts
POLL_INTERVAL = 1.0        # waitForDelete polls every second
EVICTION_RETRY = 5.0       # evictPods sleeps this long after a 429
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"

# pkg/drain/filters.go.  unmanagedFatal really starts with "cannot delete" in v1.32,
# so kubectl prints "cannot delete cannot delete Pods that declare no controller"
# (fixed in v1.36, kubernetes#135817).
DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"

EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


# ------------------------------------------------------------- Go error text
def error_text(err: GoError) -> str:
    """err.Error(): an Aggregate flattens, drops repeats and brackets several."""
    if isinstance(err, list):
        msgs: list[str] = []
        for e in _flatten(err):
            if error_text(e) not in msgs:
                msgs.append(error_text(e))
        if len(err) == 1 or len(msgs) == 1:
            return msgs[0]
        return "[" + ", ".join(msgs) + "]"
    if isinstance(err, ApiError):
        return err.message
    return err


def _flatten(errs: list) -> list:
    out = []
    for e in errs:
        out.extend(_flatten(e) if isinstance(e, list) else [e])
    return out


def check_err(err: GoError) -> str:
    """The text cmdutil.CheckErr prints: aggregates of one are unwrapped; an
    aggregate prints one line per error, without "error: " (MultipleErrors)."""
    if isinstance(err, list) and len(err) == 1:
        err = err[0]
    if isinstance(err, list):
        return "".join((e.kubectl_text() if isinstance(e, ApiError) else error_text(e)) + "\n" for e in err)
    if isinstance(err, ApiError):
        return err.kubectl_text()
    return err if err.startswith("error: ") else "error: " + err


def _usage(cmd: str, msg: str) -> CommandError:
    """cmdutil.UsageErrorf, as CheckErr prints it."""
    return CommandError(check_err(f"{msg}\nSee 'kubectl {cmd} -h' for help and examples"))


def _dry_run(opts: dict) -> str:
    """cmdutil.GetDryRunStrategy: none | client | server (bare --dry-run is client)."""
    value = opts.get("dry-run") or "none"
    if value in ("unchanged", "1", "t", "T", "TRUE", "true", "True"):
        return "client"
    if value in ("0", "f", "F", "FALSE", "false", "False"):
        return "none"
    if value not in ("none", "client", "server"):
        raise CommandError(f'error: Invalid dry-run value ({value}). Must be "none", "server", or "client".')
    return value


def _suffix(dry: str) -> str:
    """PrintFlagsWithDryRunStrategy appends this to the printed operation."""
    return {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")


# ------------------------------------------------------ cordon and uncordon
def find_nodes(ctx: Ctx, cmd: str, args: list[str], selector: str | None) -> list[Obj]:
    """DrainCmdOptions.Complete: node names, or every node ``-l`` selects."""
    if not args and not selector:
        raise _usage(cmd, f"USAGE: {cmd} NODE [flags]")
    if args and selector:
        raise _usage(cmd, "error: cannot specify both a node name and a --selector option")
    if selector:
        return ctx.api.list("nodes", selector=selectors.parse(selector))
    nodes = []
    for arg in args:
        kind, slash, name = arg.rpartition("/")
        rt = resolve_type(kind) if slash else resolve_type("nodes")
        obj = ctx.api.get(rt, name, ctx.namespace if rt.namespaced else None)
        if rt.kind != "Node":
            raise CommandError(f'error: expected resource of type node, got {{"{rt.group}" "{rt.version}" "{rt.plural}"}}')
        nodes.append(obj)
    return nodes


def cordon_or_uncordon(ctx: Ctx, nodes: list[Obj], desired: bool, dry: str) -> None:
    """RunCordonOrUncordon: set spec.unschedulable where it differs."""
    verb = "cordon" if desired else "uncordon"
    for node in nodes:
        if bool(node["spec"].get("unschedulable")) == desired:
            ctx.print(to_name(node, f"already {verb}ed{_suffix(dry)}"))
            continue
        if dry != "client":
            changed = {**node, "spec": dict(node["spec"])}
            if desired:
                changed["spec"]["unschedulable"] = True
            else:       # the patch is {"spec":{"unschedulable":null}}: the field goes
                changed["spec"].pop("unschedulable", None)
            try:
                ctx.api.update(changed, external=True, dry_run=dry == "server")
            except ApiError as err:
                ctx.eprint(f'error: unable to {verb} node "{node["metadata"]["name"]}": {error_text(err)}')
                continue
        ctx.print(to_name(node, f"{verb}ed{_suffix(dry)}"))


def cordon(ctx: Ctx, args: list[str], opts: dict) -> None:
    dry = _dry_run(opts)
    cordon_or_uncordon(ctx, find_nodes(ctx, "cordon", args, opts["selector"]), True, dry)


def uncordon(ctx: Ctx, args: list[str], opts: dict) -> None:
    dry = _dry_run(opts)
    cordon_or_uncordon(ctx, find_nodes(ctx, "uncordon", args, opts["selector"]), False, dry)


# -------------------------------------------------------------------- drain
def _controller_of(pod: Obj) -> Obj | None:
    return next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")), None)


def _finished(pod: Obj) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def is_mirror_pod(pod: Obj) -> bool:
    """A static pod's API copy: the kubelet's config.mirror annotation (mirrorPodFilter)."""
    return MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {})


def filter_pod(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    """The drain filters in order (makeFilters), stopping at the first that
    keeps the pod: (delete?, Okay|Skip|Warning|Error, message)."""
    status = (True, "Okay", "")
    for check in (_skip_deleted, _daemonset, _mirror, _local_storage, _unreplicated):
        status = check(ctx, pod, opts)
        if not status[0]:
            break
    return status


def _skip_deleted(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    return (False, "Skip", "") if _should_skip(ctx, pod, opts["skip-wait-for-delete-timeout"]) else (True, "Okay", "")


def _should_skip(ctx: Ctx, pod: Obj, seconds: int) -> bool:
    from ...clock import parse_timestamp
    stamp = pod["metadata"].get("deletionTimestamp")
    return seconds > 0 and bool(stamp) and int(ctx.session.now - parse_timestamp(stamp)) > seconds


def _daemonset(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    ref = _controller_of(pod)
    if ref is None or ref.get("kind") != "DaemonSet" or _finished(pod):
        return True, "Okay", ""
    try:
        ctx.api.get("daemonsets", ref["name"], pod["metadata"]["namespace"])
    except ApiError as err:     # an orphan: --force removes it, with a warning
        if err.reason == "NotFound" and opts["force"]:
            return True, "Warning", err.message
        return False, "Error", err.message
    if not opts["ignore-daemonsets"]:
        return False, "Error", DAEMONSET_FATAL
    return False, "Warning", DAEMONSET_WARNING


def _mirror(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    return (False, "Skip", "") if is_mirror_pod(pod) else (True, "Okay", "")


def _local_storage(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    if not any("emptyDir" in v for v in pod["spec"].get("volumes") or []) or _finished(pod):
        return True, "Okay", ""
    if not opts["delete-emptydir-data"]:
        return False, "Error", LOCAL_STORAGE_FATAL
    # filters.go's TODO: a later filter's Okay drops this warning, as in kubectl.
    return True, "Warning", LOCAL_STORAGE_WARNING


def _unreplicated(ctx: Ctx, pod: Obj, opts: dict) -> tuple[bool, str, str]:
    if _finished(pod) or _controller_of(pod) is not None:
        return True, "Okay", ""
    if opts["force"]:
        return True, "Warning", UNMANAGED_WARNING
    return False, "Error", UNMANAGED_FATAL


def pods_for_deletion(ctx: Ctx, node: str, opts: dict) -> tuple[list[Obj], str, list[str]]:
    """GetPodsForDeletion: (pods to evict, the warnings line, errors).  Go keeps
    warnings and errors in maps (random order); here they follow the pod list."""
    sel = selectors.parse(opts["pod-selector"] or "")
    pods = ctx.api.list("pods", None, selector=sel, field_filter=lambda p: p["spec"].get("nodeName") == node)
    keep, warned, failed = [], {}, {}
    for pod in pods:
        delete, reason, message = filter_pod(ctx, pod, opts)
        key = f'{pod["metadata"]["namespace"]}/{pod["metadata"]["name"]}'
        if delete:
            keep.append(pod)
        if reason == "Warning":
            warned.setdefault(message, []).append(key)
        elif reason == "Error":
            failed.setdefault(message or "unexpected error", []).append(key)
    warnings = "; ".join(f"{m}: {', '.join(ps)}" for m, ps in warned.items())
    errors = [f"cannot delete {m}: {', '.join(ps)}" for m, ps in failed.items()]
    return keep, warnings, errors


def evict(ctx: Ctx, pod: Obj, grace: int, dry: str) -> None:
    """POST pods/NAME/eviction: the apiserver deletes the pod unless a
    PodDisruptionBudget forbids it (kubelab.api.policy.evict raises the 429)."""
    md = pod["metadata"]
    policy.evict(ctx.api, md["name"], md["namespace"], grace_period=None if grace < 0 else grace,
                 dry_run=dry == "server")


def wait_for_delete(ctx: Ctx, pods: list[Obj], verb: str, deadline: float, skip: int) -> list[Obj]:
    """waitForDelete: poll each second (the first poll at once) until every pod
    is gone or replaced (another uid), printing ``pod/x evicted`` as each goes.
    Returns the pods still there at the deadline."""
    start, pending = ctx.session.now, list(pods)

    def resolved(pod: Obj) -> bool:
        cur = ctx.api.peek("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
        return cur is None or cur["metadata"]["uid"] != pod["metadata"]["uid"] or _should_skip(ctx, cur, skip)

    while True:
        still = []
        for pod in pending:
            md = pod["metadata"]
            cur = ctx.api.peek("pods", md["name"], md["namespace"])
            if cur is None or cur["metadata"]["uid"] != md["uid"]:
                ctx.print(to_name(pod, verb))
            elif _should_skip(ctx, cur, skip):
                ctx.print(f'pod "{md["name"]}" has DeletionTimestamp older than {skip} seconds, skipping')
            else:
                still.append(pod)
        pending = still
        if not pending or ctx.session.now >= deadline:
            return pending
        limit = deadline
        if skip > 0:     # a skip is due by the clock, not by an event: wake for it
            from ...clock import parse_timestamp
            for pod in pending:
                cur = ctx.api.peek("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
                if cur and cur["metadata"].get("deletionTimestamp"):
                    limit = min(limit, parse_timestamp(cur["metadata"]["deletionTimestamp"]) + skip + 1)
        if not ctx.session.wait_for(lambda: any(resolved(p) for p in pending), limit - ctx.session.now):
            if ctx.session.now >= deadline:
                return pending
        # the poll loop notices at its next whole second
        tick = start + math.ceil(ctx.session.now - start - 1e-9)
        if tick >= deadline:
            ctx.session.run_until(deadline)
            return pending
        ctx.session.run_until(tick)


def evict_pods(ctx: Ctx, pods: list[Obj], opts: dict, dry: str, deadline: float) -> GoError | None:
    """Helper.evictPods: one goroutine a pod, all started at once.  Each prints
    ``evicting pod``, asks for the eviction and, refused by a disruption budget
    (429), says so and tries again five seconds later; once evicted it waits for
    the pod to go (waitForDelete).  Here the goroutines take turns on the
    simulated clock, in the pods' order."""
    errors: list[GoError] = []
    due = {i: ctx.session.now for i in range(len(pods))}      # pods still to evict -> next attempt
    waiting: list[Obj] = []
    timeout = parse_duration(opts["timeout"]) or WAIT_CAP
    while due:
        now = ctx.session.now
        for i in sorted(i for i, t in due.items() if t <= now):
            pod = pods[i]
            md = pod["metadata"]
            ctx.print(f'evicting pod {md["namespace"]}/{md["name"]}{" (server dry run)" if dry == "server" else ""}')
            del due[i]
            if now >= deadline:       # the global timeout, checked after the line is printed
                errors.append(f'error when evicting pods/"{md["name"]}" -n "{md["namespace"]}": '
                              f"global timeout reached: {go_duration(timeout)}")
                continue
            try:
                evict(ctx, pod, opts["grace-period"], dry)
            except ApiError as err:
                if err.code == 429:
                    ctx.eprint(f'error when evicting pods/"{md["name"]}" -n "{md["namespace"]}" '
                               f"(will retry after 5s): {err.message}")
                    due[i] = now + EVICTION_RETRY
                elif err.reason != "NotFound":
                    errors.append(f'error when evicting pods/"{md["name"]}" -n "{md["namespace"]}": {err.message}')
                continue
            if dry != "server":
                waiting.append(pod)
        if not due:
            break
        nxt = min(due.values())
        if waiting:       # the evicted ones are watched meanwhile ("pod/x evicted" as each goes)
            waiting = wait_for_delete(ctx, waiting, "evicted", nxt, opts["skip-wait-for-delete-timeout"])
        else:
            ctx.session.run_until(nxt)
    left = wait_for_delete(ctx, waiting, "evicted", deadline, opts["skip-wait-for-delete-timeout"])
    errors += [f'error when waiting for pod "{p["metadata"]["name"]}" in namespace "{p["metadata"]["namespace"]}" '
               "to terminate: context deadline exceeded" for p in left]
    return errors or None


def delete_pods(ctx: Ctx, pods: list[Obj], opts: dict, dry: str, deadline: float) -> GoError | None:
    """Helper.deletePods (--disable-eviction): plain DELETEs, PodDisruptionBudgets bypassed."""
    grace = opts["grace-period"]
    for pod in pods:
        md = pod["metadata"]
        try:
            ctx.api.delete("pods", md["name"], md["namespace"], grace_period=None if grace < 0 else grace,
                           dry_run=dry == "server")
        except ApiError as err:
            if err.reason != "NotFound":
                return err
    if wait_for_delete(ctx, pods, "deleted", deadline, opts["skip-wait-for-delete-timeout"]):
        return "context deadline exceeded"
    return None


def drain_node(ctx: Ctx, node: Obj, opts: dict, dry: str, timeout: float) -> GoError | None:
    """deleteOrEvictPodsSimple for one node."""
    name = node["metadata"]["name"]
    pods, warnings, errors = pods_for_deletion(ctx, name, opts)
    if errors:
        return errors
    if warnings:
        ctx.eprint(f"Warning: {warnings}")
    if dry == "client":
        for pod in pods:
            ctx.print(f'evicting pod {pod["metadata"]["namespace"]}/{pod["metadata"]["name"]} (dry run)')
        return None
    if not pods:
        return None
    deadline = ctx.session.now + (timeout if timeout > 0 else WAIT_CAP)
    run = delete_pods if opts["disable-eviction"] else evict_pods
    err = run(ctx, pods, opts, dry, deadline)
    if err is None:
        return None
    pending, _, new_errs = pods_for_deletion(ctx, name, opts)
    if pending:
        ctx.eprint(f'There are pending pods in node "{name}" when an error occurred: {error_text(err)}')
        for pod in pending:
            ctx.eprint(f'pod/{pod["metadata"]["name"]}')
    if new_errs:
        ctx.eprint("Following errors occurred while getting the list of pods to delete:\n"
                   + error_text(new_errs), end="")
    return err


def drain(ctx: Ctx, args: list[str], opts: dict) -> None:
    """RunDrain: cordon every node, then empty them one by one."""
    try:
        timeout = parse_duration(opts["timeout"])
    except CommandError:
        raise CommandError(f'Error: invalid argument "{opts["timeout"]}" for "--timeout" flag: time: invalid '
                           f'duration "{opts["timeout"]}"\nSee \'kubectl drain --help\' for usage.')
    if not args and not opts["selector"]:
        raise _usage("drain", "USAGE: drain NODE [flags]")
    if args and opts["selector"]:
        raise _usage("drain", "error: cannot specify both a node name and a --selector option")
    dry = _dry_run(opts)
    if opts["pod-selector"]:
        try:
            selectors.parse(opts["pod-selector"])
        except ApiError:
            raise CommandError("error: --pod-selector=<pod_selector> must be a valid label selector")
    nodes = find_nodes(ctx, "drain", args, opts["selector"])
    cordon_or_uncordon(ctx, nodes, True, dry)
    fatal: list[GoError] = []
    remaining: list[str] = []
    for node in nodes:
        err = drain_node(ctx, node, opts, dry, timeout)
        if err is None:
            ctx.print(to_name(node, "drained" + _suffix(dry)))
            continue
        name = node["metadata"]["name"]
        ctx.eprint(f'error: unable to drain node "{name}" due to error: {error_text(err)}, continuing command...')
        fatal.append(err)
        remaining.append(name)
    if remaining:
        ctx.eprint("There are pending nodes to be drained:")
        for name in remaining:
            ctx.eprint(f" {name}")
    if fatal:
        raise CommandError(check_err(fatal))


# -------------------------------------------------------------------- taint
def taint_string(taint: Obj) -> str:
    """Taint.ToString: ``key=value:Effect``, ``key:Effect``, ``key``."""
    key, value, effect = taint.get("key", ""), taint.get("value", ""), taint.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _go_struct(taint: Obj) -> str:
    """%v of a corev1.Taint value: {key value effect <nil>}."""
    return f'{{{taint["key"]} {taint.get("value", "")} {taint["effect"]} <nil>}}'


def parse_taint(spec: str) -> Obj:
    """parseTaint: ``key=value:Effect``, ``key:Effect`` or ``key``.

    >>> parse_taint("dedicated=gpu:NoSchedule")
    {'key': 'dedicated', 'value': 'gpu', 'effect': 'NoSchedule'}
    >>> parse_taint("dedicated")
    {'key': 'dedicated'}
    """
    parts = spec.split(":")
    value, effect = "", ""
    if len(parts) == 1:
        key = parts[0]
    elif len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise ValueError(f"invalid taint effect: {effect}, unsupported taint effect")
        kv = parts[0].split("=")
        if len(kv) > 2:
            raise ValueError(f"invalid taint spec: {spec}")
        key = kv[0]
        if len(kv) == 2:
            value = kv[1]
            errs = is_label_value(value)
            if errs:
                raise ValueError(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    else:
        raise ValueError(f"invalid taint spec: {spec}")
    errs = is_qualified_name(key)
    if errs:
        raise ValueError(f"invalid taint spec: {spec}, {'; '.join(errs)}")
    taint = {"key": key}
    if value:
        taint["value"] = value
    if effect:
        taint["effect"] = effect
    return taint


def parse_taints(specs: list[str]) -> tuple[list[Obj], list[Obj]]:
    """parseTaints: (taints to add, taints to remove).  Removal accepts ``key-``."""
    add, remove = [], []
    for spec in specs:
        if spec.endswith("-"):
            t = parse_taint(spec[:-1])
            remove.append({k: v for k, v in t.items() if k != "value"})
            continue
        t = parse_taint(spec)
        if not t.get("effect"):
            raise ValueError(f"invalid taint spec: {spec}")
        if any(a["key"] == t["key"] and a["effect"] == t["effect"] for a in add):
            raise ValueError(f"duplicated taints with the same key and effect: {_go_struct(t)}")
        add.append(t)
    return add, remove


def _matches(a: Obj, b: Obj) -> bool:
    """Taint.MatchTaint: same key and effect."""
    return a.get("key") == b.get("key") and a.get("effect", "") == b.get("effect", "")


def reorganize_taints(old: list[Obj], overwrite: bool, add: list[Obj], remove: list[Obj]
                      ) -> tuple[str, list[Obj], list[str]]:
    """reorganizeTaints: new taints first, then the old ones they do not replace,
    minus the removed ones.  The operation word follows kubectl's own logic —
    including that only the *last* removal decides whether anything was deleted.

    >>> reorganize_taints([{"key": "a", "effect": "NoSchedule"}], False, [{"key": "b", "effect": "NoExecute"}], [])
    ('tainted', [{'key': 'b', 'effect': 'NoExecute'}, {'key': 'a', 'effect': 'NoSchedule'}], [])
    """
    new = list(add) + [t for t in old if not any(_matches(n, t) for n in add)]
    added = len(old) != len(new)
    errs, deleted = [], False
    for r in remove:
        kept = [t for t in new if not (_matches(r, t) if r.get("effect") else t.get("key") == r["key"])]
        deleted = len(kept) != len(new)
        new = kept
        if not deleted:
            errs.append(f'taint "{taint_string(r)}" not found')
    if (added and deleted) or overwrite:
        return "modified", new, errs
    return ("tainted" if added else "untainted"), new, errs


def _split_taint_args(args: list[str]) -> tuple[list[str], list[str]]:
    resources, taints = [], []
    for s in args:
        if "=" in s or ":" in s or s.endswith("-"):
            taints.append(s)
        elif taints:
            raise CommandError(f"error: all resources must be specified before taint changes: {s}")
        else:
            resources.append(s)
    return resources, taints


def taint(ctx: Ctx, args: list[str], opts: dict) -> None:
    """TaintOptions Complete, Validate and RunTaint."""
    dry = _dry_run(opts)
    check_format(opts["output"], GENERIC_FORMATS)
    resources, specs = _split_taint_args(args)
    if not resources:
        raise CommandError("error: one or more resources must be specified as <resource> <name>")
    if not specs:
        raise CommandError("error: at least one taint update is required")
    try:
        add, remove = parse_taints(specs)
    except ValueError as err:
        raise _usage("taint", str(err))
    rt = resolve_type(resources[0].lower())
    if rt.kind != "Node":
        raise CommandError(f"error: invalid resource type {resources[0].lower()}, only node types are supported")
    conflicts = [f'{r["key"]}={r.get("effect", "")}' for a in add for r in remove
                 if a["key"] == r["key"] and (not r.get("effect") or a["effect"] == r.get("effect"))]
    if conflicts:
        raise CommandError("error: can not both modify and remove the following taint(s) in the same command: "
                           + ", ".join(conflicts))
    if opts["all"] and opts["selector"]:
        raise CommandError("error: setting 'all' parameter with a non empty selector is prohibited")
    if not opts["all"] and not opts["selector"] and len(resources) < 2:
        raise CommandError("error: at least one resource name must be specified since 'all' parameter is not set")
    errors: list[GoError] = []
    for node in _taint_targets(ctx, resources[1:], opts, errors):
        try:
            _taint_one(ctx, node, opts, dry, add, remove)
        except _TaintError as err:
            errors.append(err.err)
        except ApiError as err:
            errors.append(err)
    if errors:      # ContinueOnErrorVisitor: one error as itself, several as an Aggregate
        raise CommandError(check_err(errors[0] if len(errors) == 1 else errors))


class _TaintError(Exception):
    def __init__(self, err: GoError):
        super().__init__(error_text(err))
        self.err = err


def _taint_targets(ctx: Ctx, names: list[str], opts: dict, errors: list) -> list[Obj]:
    if opts["all"] or opts["selector"]:
        return ctx.api.list("nodes", selector=selectors.parse(opts["selector"] or ""))
    out = []
    for name in names:
        try:
            out.append(ctx.api.get("nodes", name))
        except ApiError as err:
            errors.append(err)
    return out


def _taint_one(ctx: Ctx, node: Obj, opts: dict, dry: str, add: list[Obj], remove: list[Obj]) -> None:
    old = node["spec"].get("taints") or []
    name = node["metadata"]["name"]
    if not opts["overwrite"]:
        exists = [t["key"] for t in add for o in old if t["key"] == o.get("key") and t["effect"] == o.get("effect")]
        if exists:
            raise _TaintError(f"node {name} already has {','.join(exists)} taint(s) with same effect(s) "
                              "and --overwrite is false")
    operation, new, errs = reorganize_taints(old, opts["overwrite"], add, remove)
    if errs:
        raise _TaintError(list(errs))
    changed = {**node, "spec": dict(node["spec"])}
    if new:
        changed["spec"]["taints"] = new
    else:
        changed["spec"].pop("taints", None)
    if dry != "client":
        changed = ctx.api.update(changed, external=True, dry_run=dry == "server")
    operation += _suffix(dry)
    if opts["output"]:
        print_objects(ctx, [changed], opts["output"], single=True, operation=operation)
    else:
        ctx.print(to_name(changed, operation))


_DRY = Flag("dry-run", default="none", no_opt="unchanged")
register(Command("cordon", cordon, (Flag("selector", "l"), _DRY)))
register(Command("uncordon", uncordon, (Flag("selector", "l"), _DRY)))
register(Command("drain", drain, (
    Flag("force", kind="bool"), Flag("ignore-daemonsets", kind="bool"), Flag("delete-emptydir-data", kind="bool"),
    Flag("grace-period", kind="int", default=-1), Flag("timeout", default="0s"), Flag("pod-selector", default=""),
    Flag("disable-eviction", kind="bool"), Flag("skip-wait-for-delete-timeout", kind="int", default=0),
    Flag("chunk-size", kind="int", default=500), Flag("selector", "l"), _DRY,
)))
register(Command("taint", taint, (
    Flag("overwrite", kind="bool"), Flag("all", kind="bool"), Flag("selector", "l"), Flag("output", "o"),
    Flag("validate", default="strict", no_opt="strict"), Flag("field-manager", default="kubectl-taint"),
    Flag("show-managed-fields", kind="bool"), Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("template"), _DRY,
)))
