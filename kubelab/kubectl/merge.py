"""Client-side apply: a three-way strategic merge of the last applied
configuration, the new configuration and the live object
(k8s.io/apimachinery/pkg/util/strategicpatch, for the lists a learner meets)."""
from __future__ import annotations

from typing import Any

from ..api.gofmt import go_json
from ..api.meta import Obj, clone
from ..api.patch import merge_key

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

def last_applied_annotation(config: Obj) -> str:
    """The annotation kubectl stores (util.GetModifiedConfiguration): the config without
    the annotation itself, its annotations set back as a map even when that leaves it
    empty (``"annotations":{}``), encoded by the unstructured JSON encoder: Go's
    json.Encoder (keys sorted, compact, ``<>&`` escaped, UTF-8 as is) and a newline.
    The caller gives the config with the namespace the builder set on it."""
    cfg = clone(config)
    meta = cfg.setdefault("metadata", {})
    ann = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    ann.pop(LAST_APPLIED, None)
    meta["annotations"] = ann
    return go_json(cfg) + "\n"


def three_way(original: Any, modified: Any, current: Any, kind: str, path: tuple[str, ...] = ()) -> Any:
    """The new live object: fields set in ``modified`` win; fields that were in
    ``original`` (last applied) but are gone from ``modified`` are removed;
    everything else in ``current`` (set by others: status, defaults) stays."""
    if isinstance(modified, dict) and isinstance(current, dict):
        out = {}
        original = original if isinstance(original, dict) else {}
        for k, v in current.items():
            if k in modified:
                out[k] = three_way(original.get(k), modified[k], v, kind, path + (k,))
            elif k in original:
                continue                    # removed from the config: delete
            else:
                out[k] = v
        for k, v in modified.items():
            if k not in current:
                out[k] = clone(v)
        return out
    if isinstance(modified, list) and isinstance(current, list):
        key = merge_key(path, kind)
        if key and all(isinstance(x, dict) and key in x for x in modified + current):
            orig_items = {x.get(key): x for x in original or [] if isinstance(x, dict)}
            cur_items = {x[key]: x for x in current}
            mod_keys = [x[key] for x in modified]
            out = []
            for item in modified:
                k = item[key]
                out.append(three_way(orig_items.get(k), item, cur_items[k], kind, path) if k in cur_items else clone(item))
            for item in current:
                if item[key] not in mod_keys and item[key] not in orig_items:
                    out.append(item)
            return out
        return clone(modified)
    return clone(modified)
