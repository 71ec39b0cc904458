"""kubectl describe TYPE [NAME_PREFIX] | TYPE/NAME | -l | -f."""
from __future__ import annotations

from ...api import selectors
from ...api.deployments import by_creation, find_new_replica_set, find_old_replica_sets
from ...api.errors import ApiError
from ...api.meta import Obj, controller_ref
from ...clock import parse_timestamp
from ..builder import parse_targets
from ..cli import Command, CommandError, Ctx, Flag, register
from ..printers import no_resources_found
from ..printers.describe import DESCRIBERS, Related, describe
from .apply import FILE_FLAGS, objects_from_files

FLAGS = FILE_FLAGS + (Flag("selector", "l"), Flag("all-namespaces", "A", "bool"),
                      Flag("show-events", kind="bool", default=True), Flag("chunk-size", kind="int", default=500))


def events_for(ctx: Ctx, obj: Obj) -> list[Obj]:
    """Events about ``obj`` (by uid, and by name/kind as kubectl's field selector does)."""
    md = obj["metadata"]
    ns = md.get("namespace") or "default"
    uid = md.get("uid")
    # a Node's events carry its uid (controllers) or its name as uid (the kubelet): describe.go asks for both
    uids = {uid, md["name"]} if obj["kind"] == "Node" else {uid}
    out = [e for e in ctx.api.mentioning("events", ns, uids | {md["name"]})
           if e["involvedObject"].get("uid") in uids
           or (e["involvedObject"].get("name") == md["name"] and e["involvedObject"].get("kind") == obj["kind"]
               and not e["involvedObject"].get("uid"))]
    return sorted(out, key=lambda e: (e.get("lastTimestamp") or "", e.get("firstTimestamp") or ""))


def related_for(ctx: Ctx) -> Related:
    api = ctx.api

    def replica_sets(d: Obj):
        # describe.go asks GetAllReplicaSetsInChunks and lists *all* old ReplicaSets, those
        # scaled to zero too (the second result of FindOldReplicaSets), oldest first.
        uid = d["metadata"]["uid"]
        rss = [rs for rs in api.owned("replicasets", uid, copy=True) if (controller_ref(rs) or {}).get("uid") == uid]
        new = find_new_replica_set(d, rss, parse_timestamp)
        _, every_old = find_old_replica_sets(by_creation(rss, parse_timestamp), new)
        return every_old, new

    def pods(owner: Obj):
        uid = owner["metadata"]["uid"]
        return [p for p in api.owned("pods", uid, copy=True) if (controller_ref(p) or {}).get("uid") == uid]

    def endpoint_slices(svc: Obj):
        sel = selectors.from_map({"kubernetes.io/service-name": svc["metadata"]["name"]})
        return api.list("endpointslices", svc["metadata"]["namespace"], selector=sel)

    def claim_pods(pvc: Obj):
        """getPodsForPVC: the pods in the claim's namespace that mount it ("Used By")."""
        return [p for p in api.list("pods", pvc["metadata"]["namespace"])
                if any((v.get("persistentVolumeClaim") or {}).get("claimName") == pvc["metadata"]["name"]
                       for v in p["spec"].get("volumes") or [])]

    def node_pods(node: Obj):
        """The node's non-terminated pods (spec.nodeName, phase not Succeeded/Failed)."""
        return [p for p in api.list("pods", None)
                if p["spec"].get("nodeName") == node["metadata"]["name"]
                and p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]

    def node_lease(node: Obj):
        return api.try_get(api.resource("leases"), node["metadata"]["name"], "kube-node-lease")

    return Related(replica_sets=replica_sets, pods=pods, endpoint_slices=endpoint_slices,
                   claim_pods=claim_pods, node_pods=node_pods, node_lease=node_lease)


def run(ctx: Ctx, args: list[str], opts: dict) -> None:
    objs: list[Obj] = []
    if opts["filename"] or opts["kustomize"]:
        for o in objects_from_files(ctx, opts, hints=False):
            rt = ctx.api.resource(o["kind"], o.get("apiVersion"))
            ns = (o["metadata"].get("namespace") or ctx.namespace) if rt.namespaced else None
            objs.append(ctx.api.get(rt, o["metadata"]["name"], ns))
    else:
        if not args:
            raise CommandError('error: You must specify the type of resource to describe. Use "kubectl api-resources" '
                               'for a complete list of supported resources.')
        targets = parse_targets(args)
        sel = selectors.parse(opts["selector"]) if opts["selector"] else None
        failed = False
        for t in targets:
            ns = None if (not t.rt.namespaced or opts["all-namespaces"]) else ctx.namespace
            if t.names and "/" in args[0]:
                for name in t.names:
                    objs.append(ctx.api.get(t.rt, name, ns))
            elif t.names:
                for name in t.names:
                    exact = ctx.api.try_get(t.rt, name, ns)
                    if exact is not None:
                        objs.append(exact)
                        continue
                    # describe matches by name prefix when there is no exact match
                    prefixed = [o for o in ctx.api.list(t.rt, ns) if o["metadata"]["name"].startswith(name)]
                    if not prefixed:
                        ctx.eprint(ApiError(404, "NotFound", f'{t.rt.group_resource} "{name}" not found').kubectl_text())
                        failed = True
                    objs.extend(prefixed)
            else:
                found = ctx.api.list(t.rt, ns, selector=sel)
                if not found:
                    ctx.eprint(no_resources_found(ns if t.rt.namespaced else None, opts["all-namespaces"]), end="")
                objs.extend(found)
        if failed and not objs:
            raise CommandError("", 1)
    related = related_for(ctx)
    texts = []
    for obj in objs:
        if obj["kind"] not in DESCRIBERS:
            texts.append(_generic(obj))
            continue
        events = events_for(ctx, obj) if opts["show-events"] else None
        texts.append(describe(obj, events=events, now=ctx.session.now, related=related))
    ctx.out.append("\n\n".join(t.rstrip("\n") for t in texts) + ("\n" if texts else ""))


def _generic(obj: Obj) -> str:
    from ..printers import to_yaml
    md = obj["metadata"]
    lines = [f"Name:         {md['name']}"]
    if md.get("namespace"):
        lines.append(f"Namespace:    {md['namespace']}")
    lines.append(to_yaml({k: v for k, v in obj.items() if k not in ("metadata", "apiVersion", "kind")}))
    return "\n".join(lines)


register(Command("describe", run, FLAGS))
