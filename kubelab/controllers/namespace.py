"""Namespaces: what the service-account and root-ca-cert-publisher controllers
put in every new namespace, and the namespace controller's deletion of a
namespace's content (pkg/controller/namespace)."""
from __future__ import annotations

from ..api import resources
from ..api.meta import Obj
from .base import Controller

CA_DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints "
                  "such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across "
                  "distributions of Kubernetes clusters.")
CA_DATA = "-----BEGIN CERTIFICATE-----\n(simulated minikubeCA)\n-----END CERTIFICATE-----\n"


def root_ca_configmap(ns: str) -> Obj:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "kube-root-ca.crt", "namespace": ns,
                         "annotations": {"kubernetes.io/description": CA_DESCRIPTION}},
            "data": {"ca.crt": CA_DATA}}


def default_service_account(ns: str) -> Obj:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}}


class NamespaceController(Controller):
    name = "namespace"

    def setup(self) -> None:
        self.watch("Namespace", lambda t, o, old: t != "DELETED" and self.enqueue(o["metadata"]["name"]))
        # The last object of a terminating namespace going away lets it finish.
        self.api.watch(self._on_any, etypes=("DELETED",))

    def _on_any(self, etype: str, obj: Obj, old: Obj | None) -> None:
        ns = obj.get("metadata", {}).get("namespace")      # (a deletion: the watch's filter)
        if ns:
            cur = self.api.peek("namespaces", ns)
            if cur is not None and cur["metadata"].get("deletionTimestamp"):
                self.enqueue(ns)

    def sync(self, key: str) -> None:
        ns = self.api.peek("namespaces", key)
        if ns is None:
            return
        if ns["metadata"].get("deletionTimestamp"):
            self._delete_content(ns)
            return
        if self.api.peek("serviceaccounts", "default", key) is None:
            with self.api.acting_as("serviceaccount-controller"):
                self.api.create(default_service_account(key))
        if self.api.peek("configmaps", "kube-root-ca.crt", key) is None:
            with self.api.acting_as("root-ca-cert-publisher"):
                self.api.create(root_ca_configmap(key))

    def _delete_content(self, ns: Obj) -> None:
        name = ns["metadata"]["name"]
        left = 0
        for rt in resources.RESOURCES:
            if not rt.namespaced or rt.group == "events.k8s.io" or "delete" not in rt.verbs:
                continue
            for obj in self.api.list(rt, name, copy=False):
                left += 1
                if not obj["metadata"].get("deletionTimestamp"):
                    self.api.delete(rt, obj["metadata"]["name"], name)
        if left == 0 and (ns.get("spec") or {}).get("finalizers"):
            # The finalize subresource: with the "kubernetes" finalizer gone the namespace goes.
            def finalize(o: Obj) -> None:
                o["spec"]["finalizers"] = []
            self.api.mutate("namespaces", name, None, finalize)
