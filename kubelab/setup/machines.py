"""Simulated machines and the few host commands the notes type on them.

A :class:`Machine` (kubelab.setup.host) is a host before (and after) it is a
Kubernetes node.  :func:`run` reads a shell line as bash would for
these commands (``&&``, ``;``, ``\\`` continuations, ``$HOME``, ``$(id -u)``,
``sudo``) and hands each command to kubeadm, docker, kubectl, minikube or a
tiny coreutils.  Nothing runs on the real host.
"""
from __future__ import annotations

import posixpath
import re
import shlex
from ..i18n import translate
from ..result import Result
from . import docker, kubeadm, minikube
from .host import Machine

__all__ = ["Machine", "run", "make_machines", "adopt_nodes"]


# ----------------------------------------------------------------- the shell
def split_commands(text: str) -> list[list[str]]:
    """Bash-like split: continuations joined, comments dropped, ``&&``/``;``/newlines separate."""
    text = text.replace("\\\n", " ")
    commands: list[list[str]] = []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current: list[str] = []
        for tok in lexer:
            if tok in (";", "&&"):
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(tok)
        if current:
            commands.append(current)
    return commands


def expand(text: str, machine: Machine) -> str:
    """``$HOME``, ``${HOME}``, ``$(id -u)``, ``$(id -g)`` and exported variables."""
    text = text.replace("$(id -u)", str(machine.uid)).replace("$(id -g)", str(machine.uid))
    env = {"HOME": machine.home, "USER": machine.user, **machine.env}
    return re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda m: env.get(m.group(1), ""), text)


def run(cluster, machine: Machine, text: str) -> Result:
    """Run the shell text on ``machine``; stop at the first failing command (as ``&&`` does)."""
    out, err = [], []
    code = 0
    for argv in split_commands(expand(text, machine)):
        while argv and argv[0] == "sudo":
            argv = argv[1:]
        if not argv:
            continue
        r = _dispatch(cluster, machine, argv)
        out.append(r.stdout)
        err.append(r.stderr)
        code = r.returncode
        if code:
            break
    return Result("".join(out), "".join(err), code)


def run_argv(cluster, machine: Machine, argv: list[str]) -> Result:
    """One command, already split into words (the shell in kubelab.setup.shell calls this)."""
    while argv and argv[0] == "sudo":
        argv = argv[1:]
    return _dispatch(cluster, machine, argv) if argv else Result()


def abspath(machine: Machine, path: str) -> str:
    return _abs(machine, path)


def _dispatch(cluster, machine: Machine, argv: list[str]) -> Result:
    cmd, args = argv[0], argv[1:]
    if cmd == "kubeadm":
        return kubeadm.run(cluster, machine, args)
    if cmd == "docker":
        return docker.run(machine.images, args, getattr(cluster, "blocked_registries", frozenset()),
                          getattr(cluster, "registry_mirrors", None))
    if cmd == "kubectl":
        return kubectl(machine, args)
    if cmd == "minikube":
        return minikube.cli(cluster, machine, args)
    fn = COREUTILS.get(cmd)
    if fn is None:
        return Result("", translate(f"bash: {cmd}: command not found (the kit simulates: kubeadm, kubectl, docker, "
                                    f"minikube, {', '.join(sorted(COREUTILS))})") + "\n", 127)
    return fn(cluster, machine, args)


# ----------------------------------------------------------------- kubectl
KUBECTL_NO_CONFIG = ('E0106 09:00:00.000000    4242 memcache.go:265] "Unhandled Error" err="couldn\'t get current server '
                     'API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp [::1]:8080: connect: '
                     'connection refused"\n')


def kubectl(machine: Machine, args: list[str]) -> Result:
    """kubectl on a host: it needs a kubeconfig ($KUBECONFIG or ~/.kube/config)."""
    import yaml
    path = machine.kubeconfig_path()
    if path not in machine.files:
        if args[:2] == ["config", "view"]:
            return Result('apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\n'
                          'preferences: {}\nusers: null\n')
        return Result("", KUBECTL_NO_CONFIG * 5 + "The connection to the server localhost:8080 was refused - "
                          "did you specify the right host or port?\n", 1)
    if machine.kubectl is None:
        return Result("", "bash: kubectl: command not found\n", 127)
    return machine.kubectl(args, yaml.safe_load(machine.files[path]), None)


# ----------------------------------------------------------------- coreutils
def _abs(machine: Machine, path: str) -> str:
    return posixpath.normpath(path if path.startswith("/") else posixpath.join(machine.home, path))


