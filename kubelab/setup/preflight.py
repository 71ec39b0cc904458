"""kubeadm v1.32's preflight checks that decide whether a machine can be a node.

Two of them stop the notes' machine (CentOS 7, kernel 3.10, Docker Engine only):

- the container runtime: kubeadm talks CRI to a socket it finds on the host
  (``/var/run/containerd/containerd.sock``, ``/var/run/crio/crio.sock``,
  ``/var/run/cri-dockerd.sock``) or the one ``--cri-socket`` names. Docker Engine
  is not a CRI runtime (the kubelet's dockershim went in v1.24): its containerd has
  the CRI plugin switched off, and cri-dockerd is the adapter that serves CRI in
  front of Docker. Two sockets on one host make kubeadm ask which one to use.
- SystemVerification (k8s.io/system-validators v1.9): kernel 4.19 or newer in the
  4.x series, or any 5.x/6.x; kernel options such as CONFIG_CGROUP_BPF (4.10+);
  cgroups v1 only gets a warning.

The wording is kubeadm's (cmd/kubeadm/app/preflight/checks.go, util/runtime) and
the validators'; the report lines are what kubeadm prints when verification fails.
"""
from __future__ import annotations

import re

from .host import Machine

CONTAINERD = "unix:///var/run/containerd/containerd.sock"
CRI_DOCKERD = "unix:///var/run/cri-dockerd.sock"
KLOG_PREFIX = "W0106 09:00:00.000000    4242 checks.go:1080] "

KERNEL_UNSUPPORTED = ("kernel release {release} is unsupported. Recommended LTS version from the 4.x series is 4.19. "
                      "Any 5.x or 6.x versions are also supported. For cgroups v2 support, the minimal version is 4.15 "
                      "and the recommended version is 5.8+")
CGROUPS_V1 = "cgroups v1 support is in maintenance mode, please migrate to cgroups v2"

# (option, required, what a kernel before 4.10 lacks) in the validators' order; values as
# RHEL/CentOS kernels build them (y, or m for a module).
KERNEL_CONFIG = [
    ("NAMESPACES", "y"), ("NET_NS", "y"), ("PID_NS", "y"), ("IPC_NS", "y"), ("UTS_NS", "y"), ("CGROUPS", "y"),
    ("CGROUP_BPF", "y"), ("CGROUP_CPUACCT", "y"), ("CGROUP_DEVICE", "y"), ("CGROUP_FREEZER", "y"),
    ("CGROUP_PIDS", "y"), ("CGROUP_SCHED", "y"), ("CPUSETS", "y"), ("MEMCG", "y"), ("INET", "y"),
    ("EXT4_FS", "m"), ("PROC_FS", "y"), ("NETFILTER_XT_TARGET_REDIRECT", "m"), ("NETFILTER_XT_MATCH_COMMENT", "m"),
    ("FAIR_GROUP_SCHED", "y"),
]
OPTIONAL_CONFIG = [("OVERLAY_FS", "m", ""), ("AUFS_FS", "", "Required for aufs."), ("BLK_DEV_DM", "m", ""),
                   ("CFS_BANDWIDTH", "y", ""), ("CGROUP_HUGETLB", "y", ""), ("SECCOMP", "y", ""),
                   ("SECCOMP_FILTER", "y", "")]
CGROUPS_V1_LIST = ["cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids", "hugetlb", "blkio"]
CGROUPS_V2_LIST = ["cpu", "cpuset", "devices", "freezer", "memory", "pids", "hugetlb"]


def _kernel(release: str) -> tuple[int, int]:
    m = re.match(r"(\d+)\.(\d+)", release)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def kernel_supported(release: str) -> bool:
    """The validators' regexps: 4.19+ in the 4.x series, or any 5.x and later."""
    major, minor = _kernel(release)
    return major >= 5 or (major == 4 and minor >= 19)


# ----------------------------------------------------------------- CRI
def sockets(m: Machine) -> list[str]:
    """The CRI endpoints kubeadm finds on the host, in the order it looks for them."""
    found = []
    if "docker" in m.runtimes or "containerd" in m.runtimes:
        found.append(CONTAINERD)          # Docker Engine runs containerd: its socket is there
    if "cri-dockerd" in m.runtimes:
        found.append(CRI_DOCKERD)
    return found


def choose_socket(m: Machine, flag: str) -> tuple[str, str]:
    """(socket, error): ``--cri-socket`` or the one socket found; two are an error."""
    if flag:
        return (flag if flag.startswith("unix://") else "unix://" + flag), ""
    found = sockets(m)
    if len(found) > 1:
        return "", ("found multiple CRI endpoints on the host. Please define which one do you wish to use by setting "
                    f"the 'criSocket' field in the kubeadm configuration file: {', '.join(found)}\n")
    return (found[0] if found else CONTAINERD), ""


def connect_error(m: Machine, socket: str) -> str:
    """Why kubeadm cannot talk CRI to ``socket`` ("" when it can)."""
    path = socket.removeprefix("unix://")
    if socket == CONTAINERD and "containerd" not in m.runtimes and "docker" in m.runtimes:
        why = "rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService"
    elif socket not in sockets(m):
        why = (f'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: '
               f'dial unix {path}: connect: no such file or directory"')
    else:
        return ""
    return (f'failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for '
            f'endpoint "{socket}": {why}')


# ----------------------------------------------------------------- SystemVerification
def system_verification(m: Machine) -> tuple[list[str], list[str], list[str]]:
    """(report lines, warnings, errors) of the SystemVerification check."""
    report = [f"KERNEL_VERSION: {m.kernel}"]
    errors, warnings = [], []
    if not kernel_supported(m.kernel):
        errors.append(KERNEL_UNSUPPORTED.format(release=m.kernel))
    old = _kernel(m.kernel) < (4, 10)
    bad = []
    for name, value in KERNEL_CONFIG:
        if name == "CGROUP_BPF" and old:
            report.append(f"CONFIG_{name}: not set")
            bad.append(f"CONFIG_{name}")
        else:
            report.append(f"CONFIG_{name}: " + ("enabled (as module)" if value == "m" else "enabled"))
    for name, value, desc in OPTIONAL_CONFIG:
        state = {"m": "enabled (as module)", "y": "enabled"}.get(value, "not set")
        report.append(f"CONFIG_{name}: {state}" + (f" - {desc}" if desc and not value else ""))
    report.append("OS: Linux")
    report += [f"CGROUPS_{c.upper()}: enabled" for c in (CGROUPS_V2_LIST if m.cgroup_v2 else CGROUPS_V1_LIST)]
    if not m.cgroup_v2:
        warnings.append(CGROUPS_V1)
    if bad:
        errors.append(f"unexpected kernel config: {' '.join(bad)}")
    return report, warnings, errors
