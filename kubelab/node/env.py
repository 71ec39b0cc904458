"""A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables)."""
from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from ..api.meta import Obj, get_path

if TYPE_CHECKING:
    from ..api.store import Store


class EnvError(Exception):
    """Becomes CreateContainerConfigError with this message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\$")


def expand(value: str, env: dict[str, str]) -> str:
    """$(VAR) expansion: known names are replaced, unknown ones kept, $$ escapes."""
    if "$" not in value:
        return value              # nothing to expand (most arguments): no match to look for
    def sub(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1), m.group(0))
    return _REF.sub(sub, value)


def _data(api: "Store", kind: str, name: str, ns: str) -> dict[str, str] | None:
    obj = api.peek(kind, name, ns)
    if obj is None:
        return None
    if kind == "secrets":
        return {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (obj.get("data") or {}).items()}
    # Only ``data``: the kubelet never puts a ConfigMap's binaryData into the environment.
    return dict(obj.get("data") or {})


def resolve_env(api: "Store", pod: Obj, container: Obj, service_env: dict[str, str] | None = None) -> dict[str, str]:
    """The container's environment, in the kubelet's order: service links, then
    ``envFrom`` (later sources win), then ``env`` (wins over envFrom, and may use
    ``$(VAR)`` of anything defined before it).  Values are read now, once: a later
    change to the ConfigMap or Secret reaches the container only when it restarts.
    A missing source or key that is not ``optional`` raises :class:`EnvError`
    with the kubelet's message (CreateContainerConfigError).

    >>> pod = {"metadata": {"namespace": "default", "name": "p"}, "spec": {}}
    >>> resolve_env(None, pod, {"env": [{"name": "A", "value": "x"}, {"name": "B", "value": "$(A)-$(C)"}]})
    {'A': 'x', 'B': 'x-$(C)'}
    """
    ns = pod["metadata"]["namespace"]
    links = pod["spec"].get("enableServiceLinks", True) and service_env
    if not container.get("envFrom") and not container.get("env"):
        return service_env if links else NO_ENV       # shared: read, never changed
    env: dict[str, str] = {}
    if links:
        env.update(service_env)
    for src in container.get("envFrom") or []:
        prefix = src.get("prefix", "")
        for kind, field in (("configmaps", "configMapRef"), ("secrets", "secretRef")):
            ref = src.get(field)
            if ref is None:
                continue
            data = _data(api, kind, ref["name"], ns)
            if data is None:
                if ref.get("optional"):
                    continue
                raise EnvError(f'{kind[:-1]} "{ref["name"]}" not found')
            for k, v in data.items():
                env[prefix + k] = v
    for var in container.get("env") or []:
        name = var["name"]
        if "valueFrom" not in var:
            env[name] = expand(var.get("value", ""), env)
            continue
        vf = var["valueFrom"]
        if "configMapKeyRef" in vf or "secretKeyRef" in vf:
            secret = "secretKeyRef" in vf
            ref = vf["secretKeyRef" if secret else "configMapKeyRef"]
            kind = "secrets" if secret else "configmaps"
            data = _data(api, kind, ref["name"], ns)
            if data is None:
                if ref.get("optional"):
                    continue
                raise EnvError(f'{"secret" if secret else "configmap"} "{ref["name"]}" not found')
            if ref["key"] not in data:
                if ref.get("optional"):
                    continue
                raise EnvError(f'couldn\'t find key {ref["key"]} in {"Secret" if secret else "ConfigMap"} {ns}/{ref["name"]}')
            env[name] = data[ref["key"]]
        elif "fieldRef" in vf:
            env[name] = field_value(pod, vf["fieldRef"]["fieldPath"])
        elif "resourceFieldRef" in vf:
            res = vf["resourceFieldRef"]["resource"]
            kind, _, rname = res.partition(".")
            val = get_path(container, f"resources.{kind}.{rname}")
            env[name] = str(val) if val is not None else "0"
    return env


#: the kubelet's variables of a container that has none (shared, never changed)
NO_ENV: dict[str, str] = {}


def field_value(pod: Obj, path: str) -> str:
    """The downward API's fieldRef paths."""
    simple = {
        "metadata.name": pod["metadata"]["name"],
        "metadata.namespace": pod["metadata"]["namespace"],
        "metadata.uid": pod["metadata"].get("uid", ""),
        "spec.nodeName": pod["spec"].get("nodeName", ""),
        "spec.serviceAccountName": pod["spec"].get("serviceAccountName", ""),
        "status.hostIP": pod.get("status", {}).get("hostIP", ""),
        "status.podIP": pod.get("status", {}).get("podIP", ""),
    }
    if path in simple:
        return simple[path]
    m = re.match(r"metadata\.(labels|annotations)\['(.+)'\]", path)
    if m:
        return (pod["metadata"].get(m.group(1)) or {}).get(m.group(2), "")
    return ""


#: what containerd's ``oci.WithDefaultPathEnv`` puts first, before the image's ENV
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def pod_hostname(pod: Obj) -> str:
    """The pod's hostname (GeneratePodHostNameAndDomain): ``spec.hostname``, else the
    pod's name cut to 63 characters without a trailing ``-`` or ``.``."""
    if pod["spec"].get("hostname"):
        return pod["spec"]["hostname"]
    return pod["metadata"]["name"][:63].rstrip("-.")