def _mkdir(cluster, m: Machine, args: list[str]) -> Result:
    parents = "-p" in args
    for d in (a for a in args if not a.startswith("-")):
        d = _abs(m, d)
        if not parents and not m.is_dir(posixpath.dirname(d)):
            return Result("", f"mkdir: cannot create directory '{d}': No such file or directory\n", 1)
        if not parents and m.is_dir(d):
            return Result("", f"mkdir: cannot create directory '{d}': File exists\n", 1)
        made = []
        while not m.is_dir(d):
            made.append(d)
            d = posixpath.dirname(d)
        for d in reversed(made):
            m.make_dir(d)
    return Result()


def _rm(cluster, m: Machine, args: list[str]) -> Result:
    force = any(a.startswith("-") and "f" in a for a in args)
    for f in (a for a in args if not a.startswith("-")):
        p = _abs(m, f)
        if m.is_dir(p):
            return Result("", f"rm: cannot remove '{f}': Is a directory\n", 1)
        if not m.remove(p) and not force:
            return Result("", f"rm: cannot remove '{f}': No such file or directory\n", 1)
    return Result()


def _rmdir(cluster, m: Machine, args: list[str]) -> Result:
    for f in (a for a in args if not a.startswith("-")):
        p = _abs(m, f)
        if not m.is_dir(p):
            return Result("", f"rmdir: failed to remove '{f}': No such file or directory\n", 1)
        if m.listing(p):
            return Result("", f"rmdir: failed to remove '{f}': Directory not empty\n", 1)
        m.dirs.discard(p)
        if m.host_dirs is not None:
            m.host_dirs.pop(p, None)
    return Result()


def _ls(cluster, m: Machine, args: list[str]) -> Result:
    out = []
    for f in [a for a in args if not a.startswith("-")] or [m.home]:
        p = _abs(m, f)
        if m.read(p) is not None:
            out.append(f + "\n")
        elif m.is_dir(p):
            out.extend(name + "\n" for name in m.listing(p))
        else:
            return Result("".join(out), f"ls: cannot access '{f}': No such file or directory\n", 2)
    return Result("".join(out))


def _cp(cluster, m: Machine, args: list[str]) -> Result:
    paths = [a for a in args if not a.startswith("-")]
    if len(paths) != 2:
        return Result("", "cp: missing destination file operand\n", 1)
    src, dst = _abs(m, paths[0]), _abs(m, paths[1])
    if src not in m.files:
        return Result("", f"cp: cannot stat '{paths[0]}': No such file or directory\n", 1)
    if dst in m.dirs:
        dst = posixpath.join(dst, posixpath.basename(src))
    if posixpath.dirname(dst) not in m.dirs:
        return Result("", f"cp: cannot create regular file '{paths[1]}': No such file or directory\n", 1)
    m.files[dst] = m.files[src]
    m.owners[dst] = "0:0"
    return Result()


def _scp(cluster, m: Machine, args: list[str]) -> Result:
    """``scp FILE HOST:PATH`` between simulated machines (the notes' "copy .kube/config to the node")."""
    paths = [a for a in args if not a.startswith("-")]
    if len(paths) != 2 or ":" not in paths[1]:
        return Result("", "usage: scp SOURCE HOST:TARGET (the kit copies between its machines)\n", 1)
    host, _, target = paths[1].partition(":")
    host = host.split("@")[-1]
    other = cluster.machines.get(host) or next((x for x in cluster.machines.values() if x.ip == host), None)
    src = _abs(m, paths[0])
    if src not in m.files:
        return Result("", f"scp: {paths[0]}: No such file or directory\n", 1)
    if other is None:
        return Result("", f"ssh: Could not resolve hostname {host}: Name or service not known\n", 255)
    dst = _abs(other, target or other.home)
    if dst in other.dirs:
        dst = posixpath.join(dst, posixpath.basename(src))
    if posixpath.dirname(dst) not in other.dirs:
        return Result("", f'scp: dest open "{target}": No such file or directory\nscp: failed to upload file {paths[0]} to {target}\n', 1)
    other.files[dst] = m.files[src]
    return Result()


def _chown(cluster, m: Machine, args: list[str]) -> Result:
    paths = [a for a in args if not a.startswith("-")]
    owner, files = paths[0], paths[1:]
    for f in files:
        f = _abs(m, f)
        if f not in m.files and f not in m.dirs:
            return Result("", f"chown: cannot access '{f}': No such file or directory\n", 1)
        m.owners[f] = owner
    return Result()


def _cat(cluster, m: Machine, args: list[str]) -> Result:
    out = []
    for f in args:
        p = _abs(m, f)
        text = m.read(p)
        if text is None:
            what = "Is a directory" if m.is_dir(p) else "No such file or directory"
            return Result("".join(out), f"cat: {f}: {what}\n", 1)
        out.append(text)
    return Result("".join(out))


def _export(cluster, m: Machine, args: list[str]) -> Result:
    for a in args:
        k, _, v = a.partition("=")
        m.env[k] = v
    return Result()


