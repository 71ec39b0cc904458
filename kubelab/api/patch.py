"""The three patch kinds the apiserver applies (k8s.io/apiserver/pkg/endpoints/handlers/patch.go),
and the merge keys they share with ``kubectl apply`` and ``kubectl kustomize``:

* strategic (k8s.io/apimachinery/pkg/util/strategicpatch): maps merge; lists named in
  ``MERGE_KEYS`` merge item by item on their patchMergeKey (a container by ``name``), other
  lists are replaced; ``null`` deletes; ``$patch: delete|replace``, ``$retainKeys``,
  ``$setElementOrder/`` and ``$deleteFromPrimitiveList/`` directives.
* merge (RFC 7386, evanphx/json-patch MergePatch): maps merge, everything else (lists too) is
  replaced, null deletes.
* json (RFC 6902, evanphx/json-patch): add/remove/replace/move/copy/test operations.

kubectl applies the same code itself for ``patch --local`` and kustomize's patches.
"""
from __future__ import annotations

from typing import Any

from .errors import ApiError
from .meta import Obj, clone

__all__ = ["MERGE_KEYS", "merge_key", "PatchFailed", "strategic_merge", "merge_patch", "json_patch",
           "go_value", "JSON_PATCH_REJECTED"]

# patchMergeKey of the lists that merge by key instead of being replaced.
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
    "volumes": "name", "volumeMounts": "mountPath", "ports": "containerPort", "imagePullSecrets": "name",
    "hostAliases": "ip", "tolerations": None, "conditions": "type", "ownerReferences": "uid",
    "volumeDevices": "devicePath", "topologySpreadConstraints": "topologyKey",
}
# Service ports merge by port (ServiceSpec.Ports patchMergeKey "port").
SERVICE_PORT_KEY = "port"


def merge_key(path: tuple[str, ...], kind: str) -> str | None:
    """The patchMergeKey of the list at ``path`` (keys from the object's root), or
    None when the list is replaced whole."""
    name = path[-1] if path else ""
    if name == "ports" and kind == "Service" and len(path) == 2:
        return SERVICE_PORT_KEY
    return MERGE_KEYS.get(name)


#: metadata.finalizers is the one list of scalars with patchStrategy "merge".
PRIMITIVE_MERGE = ("finalizers",)
#: handlers/patch.go answers a JSON patch that does not apply with a bare 422
#: (NewGenericServerResponse), which kubectl's CheckErr prints as this line.
JSON_PATCH_REJECTED = "The request is invalid: the server rejected our request due to an error in our request"


class PatchFailed(Exception):
    """A patch that does not apply.  ``text`` is the library's wording (what kubectl
    prints when it patches locally); ``server`` what the apiserver answers instead."""

    def __init__(self, text: str, server: ApiError | str):
        super().__init__(text)
        self.text = text
        self.server = server


def _plain(text: str) -> PatchFailed:
    """An error strategicpatch returns as a plain Go error: the apiserver turns it
    into a 500 with reason Unknown, printed ``Error from server: ...``."""
    return PatchFailed(text, ApiError(500, "", text))


def _bad(text: str) -> PatchFailed:
    return PatchFailed(text, ApiError(400, "BadRequest", text))


def go_value(v: Any) -> str:
    """fmt's %v of a decoded JSON value: ``map[image:x name:web]``, ``[a b]``, ``<nil>``."""
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_value(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_value(x) for x in v) + "]"
    return str(v)


# ------------------------------------------------------------- strategic merge
def _discard_nulls(v: Any) -> Any:
    """discardNullValuesFromPatch: a null under a key the object lacks deletes nothing."""
    if isinstance(v, dict):
        return {k: _discard_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_discard_nulls(x) for x in v]
    return v


def _ident(item: Any, key: str | None) -> Any:
    if key is None:
        return item
    if key not in item:
        raise _plain(f"map: {go_value(item)} does not contain declared merge key: {key}")
    return item[key]


def _index(order: list, item: Any, key: str | None) -> int:
    want = _ident(item, key)
    for i, x in enumerate(order):
        if isinstance(x, dict) == (key is not None) and (x.get(key) if key else x) == want:
            return i
    return -1


def _normalize(merged: list, patch_order: list, server_order: list, key: str | None) -> list:
    """normalizeElementOrder + mergeSortedSlice: items the patch names come in the
    patch's order, the others keep the server's; a server-only item goes before a
    patch item only when the server had it first (a new item goes in as soon as met).
    E.g. server [nginx, side], patch [new, side] -> [new, nginx, side]."""
    in_patch = [i for i in merged if _index(patch_order, i, key) >= 0]
    server_only = [i for i in merged if _index(patch_order, i, key) < 0]
    in_patch.sort(key=lambda i: _index(patch_order, i, key))
    server_only.sort(key=lambda i: _index(server_order, i, key))
    out, a, b = [], 0, 0
    while a < len(server_only) or b < len(in_patch):
        if a >= len(server_only):
            out.append(in_patch[b]); b += 1
        elif b >= len(in_patch):
            out.append(server_only[a]); a += 1
        else:
            li, ri = _index(server_order, server_only[a], key), _index(server_order, in_patch[b], key)
            if li >= 0 and ri >= 0 and li < ri:
                out.append(server_only[a]); a += 1
            else:
                out.append(in_patch[b]); b += 1
    return out


