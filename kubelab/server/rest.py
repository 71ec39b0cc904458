"""The REST verbs on the store, as the apiserver's generic registry answers them.

Every function here runs under the cluster lock (:class:`~.app.ApiServer` takes it):
requests reach the cluster one at a time, as the kernel's own commands do.
"""
from __future__ import annotations

import base64
import bisect
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..api import errors, selectors
from ..api.meta import Obj, clone
from ..api.resources import ResourceType
from ..kubectl.commands.get import field_selector, node_of
from ..kubectl.commands.patch import JSON_PATCH_REJECTED, PatchFailed, apply_patch
from . import bodies

#: Field selectors the apiserver supports, beyond metadata.name and metadata.namespace
#: (each kind's GetAttrs / AddFieldLabelConversionFunc).
FIELD_LABELS = {
    "Pod": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"),
    "Event": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
              "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
              "reason", "reportingComponent", "source", "type"),
    "Secret": ("type",),
    "Node": ("spec.unschedulable",),
    "Namespace": ("status.phase",),
    "ReplicaSet": ("status.replicas",),
    "ReplicationController": ("status.replicas",),
    "Job": ("status.successful",),
    "PersistentVolumeClaim": (),
}


@dataclass
class Target:
    """What a resource URL names."""
    rt: ResourceType
    namespace: str | None          # None: all namespaces (or a cluster-scoped kind)
    name: str = ""
    sub: str = ""
    query: dict[str, str] = field(default_factory=dict)
    view: Any = None               # a kubelab.server.versions.View: served in another version than stored

    @property
    def api_version(self) -> str:
        """The version the request speaks (the URL's)."""
        return self.view.rt.api_version if self.view is not None else self.rt.api_version

    def present(self, obj: Any) -> Any:
        """An object of the kind as the URL's version shows it."""
        if self.view is not None and isinstance(obj, dict) and obj.get("kind") == self.rt.kind:
            return self.view.to_view(obj)
        return obj


@dataclass
class Outcome:
    code: int
    body: Any
    warnings: list[str] = field(default_factory=list)


def strip_for_list(obj: Obj) -> Obj:
    obj.pop("apiVersion", None)
    obj.pop("kind", None)
    return obj


def without_type(obj: Obj) -> Obj:
    """A list item as the apiserver writes it (no apiVersion, no kind): a shallow
    copy, for objects the store lent without copying."""
    return {k: v for k, v in obj.items() if k not in ("apiVersion", "kind")}


# ------------------------------------------------------------------ reads
def compile_filter(rt: ResourceType, query: dict[str, str]) -> Callable[[Obj], bool]:
    """labelSelector and fieldSelector as one predicate; 400 for what does not parse."""
    sel = selectors.parse(query["labelSelector"]) if query.get("labelSelector") else None
    text = query.get("fieldSelector", "")
    allowed = ("metadata.name", "metadata.namespace", *FIELD_LABELS.get(rt.kind, ()))
    for part in filter(None, text.split(",")):
        key = part.replace("!=", "=").replace("==", "=").partition("=")[0].strip()
        if "=" not in part:
            raise errors.bad_request(f'invalid selector: \'{text}\'; can\'t understand \'{part}\'')
        if key not in allowed:
            raise errors.bad_request(f'field label not supported: {key}')
    fsel = field_selector(text) if text else None

    def matches(obj: Obj) -> bool:
        if sel is not None and not sel.matches((obj.get("metadata") or {}).get("labels") or {}):
            return False
        return fsel is None or fsel(obj)
    return matches


def _selected(store, t: Target) -> list[Obj]:
    """The objects the selectors pick, through the store's label and node indexes
    (what :func:`compile_filter` accepts, and answers the same)."""
    compile_filter(t.rt, t.query)                        # 400 for what does not parse
    text = t.query.get("labelSelector")
    sel = selectors.parse(text) if text else None
    fields = t.query.get("fieldSelector", "")
    node = node_of(fields) if t.rt.kind == "Pod" else None
    return store.list(t.rt, t.namespace, selector=sel, field_filter=field_selector(fields) if fields else None,
                      copy=False, node=node)


def get(store, t: Target) -> Obj:
    return store.get(t.rt, t.name, t.namespace)


def _continue_token(rv: str, after: Obj) -> str:
    md = after["metadata"]
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": f"{md.get('namespace', '')}/{md['name']}"})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _key(obj: Obj) -> tuple[str, str]:
    md = obj["metadata"]
    return md.get("namespace", ""), md["name"]