def process_env(pod: Obj, image_env: dict[str, str] | None, container_env: dict[str, str],
                home: str = "/root", runtime: str = "containerd") -> dict[str, str]:
    """The environment the container's process starts with, in the order ``env`` prints it.

    The runtime builds it from the default ``PATH``, ``HOSTNAME`` (the pod's
    hostname), the image's ENV and what the kubelet resolved (:func:`resolve_env`:
    service links, envFrom, env); a later name replaces an earlier one in place,
    and ``HOME`` (from the user's /etc/passwd entry) comes last when nobody set it.
    The two runtimes merge in different orders:

    - containerd's CRI plugin: the image's ENV, then the kubelet's variables;
    - Docker (through cri-dockerd): the kubelet's variables, then the image's ENV
      that they did not set (the order the Learn Kubernetes Basics tutorial
      prints on minikube: ``KUBERNETES_...`` before ``NPM_CONFIG_LOGLEVEL``).

    >>> pod = {"metadata": {"name": "command-demo"}, "spec": {}}
    >>> image, kubelet = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "TZ": "UTC"}, {"KUBERNETES_PORT": "tcp://10.96.0.1:443", "TZ": "CET"}
    >>> list(process_env(pod, image, kubelet))             # doctest: +NORMALIZE_WHITESPACE
    ['PATH', 'HOSTNAME', 'LANG', 'TZ', 'KUBERNETES_PORT', 'HOME']
    >>> list(process_env(pod, image, kubelet, runtime="docker"))
    ['PATH', 'HOSTNAME', 'KUBERNETES_PORT', 'TZ', 'LANG', 'HOME']
    >>> process_env(pod, image, kubelet, runtime="docker")["TZ"]
    'CET'
    """
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": pod_hostname(pod)}
    image_env = dict(image_env or {})
    if runtime == "docker":
        if "PATH" in image_env:
            env["PATH"] = image_env["PATH"]
        env.update(container_env)
        env.update((k, v) for k, v in image_env.items() if k not in env)
    else:
        env.update(image_env)
        env.update(container_env)
    env.setdefault("HOME", home)
    return env


#: the kubelet's --cluster-dns on minikube and kubeadm (the kube-dns Service's ClusterIP)
CLUSTER_DNS = "10.96.0.10"


def pod_files(pod: Obj, pod_ip: str, cluster_dns: str = CLUSTER_DNS) -> dict[str, str]:
    """The files the kubelet writes into every container: ``/etc/hosts``
    (managedHostsFileContent), ``/etc/resolv.conf`` for the ClusterFirst DNS
    policies, and ``/etc/hostname``.  A hostNetwork pod sees the node's own files
    (not simulated: none are written).

    >>> pod = {"metadata": {"name": "dnsutils", "namespace": "default"}, "spec": {}}
    >>> print(pod_files(pod, "10.244.0.5")["/etc/resolv.conf"], end="")
    search default.svc.cluster.local svc.cluster.local cluster.local
    nameserver 10.96.0.10
    options ndots:5
    >>> print(pod_files(pod, "10.244.0.5")["/etc/hosts"].splitlines()[-1])
    10.244.0.5	dnsutils
    """
    spec = pod["spec"]
    if spec.get("hostNetwork"):
        return {}
    hostname = pod_hostname(pod)
    ns = pod["metadata"]["namespace"]
    hosts = ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
             "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n")
    if spec.get("subdomain"):
        hosts += f"{pod_ip}\t{hostname}.{spec['subdomain']}.{ns}.svc.cluster.local\t{hostname}\n"
    else:
        hosts += f"{pod_ip}\t{hostname}\n"
    aliases = spec.get("hostAliases") or []
    if aliases:
        hosts += "\n# Entries added by HostAliases.\n"
        hosts += "".join(f"{a.get('ip', '')}\t{chr(9).join(a.get('hostnames') or [])}\n" for a in aliases)
    files = {"/etc/hosts": hosts, "/etc/hostname": hostname + "\n"}
    if spec.get("dnsPolicy", "ClusterFirst") in ("ClusterFirst", "ClusterFirstWithHostNet"):
        files["/etc/resolv.conf"] = _resolv_conf(ns, cluster_dns)
    return files


class PodFiles(Mapping):
    """:func:`pod_files` of a container's pod, made when read: a running container
    holds the few things they are made of, not the texts.

    >>> files = PodFiles.of({"metadata": {"name": "web", "namespace": "default"}, "spec": {}}, "10.244.0.7")
    >>> sorted(files), files["/etc/hostname"], "/etc/passwd" in files
    (['/etc/hostname', '/etc/hosts', '/etc/resolv.conf'], 'web\\n', False)
    """

    __slots__ = ("name", "namespace", "spec", "ip")

    def __init__(self, name: str, namespace: str, spec: Obj, ip: str) -> None:
        self.name, self.namespace, self.spec, self.ip = name, namespace, spec, ip

    @classmethod
    def of(cls, pod: Obj, pod_ip: str) -> "PodFiles | None":
        """None for a hostNetwork pod (it sees the node's files: none are written)."""
        if pod["spec"].get("hostNetwork"):
            return None
        return cls(pod["metadata"]["name"], pod["metadata"]["namespace"], pod["spec"], pod_ip)

    def _files(self) -> dict[str, str]:
        return pod_files({"metadata": {"name": self.name, "namespace": self.namespace}, "spec": self.spec}, self.ip)

    def __getitem__(self, path: str) -> str:
        return self._files()[path]

    def get(self, path: str, default=None):
        return self._files().get(path, default) if path.startswith("/etc/") else default

    def __contains__(self, path: object) -> bool:
        return type(path) is str and path.startswith("/etc/") and path in self._files()

    def __iter__(self):
        return iter(self._files())

    def __len__(self) -> int:
        return len(self._files())


@lru_cache(maxsize=1024)          # one text for every pod of a namespace
def _resolv_conf(ns: str, cluster_dns: str) -> str:
    return f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {cluster_dns}\noptions ndots:5\n"