def _dedupe(items: list) -> list:
    out: list = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


class _Strategic:
    def __init__(self, kind: str):
        self.kind = kind

    def key_for(self, path: tuple[str, ...]) -> tuple[bool, str | None]:
        """(merges?, merge key): scalar merge lists have no key."""
        if path and path[-1] in PRIMITIVE_MERGE:
            return True, None
        key = merge_key(path, self.kind)
        return key is not None, key

    def map(self, original: Obj | None, patch: Obj, path: tuple[str, ...]) -> Obj:
        if "$patch" in patch:                  # handleDirectiveInMergeMap
            d = patch["$patch"]
            if d == "replace":
                return {k: v for k, v in patch.items() if k != "$patch"}
            if d == "delete":
                return {}
            raise _plain(f"unknown patch type: {d} in map: {go_value(patch)}")
        original = dict(original or {})
        patch = dict(patch)
        if "$retainKeys" in patch:             # applyRetainKeysDirective
            keep = patch.pop("$retainKeys")
            if not isinstance(keep, list):
                raise _bad("invalid patch format of retainKeys")
            for k, v in patch.items():
                if v is not None and not k.startswith("$") and k not in keep:
                    raise _bad("invalid patch format of retainKeys")
            original = {k: v for k, v in original.items() if k in keep}
        for k in [k for k in patch if k.startswith("$setElementOrder/")]:
            self.set_order(original, patch, k, path)
        for k, pv in patch.items():
            if k.startswith("$deleteFromPrimitiveList/"):
                name = k.split("/", 1)[1]
                if isinstance(original.get(name), list) and isinstance(pv, list):
                    original[name] = [x for x in original[name] if x not in pv]
                continue
            if pv is None:
                original.pop(k, None)
                continue
            if k not in original:
                original[k] = _discard_nulls(pv)
                continue
            ov = original[k]
            if isinstance(ov, dict) and isinstance(pv, dict):
                original[k] = self.map(ov, pv, path + (k,))
            elif isinstance(ov, list) and isinstance(pv, list):
                original[k] = self.list(ov, pv, path + (k,))
            else:
                original[k] = pv
        return original

    def set_order(self, original: Obj, patch: Obj, directive: str, path: tuple[str, ...]) -> None:
        """mergePatchIntoOriginal: ``$setElementOrder/x`` fixes the order of list x."""
        order = patch.pop(directive)
        name = directive.split("/", 1)[1]
        if not isinstance(order, list):
            raise _bad("invalid patch format of setElementOrder list")
        if name not in original and name not in patch:
            return
        server = original.get(name) or []
        if name in original and name in patch:
            merged = self.list(original[name], patch.pop(name), path + (name,))
        else:
            merged = original.get(name) if name in original else patch.pop(name)
        _, key = self.key_for(path + (name,))
        original[name] = _normalize(merged, order, server, key)

    def list(self, original: list, patch: list, path: tuple[str, ...]) -> list:
        merges, key = self.key_for(path)
        if not merges:
            return patch                        # no patchStrategy: the list is replaced
        if not original and not patch:
            return original
        if key is None or not all(isinstance(x, dict) for x in original + patch):
            return _normalize(_dedupe(original + patch), patch, original, None)
        plain, replace = [], False
        for item in patch:                      # mergeSliceWithSpecialElements
            d = item.get("$patch")
            if d is None:
                plain.append(item)
            elif d == "delete":
                want = _ident(item, key)
                original = [o for o in original if o.get(key) != want]
            elif d == "replace":
                replace = True
            elif d == "merge":
                raise _plain("merging lists cannot yet be specified in the patch")
            else:
                raise _plain(f"unknown patch type: {d} in map: {go_value(item)}")
        if replace:
            return plain
        merged = list(original)
        for item in plain:                      # mergeSliceWithoutSpecialElements
            i = _index(merged, item, key)
            if i >= 0:
                merged[i] = self.map(merged[i], item, path)
            else:
                merged.append(item)
        return _normalize(merged, plain, original, key)


def strategic_merge(original: Obj, patch: Obj, kind: str) -> Obj:
    """Apply a strategic merge patch to an object of ``kind``.

    >>> dep = {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}}
    >>> p = {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.26"}]}}}}
    >>> strategic_merge(dep, p, "Deployment")["spec"]["template"]["spec"]["containers"]
    [{'name': 'web', 'image': 'nginx:1.26'}]
    """
    return _Strategic(kind).map(clone(original), clone(patch), ())


