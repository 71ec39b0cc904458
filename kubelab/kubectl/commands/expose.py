"""kubectl expose (TYPE NAME | TYPE/NAME | -f FILE): a Service for what a
Deployment, ReplicaSet, ReplicationController, Pod or Service selects.

As in kubectl v1.32 (pkg/cmd/expose/expose.go and polymorphichelpers):

- the selector is the object's (a Deployment's ``matchLabels``, a Pod's labels,
  a Service's selector), the labels are the object's own labels;
- without ``--port`` the ports come from the containers' ``containerPort``s
  (a Service's ``port``s); several become ``port-1``, ``port-2``...; none is the
  error ``couldn't find port via --port flag or introspection``;
- ``--target-port`` sets every port's targetPort, which otherwise equals the port;
- the protocol of each port is the container port's, unless ``--protocol``.
"""
from __future__ import annotations

from ...api.meta import Obj
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from ..output import GENERIC_FORMATS, check_format, print_objects
from ..printers import to_name
from .apply import DRY_RUN, _dry, _suffix, objects_from_files

EXPOSABLE = {"Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet"}
NO_RESOURCE = ("error: You must provide one or more resources by argument or filename.\n"
               "Example resource specifications include:\n"
               "   '-f rsrc.yaml'\n"
               "   '--filename=rsrc.json'\n"
               "   '<resource> <name>'\n"
               "   '<resource>'")


def _pod_spec(obj: Obj) -> Obj:
    if obj["kind"] == "Pod":
        return obj.get("spec") or {}
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def selector_for(obj: Obj) -> dict[str, str]:
    """MapBasedSelectorForObject."""
    kind, spec = obj["kind"], obj.get("spec") or {}
    if kind == "Pod":
        labels = (obj.get("metadata") or {}).get("labels") or {}
        if not labels:
            raise CommandError("error: couldn't retrieve selectors via --selector flag or introspection: "
                               "the pod has no labels and cannot be exposed")
        return dict(labels)
    if kind in ("Service", "ReplicationController"):
        sel = spec.get("selector") or {}
        if not sel and kind == "Service":
            raise CommandError("error: couldn't retrieve selectors via --selector flag or introspection: "
                               "the service has no pod selector set")
        return dict(sel)
    sel = spec.get("selector") or {}
    if sel.get("matchExpressions"):
        exprs = " ".join(f"{{Key:{e.get('key')} Operator:{e.get('operator')} Values:[{' '.join(e.get('values') or [])}]}}"
                         for e in sel["matchExpressions"])
        raise CommandError(f"error: couldn't retrieve selectors via --selector flag or introspection: couldn't "
                           f"convert expressions - \"[{exprs}]\" to map-based selector format")
    return dict(sel.get("matchLabels") or {})


def ports_for(obj: Obj) -> list[tuple[str, str]]:
    """PortsForObject + MultiProtocolsForObject: (port, protocol) in order."""
    if obj["kind"] == "Service":
        return [(str(p["port"]), p.get("protocol") or "TCP") for p in (obj.get("spec") or {}).get("ports") or []]
    out = []
    for c in _pod_spec(obj).get("containers") or []:
        for p in c.get("ports") or []:
            out.append((str(p["containerPort"]), p.get("protocol") or "TCP"))
    return out


