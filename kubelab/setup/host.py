"""A simulated machine: a host before (and after) it is a Kubernetes node — a
name, an address, whether swap is on, a small file tree (``/etc/kubernetes/
admin.conf``, ``$HOME/.kube/config`` ...), Docker's image store (which the node's
kubelet later shares) and the kubectl binary the cluster installs on it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..apps.base import FileSystem
from ..result import Result


@dataclass
class Machine:
    name: str
    ip: str
    user: str = "root"
    swap: bool = False
    os_image: str = "CentOS Linux 7 (Core)"
    kernel: str = "3.10.0-1160.el7.x86_64"
    cgroup_v2: bool = False
    #: what is installed to run containers: Docker Engine brings containerd (its CRI plugin
    #: switched off in the config Docker ships); cri-dockerd lets the kubelet use Docker
    runtimes: tuple[str, ...] = ("docker",)
    files: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=lambda: {"/", "/root", "/home", "/etc", "/etc/kubernetes", "/tmp"})
    env: dict[str, str] = field(default_factory=dict)
    images: dict[str, Any] = field(default_factory=dict)     # docker's image store (shared with the kubelet)
    role: str = ""                                            # "control-plane" or "worker" once kubeadm ran
    kubelet_failed: str = ""                                  # why the kubelet exits (swap)
    #: the kubectl binary on the machine, installed by the cluster's wiring:
    #: ``kubectl(args, kubeconfig, stdin)`` runs a command line with the kubeconfig it
    #: read (``None``: the learner's own, on the laptop)
    kubectl: Callable[[list[str], dict | None, str | None], Result] | None = None
    #: on a node, the kubelet's hostPath directories (path -> a filesystem with
    #: ``.files`` relative to it): what a learner writes under them on the node is
    #: what a hostPath volume there holds, and the other way round
    host_dirs: dict[str, FileSystem] | None = None

    @property
    def home(self) -> str:
        return "/root" if self.user == "root" else f"/home/{self.user}"

    @property
    def uid(self) -> int:
        return 0 if self.user == "root" else 1000

    def _host_dir(self, path: str) -> tuple[Any, str] | None:
        """The hostPath directory ``path`` lies in, and the path inside it."""
        for d in sorted(self.host_dirs or (), key=len, reverse=True):
            if path == d or path.startswith(d.rstrip("/") + "/"):
                return self.host_dirs[d], path[len(d.rstrip("/")):] or "/"
        return None

    def read(self, path: str) -> str | None:
        found = self._host_dir(path)
        return found[0].files.get(found[1]) if found else self.files.get(path)

    def write(self, path: str, text: str, append: bool = False) -> None:
        found = self._host_dir(path)
        files, key = (found[0].files, found[1]) if found else (self.files, path)
        files[key] = (files.get(key, "") if append else "") + text

    def remove(self, path: str) -> bool:
        found = self._host_dir(path)
        files, key = (found[0].files, found[1]) if found else (self.files, path)
        return files.pop(key, None) is not None

    def is_dir(self, path: str) -> bool:
        return path in self.dirs or (self.host_dirs is not None and path in self.host_dirs)

    def make_dir(self, path: str) -> None:
        """``mkdir``: on a node, a new top directory is one a hostPath volume can name."""
        self.dirs.add(path)
        if self.host_dirs is not None and self._host_dir(path) is None and path not in ("/", "/tmp"):
            self.host_dirs.setdefault(path, FileSystem())

    def listing(self, path: str) -> list[str]:
        """The names in directory ``path``."""
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix):].split("/")[0] for p in [*self.files, *self.dirs] if p.startswith(prefix)}
        found = self._host_dir(path)
        if found:
            inner = found[1].rstrip("/") + "/"
            names |= {p[len(inner):].split("/")[0] for p in found[0].files if p.startswith(inner)}
        return sorted(n for n in names if n)

    def kubeconfig_path(self) -> str:
        return self.env.get("KUBECONFIG") or f"{self.home}/.kube/config"