def _swapoff(cluster, m: Machine, args: list[str]) -> Result:
    m.swap = False
    return Result()


def _yum(cluster, m: Machine, args: list[str]) -> Result:
    pkgs = [a for a in args if not a.startswith("-") and a != "install"]
    if m.user != "root":
        return Result("", "Loaded plugins: fastestmirror, ovl\nYou need to be root to perform this command.\n", 1)
    lines = ["Loaded plugins: fastestmirror", translate("(simulated: the kit does not install packages; kubeadm, "
                                                       "kubelet, kubectl, docker and conntrack are already on every machine)")]
    lines += [f"Package {p} is already installed and latest version" for p in pkgs]
    return Result("\n".join(lines) + "\nNothing to do\n")


def _id(cluster, m: Machine, args: list[str]) -> Result:
    if "-u" in args or "-g" in args:
        return Result(f"{m.uid}\n")
    return Result(f"uid={m.uid}({m.user}) gid={m.uid}({m.user}) groups={m.uid}({m.user})\n")


def _hostname(cluster, m: Machine, args: list[str]) -> Result:
    return Result(m.name + "\n")


def _curl(cluster, m: Machine, args: list[str]) -> Result:
    urls = [a.strip("[]()") for a in args if a.startswith(("http", "[http"))]
    for u in urls:
        m.files[_abs(m, posixpath.basename(u.split("](")[0]))] = "\x7fELF (simulated download)\n"
    return Result("", "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                      "                                 Dload  Upload   Total   Spent    Left  Speed\n"
                      "100  119M  100  119M    0     0  " + translate("(simulated: no network in the kit)") + "\n")


def _install(cluster, m: Machine, args: list[str]) -> Result:
    return Result()


COREUTILS = {"mkdir": _mkdir, "rm": _rm, "rmdir": _rmdir, "ls": _ls, "cp": _cp, "scp": _scp, "chown": _chown, "cat": _cat, "export": _export,
             "swapoff": _swapoff, "yum": _yum, "id": _id, "hostname": _hostname, "curl": _curl, "install": _install}


# ----------------------------------------------------------------- profiles
#: the notes' control-plane address, then its neighbours
BARE_IPS = ["10.150.31.115", "10.150.31.116", "10.150.31.117", "10.150.31.118", "10.150.31.119"]


#: ``os=`` of the bare profile. centos7 is the notes' machine (kubeadm v1.32 refuses its
#: kernel, and it has Docker Engine only); rocky9 is one that works today.
OS_PRESETS = {
    "centos7": {"os_image": "CentOS Linux 7 (Core)", "kernel": "3.10.0-1160.el7.x86_64", "cgroup_v2": False,
                "runtimes": ("docker",)},
    "rocky9": {"os_image": "Rocky Linux 9.5 (Blue Onyx)", "kernel": "5.14.0-503.14.1.el9_5.x86_64",
               "cgroup_v2": True, "runtimes": ("docker", "cri-dockerd")},
}


def make_machines(profile: str, count: int, swap: bool = False, os: str = "rocky9") -> dict[str, Machine]:
    """``bare``: ``master``, ``node1``, ``node2`` ... (root, as in the notes; ``os`` one of
    :data:`OS_PRESETS`); ``minikube``: the learner's laptop (``minikube`` itself is added
    by :func:`adopt_nodes`)."""
    if profile == "bare":
        if os not in OS_PRESETS:
            raise ValueError(f"unknown os {os!r} (try {' or '.join(OS_PRESETS)})")
        names = ["master"] + [f"node{i}" for i in range(1, count)]
        return {n: Machine(n, BARE_IPS[i] if i < len(BARE_IPS) else f"10.150.31.{115 + i}", swap=swap, **OS_PRESETS[os])
                for i, n in enumerate(names[:count])}
    return {"laptop": Machine("laptop", "192.168.49.1", user="learner", os_image="Ubuntu 22.04.5 LTS",
                              kernel="6.1.0-28-amd64")}


def adopt_nodes(machines: dict[str, Machine], nodes: list[tuple[str, str, dict, dict]]) -> None:
    """Machines for nodes that exist already (minikube's), given as (name, IP, the
    kubelet's image store, its hostPath directories): docker on the machine sees the
    kubelet's images, files written on it are what hostPath volumes there hold."""
    for name, ip, image_store, host_dirs in nodes:
        m = Machine(name, ip, user="docker", os_image="Ubuntu 22.04.5 LTS", kernel="6.1.0-28-amd64",
                    role="control-plane" if name == "minikube" else "worker")
        m.dirs |= {"/mnt", "/data", "/var", "/var/lib", "/opt", "/srv", "/home/docker"}   # minikube's kicbase
        m.images = image_store
        m.host_dirs = host_dirs
        machines[name] = m