def _parse_token(token: str) -> tuple[str, str, str]:
    """A continue token's resourceVersion, and the namespace and name it starts after."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        ns, _, name = raw["start"].partition("/")
        return str(raw.get("rv", "")), ns, name
    except (ValueError, KeyError, TypeError, AttributeError):
        raise errors.bad_request("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)") from None


def list_objects(store, t: Target, rv: str, last: dict | None = None) -> tuple[list[Obj], Obj]:
    """The selected objects and the list's metadata (``limit``/``continue`` pages
    walk the key order: namespace, then name).  ``last`` keeps the last selection:
    the pages of one list select once, not once a page, and are of the list's
    resourceVersion, as the apiserver serves the next pages of a list from the
    revision of its first (stored objects never change in place: the selection
    kept is that revision's).  When the selection is no longer kept, the next page
    is read from the objects as they are now."""
    token = t.query.get("continue")
    after = None
    select = (t.rt.plural, t.namespace, t.query.get("labelSelector"), t.query.get("fieldSelector"))
    if token:
        token_rv, *after = _parse_token(token)
        if last is not None and (*select, token_rv) in last:
            rv = token_rv
    key = (*select, rv)
    if last is not None and key in last:
        objs = last[key]
    else:
        objs = _selected(store, t)
        if last is not None:
            last.clear()
            last[key] = objs
    start = 0
    if after is not None:                   # the key order: the page starts after the token's key
        start = bisect.bisect_right(objs, tuple(after), key=_key)
    meta: Obj = {"resourceVersion": rv}
    limit = t.query.get("limit", "")
    end = len(objs)
    if limit:
        try:
            n = int(limit)
        except ValueError:
            raise errors.bad_request(f'invalid limit "{limit}"') from None
        if 0 < n < end - start:
            end = start + n
            meta["continue"] = _continue_token(rv, objs[end - 1])
            meta["remainingItemCount"] = len(objs) - end
    objs = objs[start:end]
    return objs, meta


# ------------------------------------------------------------------ writes
def _check_kind(t: Target, obj: Obj) -> None:
    if obj.get("apiVersion") != t.api_version:
        raise errors.bad_request(f"the API version in the data ({obj.get('apiVersion', '')}) does not match the "
                                 f"expected API version ({t.api_version})")
    if obj.get("kind") != t.rt.kind:
        raise errors.bad_request(f"the kind in the data ({obj.get('kind')}) does not match the expected kind ({t.rt.kind})")


def _check_namespace(t: Target, obj: Obj) -> None:
    md = obj.setdefault("metadata", {})
    if not isinstance(md, dict):
        return
    if t.rt.namespaced and md.get("namespace") and md["namespace"] != t.namespace:
        raise errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")


def create(store, t: Target, body: bytes, content_type: str) -> Outcome:
    obj = bodies.decode_object(body, content_type)
    _check_kind(t, obj)
    _check_namespace(t, obj)
    warnings = bodies.drop_unknown_fields(obj, bodies.field_validation(t.query))
    bodies.field_manager(t.query)
    created = store.create(obj, t.namespace, external=True, dry_run=bodies.dry_run(t.query))
    return Outcome(201, created, warnings)


def update(store, t: Target, body: bytes, content_type: str) -> Outcome:
    obj = bodies.decode_object(body, content_type)
    if t.sub == "scale":
        return _write_scale(store, t, obj, bodies.dry_run(t.query))
    _check_kind(t, obj)
    _check_namespace(t, obj)
    md = obj.get("metadata") or {}
    if md.get("name") != t.name:
        raise errors.bad_request(f"the name of the object ({md.get('name', '')}) does not match the name on the URL ({t.name})")
    warnings = bodies.drop_unknown_fields(obj, bodies.field_validation(t.query))
    bodies.field_manager(t.query)
    store.get(t.rt, t.name, t.namespace)                 # 404 before anything else
    updated = store.update(obj, t.namespace, external=True, dry_run=bodies.dry_run(t.query), status=t.sub == "status")
    return Outcome(200, updated, warnings)


def patch(store, t: Target, body: bytes, content_type: str) -> Outcome:
    media = bodies.media_type(content_type)
    ptype = bodies.PATCH_TYPES.get(media)
    if ptype is None:
        raise bodies.unsupported(list(bodies.PATCH_TYPES))
    bodies.field_validation(t.query)
    bodies.field_manager(t.query)
    dry = bodies.dry_run(t.query)
    text = body.decode("utf-8", errors="replace")
    if ptype == "apply":
        from .apply import server_side_apply      # apply.py builds on this module's verbs
        return server_side_apply(store, t, text, dry)
    live = scale_of(store, t) if t.sub == "scale" else t.present(store.get(t.rt, t.name, t.namespace))
    kind = "Scale" if t.sub == "scale" else t.rt.kind
    try:
        patched = apply_patch(ptype, live, text, kind, server=True)
    except PatchFailed as err:
        if isinstance(err.server, errors.ApiError):
            raise err.server from None
        if err.server == JSON_PATCH_REJECTED:
            raise errors.ApiError(422, "Invalid", "the server rejected our request due to an error in our request") from None
        raise errors.ApiError(500, "", str(err.server)) from None
    if t.sub == "scale":
        return _write_scale(store, t, patched, dry)
    return write_patched(store, t, patched, dry)


def write_patched(store, t: Target, patched: Any, dry: bool) -> Outcome:
    """The patched object, checked as the patch handler checks it, then stored."""
    md = patched.get("metadata") if isinstance(patched, dict) else None
    if not isinstance(md, dict):
        raise errors.bad_request("Object 'Kind' is missing in the patched object")
    if md.get("name") != t.name:
        raise errors.bad_request(f"the name of the object ({md.get('name')}) does not match the name on the URL ({t.name})")
    if t.rt.namespaced and md.get("namespace", t.namespace) != t.namespace:
        raise errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")
    warnings = bodies.drop_unknown_fields(patched, bodies.field_validation(t.query))
    updated = store.update(patched, t.namespace, external=True, dry_run=dry, status=t.sub == "status")
    return Outcome(200, updated, warnings)


def yaml_or_json(text: str) -> Any:
    import yaml
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ValueError(str(err)) from None


def delete_options(t: Target, body: bytes, content_type: str = "") -> Obj:
    """DeleteOptions from the body (kubectl sends one) or the query."""
    opts: Obj = {}
    if body.strip():
        if bodies.media_type(content_type) == "application/vnd.kubernetes.protobuf":
            opts = bodies.decode_object(body, content_type)
        else:
            try:
                opts = json.loads(body)
            except ValueError:
                raise errors.bad_request("couldn't get version/kind; json parse error: invalid character") from None
        if not isinstance(opts, dict):
            raise errors.bad_request("DeleteOptions must be an object")
    for key in ("propagationPolicy", "gracePeriodSeconds", "dryRun"):
        if key in t.query and key not in opts:
            opts[key] = [t.query[key]] if key == "dryRun" else t.query[key]
    if opts.get("orphanDependents") is True and "propagationPolicy" not in opts:
        opts["propagationPolicy"] = "Orphan"
    policy = opts.get("propagationPolicy")
    if policy not in (None, "Orphan", "Background", "Foreground"):
        raise errors.invalid("DeleteOptions", "", "", [("propagationPolicy",
            f'Unsupported value: "{policy}": supported values: "Foreground", "Background", "Orphan", "nil"')])
    grace = opts.get("gracePeriodSeconds")
    if grace is not None:
        try:
            opts["gracePeriodSeconds"] = int(grace)
        except (TypeError, ValueError):
            raise errors.bad_request(f'invalid gracePeriodSeconds "{grace}"') from None
    dry = opts.get("dryRun") or []
    if dry and dry != ["All"]:
        raise errors.bad_request(f'Invalid dryRun value: "{dry}"; the only value allowed is "All"')
    return opts


def delete(store, t: Target, body: bytes, content_type: str = "") -> Outcome:
    opts = delete_options(t, body, content_type)
    pre = opts.get("preconditions") or {}
    cur = store.get(t.rt, t.name, t.namespace)
    if pre.get("resourceVersion") and pre["resourceVersion"] != cur["metadata"].get("resourceVersion"):
        raise errors.conflict(t.rt.group, t.rt.plural, t.name,
                              f"Precondition failed: ResourceVersion in precondition: {pre['resourceVersion']}, "
                              f"ResourceVersion in object meta: {cur['metadata'].get('resourceVersion')}")
    result = store.delete(t.rt, t.name, t.namespace, propagation=opts.get("propagationPolicy"),
                          grace_period=opts.get("gracePeriodSeconds"), dry_run=bool(opts.get("dryRun")),
                          preconditions_uid=pre.get("uid"))
    if opts.get("dryRun") or store.try_get(t.rt, t.name, t.namespace) is not None or t.rt.kind == "Pod":
        return Outcome(200, result)
    return Outcome(200, success(t.rt, t.name, result["metadata"].get("uid", "")))


def success(rt: ResourceType, name: str, uid: str, code: int | None = None) -> Obj:
    out: Obj = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                "details": {"name": name, "group": rt.group, "kind": rt.plural, "uid": uid}}
    if code is not None:
        out["code"] = code
    return out


def delete_collection(store, t: Target, body: bytes, rv: str, content_type: str = "") -> Outcome:
    opts = delete_options(t, body, content_type)
    matches = compile_filter(t.rt, t.query)
    gone = []
    for obj in store.list(t.rt, t.namespace):
        if not matches(obj):
            continue
        md = obj["metadata"]
        try:
            gone.append(store.delete(t.rt, md["name"], md.get("namespace"), propagation=opts.get("propagationPolicy"),
                                     grace_period=opts.get("gracePeriodSeconds"), dry_run=bool(opts.get("dryRun"))))
        except errors.ApiError as err:
            if err.code != 404:
                raise
    return Outcome(200, {"kind": f"{t.rt.kind}List", "apiVersion": t.api_version,
                         "metadata": {"resourceVersion": rv}, "items": [strip_for_list(t.present(o)) for o in gone]})


# ------------------------------------------------------------------ subresources
def scale_of(store, t: Target) -> Obj:
    """The autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or RC."""
    obj = store.get(t.rt, t.name, t.namespace)
    md, spec, status = obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    sel = spec.get("selector") or {}
    if t.rt.kind == "ReplicationController":
        text = ",".join(f"{k}={v}" for k, v in sorted(sel.items()))
    else:
        text = str(selectors.from_label_selector(sel)) if sel else ""
    scale = {"kind": "Scale", "apiVersion": "autoscaling/v1",
             "metadata": {k: md[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp") if k in md},
             "spec": {"replicas": spec.get("replicas", 0)},
             "status": {"replicas": status.get("replicas", 0)}}
    if text:
        scale["status"]["selector"] = text
    return scale


def _write_scale(store, t: Target, scale: Obj, dry: bool) -> Outcome:
    if not isinstance(scale, dict) or scale.get("kind") not in (None, "Scale"):
        raise errors.bad_request("the body of the request was not a Scale")
    replicas = (scale.get("spec") or {}).get("replicas", 0)
    if not isinstance(replicas, int) or isinstance(replicas, bool):
        raise errors.bad_request(f'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal '
                                 f'{type(replicas).__name__} into Go struct field ScaleSpec.spec.replicas of type int32')
    if replicas < 0:
        raise errors.invalid("Scale", "autoscaling", t.name,
                             [("spec.replicas", f"Invalid value: {replicas}: must be greater than or equal to 0")])
    rv = (scale.get("metadata") or {}).get("resourceVersion")
    obj = store.get(t.rt, t.name, t.namespace)
    if rv and rv != obj["metadata"]["resourceVersion"]:
        raise errors.conflict(t.rt.group, t.rt.plural, t.name,
                              "the object has been modified; please apply your changes to the latest version and try again")
    obj["spec"]["replicas"] = replicas
    store.update(obj, t.namespace, external=True, dry_run=dry)
    out = scale_of(store, t)
    if dry:
        out["spec"]["replicas"] = replicas
    return Outcome(200, out)


def evict(store, t: Target, body: bytes, content_type: str = "") -> Outcome:
    """policy/v1 Eviction (EvictionREST.Create): delete the pod unless a
    PodDisruptionBudget forbids it (429 TooManyRequests, kubelab.api.policy)."""
    from ..api import policy
    opts: Obj = {}
    if body.strip():
        ev = bodies.decode_object(body, content_type or "application/json")
        if (ev.get("metadata") or {}).get("name", t.name) != t.name:
            raise errors.bad_request("name in URL does not match name in Eviction object")
        opts = ev.get("deleteOptions") or {}
    dry = bool(opts.get("dryRun")) or bodies.dry_run(t.query)
    policy.evict(store, t.name, t.namespace, grace_period=opts.get("gracePeriodSeconds"), dry_run=dry)
    return Outcome(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201})


def bind(store, t: Target, body: bytes, clock_stamp: str, content_type: str = "") -> Outcome:
    """pods/binding (and the bindings collection): set spec.nodeName once, as a scheduler does."""
    binding = bodies.decode_object(body, content_type or "application/json")
    name = t.name or (binding.get("metadata") or {}).get("name", "")
    target = binding.get("target") or {}
    if not target.get("name"):
        raise errors.invalid("Binding", "", name, [("target.name", "Required value")])
    pod = store.get("pods", name, t.namespace)
    if bodies.dry_run(t.query):
        if pod["spec"].get("nodeName"):
            raise errors.conflict("", "pods/binding", name,
                                  f'pod {name} is already assigned to node "{pod["spec"]["nodeName"]}"')
        return Outcome(201, success(t.rt, name, pod["metadata"]["uid"], 201))
    store.bind(name, t.namespace, target["name"])
    return Outcome(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201})


def copy_obj(obj: Obj) -> Obj:
    return clone(obj)
