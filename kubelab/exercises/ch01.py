"""Checks for chapter 01 (installing a cluster: 初始化, kubeadm安装, minkube)."""
from __future__ import annotations

from ..setup import pki
from . import Check, not_yet, ok

WORKERS = ("node1", "node2")


def _ready(node) -> bool:
    return any(c["type"] == "Ready" and c["status"] == "True" for c in node.get("status", {}).get("conditions", []))


def three_ready_nodes(cluster) -> Check:
    """Exercise 1: master, node1 and node2 in the cluster, all Ready, flannel on each, CoreDNS running."""
    if getattr(cluster, "profile", "") != "bare":
        return not_yet("this exercise needs the kubeadm machines: %kubelab reset profile=bare, then kubeadm init.")
    nodes = {n["metadata"]["name"]: n for n in cluster.api.list("nodes", copy=False)}
    if "master" not in nodes:
        return not_yet("there is no control plane yet: run kubeadm init on master.")
    missing = [w for w in WORKERS if w not in nodes]
    if missing:
        return not_yet(f"{' and '.join(missing)} did not join: run the kubeadm join line that kubeadm init printed "
                       f"on {'each' if len(missing) > 1 else 'it'}, with --cri-socket unix:///var/run/cri-dockerd.sock.")
    not_ready = sorted(n for n, obj in nodes.items() if not _ready(obj))
    if not_ready:
        return not_yet(f"{', '.join(not_ready)} {'is' if len(not_ready) == 1 else 'are'} NotReady: is a pod network "
                       f"(flannel) applied, and has the cluster had time (%kubelab settle)?")
    coredns = [p for p in cluster.api.list("pods", "kube-system", copy=False)
               if p["metadata"].get("labels", {}).get("k8s-app") == "kube-dns"]
    if not coredns or any(p.get("status", {}).get("phase") != "Running" for p in coredns):
        return not_yet("CoreDNS is not running yet; wait: %kubelab settle")
    return ok(f"{len(nodes)} nodes Ready ({', '.join(sorted(nodes))}) and CoreDNS running.")


def ca_hash(cluster, answer: str) -> Check:
    """Exercise 2: compute the --discovery-token-ca-cert-hash yourself from master's ca.crt."""
    pem = cluster.machines.get("master").files.get("/etc/kubernetes/pki/ca.crt") if "master" in cluster.machines else None
    if pem is None:
        return not_yet("master has no /etc/kubernetes/pki/ca.crt: run kubeadm init first.")
    want = pki.spki_hash(pem)
    answer = (answer or "").strip().lower()
    if not answer.startswith("sha256:"):
        return not_yet('the hash is written "sha256:" followed by 64 hexadecimal digits.')
    if answer == want:
        return ok("that is the SHA-256 of the CA's public key (its DER SubjectPublicKeyInfo), the value kubeadm pins.")
    return not_yet("not the CA's public-key hash. Hash the DER-encoded SubjectPublicKeyInfo of the CA certificate's "
                   "public key, not the certificate or the PEM text.")


WHY = {
    "token": True, "hash": False, "address": False, "swap": False, "root": False,
}


def why_refused(answer: str) -> Check:
    """Exercise 3: why does the notes' own join line fail on this cluster? token, hash, address, swap or root."""
    answer = (answer or "").strip().lower()
    if answer not in WHY:
        return not_yet(f"choose one of {', '.join(WHY)}.")
    if WHY[answer]:
        return ok("this cluster never issued token doz94r: the API server has no cluster-info signature for it, so "
                  "discovery fails first. (The notes' hash would be refused too: it pins the notes' CA, not this one.)")
    hints = {
        "hash": "the hash is wrong as well, but kubeadm never gets that far: look at the error, it names the token ID.",
        "address": "10.150.31.115 is this master's address too; kubeadm reached it (the error comes from its answer).",
        "swap": "the workers had swap turned off; the error is about discovery, before the kubelet starts.",
        "root": "the join ran as root; the error is about discovery.",
    }
    return not_yet(hints[answer])


def kubectl_on_worker(cluster, worker: str = "node2") -> Check:
    """Exercise 4: make kubectl work on a worker by copying the kubeconfig there."""
    m = cluster.machines.get(worker)
    master = cluster.machines.get("master")
    if m is None or master is None:
        return not_yet(f"this cluster has no machine {worker}: %kubelab reset profile=bare")
    admin = master.files.get("/etc/kubernetes/admin.conf")
    path = m.kubeconfig_path()
    if path not in m.files:
        return not_yet(f"{worker} has no {path}: create {m.home}/.kube there and copy the config from master (scp).")
    if admin is None or m.files[path] != admin:
        return not_yet(f"{path} on {worker} is not master's admin kubeconfig.")
    return ok(f"kubectl on {worker} now reads {path} and talks to https://{master.ip}:6443.")
