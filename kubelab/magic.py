"""IPython magics: ``%kubectl``, ``%%kubectl`` and ``%kubelab``.

The extension keeps its current cluster on itself (no global singleton in the
core): ``%kubelab reset`` makes a fresh one, ``%kubelab run 30s`` / ``settle`` /
``now`` move and show simulated time.
"""
from __future__ import annotations

import sys

from .cluster import Cluster
from .kubectl.commands.wait import parse_duration


class KubelabMagics:
    def __init__(self, shell=None):
        self.shell = shell
        self.cluster = Cluster()

    def _show(self, result) -> None:
        """Write both streams in the order the command wrote them (a terminal's order)."""
        pieces = result.transcript or (("stdout", result.stdout), ("stderr", result.stderr))
        for name, text in pieces:
            if text:
                stream = sys.stdout if name == "stdout" else sys.stderr
                stream.write(text)
                stream.flush()

    def kubectl_line(self, line: str) -> None:
        self._show(self._kubectl(line))

    def kubectl_cell(self, line: str, cell: str) -> None:
        self._show(self._kubectl(line, stdin=cell))

    def _kubectl(self, line: str, stdin: str | None = None):
        """On the bare profile the notebook's kubectl is the one on ``master``: it
        reads master's kubeconfig, so it fails as the notes' host does until
        kubeadm wrote admin.conf and it was copied to ``$HOME/.kube/config``."""
        c = self.cluster
        master = c.machines.get("master") if c.profile == "bare" else None
        if master is None:
            return c.kubectl(line, stdin=stdin)
        import shlex
        import yaml
        from .setup import machines
        path = master.kubeconfig_path()
        if path not in master.files:
            return machines.kubectl(c, master, shlex.split(line))
        previous = c.extensions.get("kubeconfig")
        c.extensions["kubeconfig"] = yaml.safe_load(master.files[path])
        try:
            return c.kubectl(line, stdin=stdin)
        finally:
            c.extensions["kubeconfig"] = previous

    def _host(self, line: str, cell: str | None) -> None:
        """``%host NAME COMMAND`` / ``%%host NAME``: the notes' host commands
        (kubeadm, docker, minikube, mkdir, cp ...) on a simulated machine."""
        name, _, rest = line.strip().partition(" ")
        self._shell_on(name, cell if cell is not None else rest)

    def _shell_on(self, name: str, text: str) -> None:
        """The notes' shell lines, verbatim, on a simulated machine (kubelab.setup.shell)."""
        from .setup import shell
        machine = self.cluster.machines.get(name)
        if machine is None:
            print(f"no machine {name!r}; this cluster has: {', '.join(self.cluster.machines) or 'none'}",
                  file=sys.stderr, flush=True)
            return
        self._show(shell.run(self.cluster, machine, text))

    def shell_cell(self, line: str, cell: str) -> None:
        """``%%shell [MACHINE]``: a terminal on ``master`` (kubeadm machines) or the
        learner's laptop (minikube), or on MACHINE."""
        name = line.strip() or ("master" if self.cluster.profile == "bare" else "laptop")
        self._shell_on(name, cell)

    def host_line(self, line: str) -> None:
        self._host(line, None)

    def host_cell(self, line: str, cell: str) -> None:
        self._host(line, cell)

    def kubelab_line(self, line: str) -> None:
        words = line.split()
        if not words or words[0] == "help":
            print("%kubelab reset [seed=N] [workers=N] [profile=bare] [machines=N] [blocked_registries=a,b] [swap=true] [os=centos7|rocky9] | run DURATION | settle | now | cluster")
            return
        verb, rest = words[0], words[1:]
        if verb == "reset":
            kw = {}
            for w in rest:
                k, _, v = w.partition("=")
                if k in ("profile", "os"):
                    kw[k] = v
                elif k == "blocked_registries":          # blocked_registries=k8s.gcr.io,gcr.io
                    kw[k] = {r for r in v.split(",") if r}
                elif k == "swap":
                    kw[k] = v.lower() in ("1", "true", "yes", "on")
                else:
                    kw[k] = int(v)
            self.cluster = Cluster(**kw)
            print(f"new cluster ({self.cluster.profile}, seed {self.cluster.seed}); simulated time {_fmt(self.cluster.now)}", flush=True)
        elif verb == "run":
            seconds = parse_duration(rest[0]) if rest and not rest[0].replace(".", "").isdigit() else float(rest[0] if rest else 0)
            self.cluster.run(seconds)
            print(f"simulated time is now {_fmt(self.cluster.now)}", flush=True)
        elif verb == "settle":
            took = self.cluster.settle()
            print(f"settled after {_fmt(took)}; simulated time is now {_fmt(self.cluster.now)}", flush=True)
        elif verb == "now":
            print(_fmt(self.cluster.now), flush=True)
        else:
            print(f"unknown %kubelab command {verb!r}; try %kubelab help", file=sys.stderr)


def _fmt(seconds: float) -> str:
    s = round(seconds, 3)
    return f"{int(s)}s" if s == int(s) else f"{s}s"


def load_ipython_extension(ipython) -> None:
    magics = KubelabMagics(ipython)
    ipython.register_magic_function(magics.kubectl_line, "line", "kubectl")
    ipython.register_magic_function(magics.kubectl_cell, "cell", "kubectl")
    ipython.register_magic_function(magics.kubelab_line, "line", "kubelab")
    ipython.register_magic_function(magics.host_line, "line", "host")
    ipython.register_magic_function(magics.host_cell, "cell", "host")
    ipython.register_magic_function(magics.shell_cell, "cell", "shell")
    ipython.user_ns.setdefault("kubelab_magics", magics)
    _EXT["magics"] = magics


def current_cluster() -> Cluster:
    """The cluster the magics are using (for Python cells next to %kubectl)."""
    return _EXT["magics"].cluster


_EXT: dict = {}