def _parse_labels(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(","):
        kv = part.split("=")
        if len(kv) != 2:
            raise CommandError(f"error: unexpected label spec: {part}")
        if not kv[0]:
            raise CommandError("error: unexpected empty label key")
        out[kv[0]] = kv[1]
    return out


def make_exposed_service(obj: Obj, opts: dict) -> Obj:
    """createService: the Service object kubectl sends."""
    if obj["kind"] not in EXPOSABLE:
        group = obj.get("apiVersion", "v1").rpartition("/")[0]
        raise CommandError(f"error: cannot expose a {obj['kind']}{'.' + group if group else ''}")
    name = opts.get("name") or obj["metadata"]["name"][:63]
    selector = _parse_labels(opts["selector"]) if opts.get("selector") else selector_for(obj)
    headless = opts.get("cluster-ip") == "None"
    introspected = ports_for(obj)
    protocols: dict[str, list[str]] = {}
    for port, proto in introspected:
        protocols.setdefault(port, []).append(proto)
    if opts.get("port"):
        port_strings = [opts["port"]]
    else:
        if not introspected and not headless:
            raise CommandError("error: couldn't find port via --port flag or introspection")
        port_strings = list(dict.fromkeys(p for p, _ in introspected))
    ports: list[Obj] = []
    for i, text in enumerate(port_strings):
        try:
            number = int(text, 10)
        except ValueError:
            raise CommandError(f'error: strconv.Atoi: parsing "{text}": invalid syntax')
        pname = f"port-{i + 1}" if len(port_strings) > 1 else ""
        proto = opts.get("protocol") or ""
        if not proto:
            found = protocols.get(text, [])
            if len(found) > 1:
                for p in found:
                    ports.append({"name": f"port-{i + 1}-{p.lower()}", "port": number, "protocol": p})
                continue
            proto = found[0] if found else "TCP"
        entry = {"port": number, "protocol": proto}
        if pname:
            entry = {"name": pname, **entry}
        ports.append(entry)
    target = opts.get("target-port")
    for p in ports:
        p["targetPort"] = (int(target) if target.isdigit() else target) if target else p["port"]
    labels = _parse_labels(opts["labels"]) if opts.get("labels") else dict(obj["metadata"].get("labels") or {})
    svc: Obj = {"apiVersion": "v1", "kind": "Service",
                "metadata": {"creationTimestamp": None, **({"labels": labels} if labels else {}), "name": name},
                "spec": {"ports": ports, "selector": selector}, "status": {"loadBalancer": {}}}
    spec = svc["spec"]
    if opts.get("external-ip"):
        spec["externalIPs"] = [opts["external-ip"]]
    if opts.get("type"):
        spec["type"] = opts["type"]
    if spec.get("type") == "LoadBalancer" and opts.get("load-balancer-ip"):
        spec["loadBalancerIP"] = opts["load-balancer-ip"]
    affinity = opts.get("session-affinity")
    if affinity:
        if affinity not in ("None", "ClientIP"):
            raise CommandError(f"error: unknown session affinity: {affinity}")
        spec["sessionAffinity"] = affinity
    if opts.get("cluster-ip"):
        spec["clusterIP"] = opts["cluster-ip"]
    if not ports:
        del spec["ports"]
    return svc


def run_expose(ctx: Ctx, args: list[str], opts: dict) -> None:
    fmt = opts["output"]
    check_format(fmt, GENERIC_FORMATS)
    dry = _dry(opts)
    if opts.get("filename"):
        sources = objects_from_files(ctx, opts)
    elif not args:
        raise CommandError(NO_RESOURCE)
    else:
        sources = []
        for target in parse_targets(args):
            if not target.names:
                raise CommandError("error: resource(s) were provided, but no name was specified")
            for name in target.names:
                sources.append(ctx.api.get(target.rt, name, ctx.namespace))
    for obj in sources:
        svc = make_exposed_service(obj, opts)
        if dry == "client":
            if ctx.namespace_given:
                svc["metadata"]["namespace"] = ctx.namespace
            result = svc
        else:
            result = ctx.api.create(svc, ctx.namespace, external=True, dry_run=(dry == "server"))
        if fmt:
            print_objects(ctx, [result], fmt, single=True, typed=True)
        else:
            ctx.print(f"{to_name(result)} exposed{_suffix(dry)}")


FLAGS = (Flag("output", "o"), DRY_RUN, Flag("name"), Flag("port"), Flag("protocol"), Flag("target-port"),
         Flag("container-port"), Flag("type"), Flag("labels", "l"), Flag("selector"), Flag("external-ip"),
         Flag("load-balancer-ip"), Flag("session-affinity"), Flag("cluster-ip"), Flag("overrides"),
         Flag("filename", "f", "list", []), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
         Flag("save-config", kind="bool"), Flag("field-manager", default="kubectl-expose"),
         Flag("record", kind="bool"), Flag("show-managed-fields", kind="bool"),
         Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"))
register(Command("expose", run_expose, FLAGS))
