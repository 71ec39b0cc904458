"""Server-side apply (``PATCH`` with ``application/apply-patch+yaml``): the request
read, the field manager's rules applied (kubelab.api.fieldmanager, which ``kubectl
apply --server-side`` in the kernel uses too) and the result stored.
"""
from __future__ import annotations

from ..api import errors, fieldmanager
from .rest import Outcome, Target, write_patched, yaml_or_json


def server_side_apply(store, t: Target, text: str, dry: bool) -> Outcome:
    manager = t.query.get("fieldManager", "")
    if not manager:
        raise errors.invalid("PatchOptions", "meta.k8s.io", "",
                             [("fieldManager", "Required value: is required for apply patch")])
    force = t.query.get("force", "") in ("true", "1")
    try:
        obj = yaml_or_json(text)
    except ValueError as err:
        raise errors.bad_request(f"error decoding YAML: {err}") from None
    if not isinstance(obj, dict):
        raise errors.bad_request("Object 'Kind' is missing")
    stored = store.try_get(t.rt, t.name, t.namespace)
    result = fieldmanager.apply(None if stored is None else t.present(stored), obj, t.rt.kind,
                                manager, force, t.api_version, store.clock.timestamp())
    if stored is None:
        result["metadata"]["name"] = t.name
        return Outcome(201, store.create(result, t.namespace, external=True, dry_run=dry))
    return write_patched(store, t, result, dry)
