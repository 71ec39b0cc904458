"""``kubectl describe node`` (describeNode, describeNodeResource)."""
from __future__ import annotations

from typing import Any, Iterable

from kubelab.api.meta import Obj
from kubelab.api.quantity import Quantity, milli_value, parse_quantity, value

from ..age import translate_timestamp_since
from .writer import (Related, Writer, annotations_multiline, describe_events, go_bool,
                     labels_multiline, meta_of, render, rfc1123z)


def _node_roles(labels: dict | None) -> list[str]:
    """findNodeRoles: ``node-role.kubernetes.io/<role>`` keys and ``kubernetes.io/role`` values, sorted."""
    roles = set()
    for k, v in (labels or {}).items():
        if k.startswith("node-role.kubernetes.io/") and k[len("node-role.kubernetes.io/"):]:
            roles.add(k[len("node-role.kubernetes.io/"):])
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


def _taint_string(t: Obj) -> str:
    """corev1.Taint.ToString()."""
    key, value, effect = t.get("key", ""), t.get("value", ""), t.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _sum_quantities(values: Iterable[Any]):
    """Quantity.Add over values; the result keeps the first one's format (zero: "0")."""
    total = None
    for v in values:
        q = parse_quantity(v)
        total = q if total is None else Quantity(total.amount + q.amount, total.format)
    return total if total is not None else Quantity(0)


def pod_requests_and_limits(pod: Obj) -> tuple[dict, dict]:
    """resourcehelper.PodRequestsAndLimits: the app containers' sum, raised to any
    init container's own amount (plus the sidecars started before it), plus overhead."""
    spec = pod.get("spec") or {}
    out = []
    for field in ("requests", "limits"):
        total: dict[str, Any] = {}

        def add(into: dict, res: dict) -> None:
            for name, v in (res or {}).items():
                q = parse_quantity(v)
                into[name] = q if name not in into else Quantity(into[name].amount + q.amount, into[name].format)

        for c in spec.get("containers") or []:
            add(total, (c.get("resources") or {}).get(field))
        sidecars: dict[str, Any] = {}
        floor: dict[str, Any] = {}
        for c in spec.get("initContainers") or []:
            res = (c.get("resources") or {}).get(field) or {}
            if c.get("restartPolicy") == "Always":        # a sidecar runs beside the app containers
                add(total, res)
                add(sidecars, res)
                candidate = dict(sidecars)
            else:
                candidate = dict(sidecars)
                add(candidate, res)
            for name, q in candidate.items():
                if name not in floor or q.amount > floor[name].amount:
                    floor[name] = q
        for name, q in floor.items():
            if name not in total or q.amount > total[name].amount:
                total[name] = q
        add(total, spec.get("overhead"))
        out.append(total)
    return out[0], out[1]


def describe_node(node: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """describeNode (describe.go): the node, its Lease, conditions, resources and pods."""
    w = Writer()
    meta, spec, status = meta_of(node), node.get("spec") or {}, node.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Roles:\t{','.join(_node_roles(meta.get('labels'))) or '<none>'}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    w.write(0, "Taints:\t")
    taints = sorted(spec.get("taints") or [], key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    if not taints:
        w.line("<none>")
    for i, t in enumerate(taints):
        w.write(0, ("\t" if i else "") + _taint_string(t) + "\n")
    w.write(0, f"Unschedulable:\t{go_bool(spec.get('unschedulable'))}\n")
    lease = related.node_lease(node)
    if lease is None:
        w.write(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{meta.get("name", "")}" not found\n')
    else:
        lspec = lease.get("spec") or {}
        w.write(0, "Lease:\n")
        w.write(1, f"HolderIdentity:\t{lspec.get('holderIdentity') or '<unset>'}\n")
        w.write(1, f"AcquireTime:\t{rfc1123z(lspec['acquireTime']) if lspec.get('acquireTime') else '<unset>'}\n")
        w.write(1, f"RenewTime:\t{rfc1123z(lspec['renewTime']) if lspec.get('renewTime') else '<unset>'}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type', '')}:\t{a.get('address', '')}\n")
    for title in ("capacity", "allocatable"):
        if status.get(title):
            w.write(0, f"{title.capitalize()}:\n")
            for name in sorted(status[title]):
                w.write(0, f"  {name}:\t{parse_quantity(status[title][name])}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for title, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, f"  {title}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _node_resources(w, node, related.node_pods(node), now)
    describe_events(w, events, now)
    return render(w)


def _node_resources(w: Writer, node: Obj, pods: list[Obj], now: float) -> None:
    """describeNodeResource: each non-terminated pod's requests and limits as a share
    of the node's allocatable (Go truncates the percentage: 6.8% prints as 6%)."""
    status = node.get("status") or {}
    alloc = status.get("allocatable") or status.get("capacity") or {}

    def amount(name: str) -> Quantity:
        return parse_quantity(alloc[name]) if name in alloc else Quantity(0)

    def pct(q: Quantity, of: Quantity, milli: bool) -> int:
        total = milli_value(of) if milli else value(of)
        if total == 0:
            return 0
        return int((milli_value(q) if milli else value(q)) / total * 100)

    cpu, mem, eph = amount("cpu"), amount("memory"), amount("ephemeral-storage")
    zero = Quantity(0)
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals: tuple[dict, dict] = ({}, {})
    for pod in pods:
        req, lim = pod_requests_and_limits(pod)
        for into, part in zip(totals, (req, lim)):
            for name, q in part.items():
                into[name] = q if name not in into else Quantity(into[name].amount + q.amount, into[name].format)
        cr, cl, mr, ml = req.get("cpu", zero), lim.get("cpu", zero), req.get("memory", zero), lim.get("memory", zero)
        md = meta_of(pod)
        w.write(1, f"{md.get('namespace', '')}\t{md.get('name', '')}\t\t{cr} ({pct(cr, cpu, True)}%)\t"
                   f"{cl} ({pct(cl, cpu, True)}%)\t{mr} ({pct(mr, mem, False)}%)\t{ml} ({pct(ml, mem, False)}%)\t"
                   f"{translate_timestamp_since(md.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs, lims = totals
    for name, of, milli in (("cpu", cpu, True), ("memory", mem, False), ("ephemeral-storage", eph, False)):
        r, l = reqs.get(name, zero), lims.get(name, zero)
        w.write(1, f"{name}\t{r} ({pct(r, of, milli)}%)\t{l} ({pct(l, of, milli)}%)\n")
    standard = {"cpu", "memory", "ephemeral-storage", "pods"}      # IsStandardContainerResourceName, and pods
    for name in sorted(n for n in alloc if n.startswith("hugepages-")):
        r, l = reqs.get(name, zero), lims.get(name, zero)
        w.write(1, f"{name}\t{r} ({pct(r, amount(name), False)}%)\t{l} ({pct(l, amount(name), False)}%)\n")
    for name in sorted(n for n in alloc if not n.startswith("hugepages-") and n not in standard):
        w.write(1, f"{name}\t{reqs.get(name, zero)}\t{lims.get(name, zero)}\n")