# ------------------------------------------------------------------ JSON merge
def _prune(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _prune(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_prune(x) for x in v]
    return v


def merge_patch(doc: Any, patch: Any) -> Any:
    """RFC 7386 as evanphx/json-patch MergePatch does it: null deletes, maps merge,
    anything else replaces.

    >>> merge_patch({"a": {"b": 1, "c": 2}, "l": [1, 2]}, {"a": {"b": None}, "l": [3]})
    {'a': {'c': 2}, 'l': [3]}
    """
    if not isinstance(patch, dict):
        return _prune(clone(patch))
    out = dict(doc) if isinstance(doc, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge_patch(out[k], v)
        else:
            out[k] = _prune(clone(v))
    return out


# ------------------------------------------------------------------ JSON patch
def _tokens(pointer: str) -> list[str] | None:
    if not pointer.startswith("/"):
        return None
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _walk(doc: Any, tokens: list[str]) -> tuple[bool, Any]:
    cur = doc
    for t in tokens:
        if isinstance(cur, dict) and t in cur:
            cur = cur[t]
        elif isinstance(cur, list) and t.isdigit() and int(t) < len(cur):
            cur = cur[int(t)]
        else:
            return False, None
    return True, cur


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def json_patch(doc: Any, ops: list, *, server: bool = True) -> Any:
    """RFC 6902.  Error texts are evanphx/json-patch's (what kubectl prints when it
    patches locally); the apiserver (json-patch v4) also refuses to replace a missing
    key, which the newer library kubectl links lets through.

    >>> json_patch({"spec": {"replicas": 1}}, [{"op": "replace", "path": "/spec/replicas", "value": 3}])
    {'spec': {'replicas': 3}}
    """
    doc = clone(doc)
    for op in ops:
        kind, path = op.get("op"), op.get("path", "")
        toks = _tokens(path)
        if kind not in ("add", "remove", "replace", "move", "copy", "test"):
            raise PatchFailed(f"Unexpected kind: {kind}", JSON_PATCH_REJECTED)
        if kind == "test":
            found, value = _walk(doc, toks or [])
            if toks is None or not found or not _same(value, op.get("value")):
                raise PatchFailed(f"testing value {path} failed: test failed", JSON_PATCH_REJECTED)
            continue
        if kind in ("move", "copy"):
            src = _tokens(op.get("from", ""))
            found, value = _walk(doc, src or [])
            if not found or not src:
                if kind == "move":       # json-patch words a missing "from" as the removal failing
                    key = src[-1] if src else ""
                    raise PatchFailed(f"error in move for path: '{key}': Unable to remove nonexistent key: "
                                      f"{key}: missing value", JSON_PATCH_REJECTED)
                if server:
                    raise PatchFailed(f"copy operation does not apply: doc is missing from path: "
                                      f"{op.get('from', '')}: missing value", JSON_PATCH_REJECTED)
                value = None             # the library kubectl links copies a missing value as null
            value = clone(value)
            if kind == "move":
                parent = _walk(doc, src[:-1])[1]
                if isinstance(parent, dict):
                    del parent[src[-1]]
                else:
                    del parent[int(src[-1])]
            op = {"op": "add", "path": path, "value": value}
            kind = "add"
        found, parent = _walk(doc, (toks or [""])[:-1]) if toks else (False, None)
        last = toks[-1] if toks else ""
        missing = f"{kind} operation does not apply: doc is missing path: "
        if kind == "add":
            if not found or not isinstance(parent, (dict, list)):
                raise PatchFailed(f'{missing}"{path}": missing value', JSON_PATCH_REJECTED)
            if isinstance(parent, dict):
                parent[last] = clone(op.get("value"))
            elif last == "-":
                parent.append(clone(op.get("value")))
            elif last.isdigit() and int(last) <= len(parent):
                parent.insert(int(last), clone(op.get("value")))
            else:
                raise PatchFailed(f'{missing}"{path}": missing value', JSON_PATCH_REJECTED)
        elif kind == "remove":
            if not found or not isinstance(parent, (dict, list)):
                raise PatchFailed(f'{missing}"{path}": missing value', JSON_PATCH_REJECTED)
            if isinstance(parent, dict) and last in parent:
                del parent[last]
            elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
                del parent[int(last)]
            else:
                raise PatchFailed(f"error in remove for path: '{path}': Unable to remove nonexistent key: "
                                  f"{last}: missing value", JSON_PATCH_REJECTED)
        else:                                   # replace
            in_list = isinstance(parent, list) and last.isdigit() and int(last) < len(parent)
            if not found or not (isinstance(parent, dict) or in_list):
                raise PatchFailed(f"{missing}{path}: missing value", JSON_PATCH_REJECTED)
            if isinstance(parent, dict) and last not in parent and server:
                raise PatchFailed(f"replace operation does not apply: doc is missing key: {path}: missing value",
                                  JSON_PATCH_REJECTED)
            parent[int(last) if in_list else last] = clone(op.get("value"))
    return doc
