"""A simulated machine: a host before (and after) it is a Kubernetes node — a
name, an address, whether swap is on, a small file tree (``/etc/kubernetes/
admin.conf``, ``$HOME/.kube/config`` ...), Docker's image store (which the node's
kubelet later shares) and the kubectl binary the cluster installs on it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

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

    @property
    def home(self) -> str:
        return "/root" if self.user == "root" else f"/home/{self.user}"

    @property
    def uid(self) -> int:
        return 0 if self.user == "root" else 1000

    def kubeconfig_path(self) -> str:
        return self.env.get("KUBECONFIG") or f"{self.home}/.kube/config"
