"""IPython magics: ``%kubectl``, ``%%kubectl`` and ``%kubelab``.

The extension keeps its current cluster on itself (no global singleton in the
core): ``%kubelab reset`` makes a fresh one, ``%kubelab run 30s`` / ``settle`` /
``now`` move and show simulated time.
"""
from __future__ import annotations

import sys

from .cluster import Cluster
from .i18n import translate
from .kubectl.cli import CommandError
from .kubectl.commands.wait import parse_duration
from . import realcluster


class KubelabMagics:
    def __init__(self, shell=None):
        self.shell = shell
        self.cluster = Cluster()
        self.served = None                # the running `%kubelab serve`, if any
        self.connection = None            # `%kubelab connect`: the real kubectl behind %kubectl
        self.views: list = []             # the live views `%kubelab watch` showed

    def _show(self, result) -> None:
        """Write both streams in the order the command wrote them (a terminal's order)."""
        pieces = result.transcript or (("stdout", result.stdout), ("stderr", result.stderr))
        for name, text in pieces:
            if text:
                stream = sys.stdout if name == "stdout" else sys.stderr
                stream.write(text)
                stream.flush()

    def kubectl_line(self, line: str) -> None:
        if self.connection is not None:
            self._real_kubectl(line, echo=True)
            return
        self._show(self._kubectl(line))

    def kubectl_cell(self, line: str, cell: str) -> None:
        if self.connection is not None:
            self._real_kubectl(line, stdin=cell, echo=True)
            return
        self._show(self._kubectl(line, stdin=cell))

    def _real_kubectl(self, line: str, stdin: str | None = None, echo: bool = False):
        """``%kubectl`` while connected: the real kubectl, in the notebook's folder (where
        ``-f FILE`` is read from, as in a terminal there)."""
        import shlex
        from .result import Result
        try:
            argv = shlex.split(line)
        except ValueError as err:
            result = Result(stderr=f"%kubectl: the line does not split into words as a shell would: {err}\n", returncode=2)
            if echo:
                self._show(result)
            return result
        conn, c = self.connection, self.cluster
        if not conn.own or self.served is None or self.served.clock != "notebook":
            return conn.run(argv, stdin=stdin, cwd=c.cwd or None, echo=echo)
        # The notebook's own cluster on the notebook's clock: time moves as with the kit's
        # kubectl (while the command waits on the cluster, and a pause after it).
        every = realcluster.waits(argv)
        result = conn.run(argv, stdin=stdin, cwd=c.cwd or None, echo=echo,
                          drive=None if every is None else (every, lambda: c.run(1.0)))
        if c.pause:
            c.run(c.pause)
        return result

    def _kubectl(self, line: str, stdin: str | None = None):
        """While connected: the real kubectl's Result.  On the bare profile the notebook's kubectl is the one on ``master``: it
        reads master's kubeconfig, so it fails as the notes' host does until
        kubeadm wrote admin.conf and it was copied to ``$HOME/.kube/config``."""
        if self.connection is not None:
            return self._real_kubectl(line, stdin=stdin)
        c = self.cluster
        master = c.machines.get("master") if c.profile == "bare" else None
        if master is None:
            return c.kubectl(line, stdin=stdin)
        import shlex
        import yaml
        from .setup import machines
        path = master.kubeconfig_path()
        if path not in master.files:
            return machines.kubectl(master, shlex.split(line))
        return c.kubectl(line, stdin=stdin, kubeconfig=yaml.safe_load(master.files[path]))

    def _host(self, line: str, cell: str | None) -> None:
        """``%host NAME COMMAND`` / ``%%host NAME``: the notes' host commands
        (kubeadm, docker, minikube, mkdir, cp ...) on a simulated machine."""
        name, _, rest = line.strip().partition(" ")
        if self._simulation_only("%host", "runs on a simulated machine", realcluster.MACHINES):
            return
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
        if self._simulation_only("%%shell", "runs on a simulated machine", realcluster.MACHINES):
            return
        self._shell_on(name, cell)

    def _simulation_only(self, what: str, does: str, advice: str) -> bool:
        """While connected to another cluster: say what to do there instead (True), or
        False when the simulated cluster is the one %kubectl talks to."""
        if self.connection is None or self.connection.own:
            return False
        realcluster.refuse(what, does, advice, self.connection)
        return True

    def host_line(self, line: str) -> None:
        self._host(line, None)

    def host_cell(self, line: str, cell: str) -> None:
        self._host(line, cell)

    def kubelab_line(self, line: str) -> None:
        words = line.split()
        if not words or words[0] == "help":
            if not words:
                self._status([])
            print(HELP)
            return
        verb, rest = words[0], words[1:]
        handler = {"reset": self._reset, "run": self._run, "settle": self._settle,
                   "now": self._now, "cluster": self._describe, "serve": self._serve,
                   "connect": self._connect, "disconnect": self._disconnect, "status": self._status,
                   "watch": self._watch}.get(verb)
        if handler is None:
            _complain(f"unknown %kubelab command {verb!r}; try %kubelab help")
            return
        try:
            handler(rest)
        except UsageError as err:
            _complain(f"%kubelab {verb}: {err}")

    def _reset(self, rest: list[str]) -> None:
        kw = {}
        for w in rest:
            k, eq, v = w.partition("=")
            parse = RESET_OPTIONS.get(k)
            if parse is None or not eq:
                raise UsageError(f"unknown option {w!r} (options: {', '.join(f'{o}=' for o in RESET_OPTIONS)})")
            kw[k] = parse(k, v)
        try:
            cluster = Cluster(**kw)
        except ValueError as err:          # an unknown profile: the old cluster stays
            raise UsageError(str(err)) from None
        self._stop_serving()              # it served the old cluster
        if self.connection is not None and self.connection.own:
            self._disconnect([])          # from the old cluster's server, just stopped
        realcluster.unguard(self.cluster)
        self._stop_views()                # they showed the old cluster
        self.cluster = cluster
        if self.connection is not None:
            realcluster.guard(cluster, self.connection)
        print(translate(f"new cluster ({cluster.profile}, seed {cluster.seed}); simulated time {_fmt(cluster.now)}"), flush=True)

    def _run(self, rest: list[str]) -> None:
        if len(rest) != 1:
            raise UsageError("give one duration: %kubelab run 30s (or 90, 1m30s)")
        seconds = _seconds(rest[0])
        if self._simulation_only("%kubelab run", "moves the simulated clock", realcluster.TIME):
            return
        self.cluster.run(seconds)
        print(translate(f"simulated time is now {_fmt(self.cluster.now)}"), flush=True)

    def _settle(self, rest: list[str]) -> None:
        _no_arguments(rest)
        if self._simulation_only("%kubelab settle", "moves the simulated clock", realcluster.TIME):
            return
        took = self.cluster.settle()
        print(translate(f"settled after {_fmt(took)}; simulated time is now {_fmt(self.cluster.now)}"), flush=True)

    def _now(self, rest: list[str]) -> None:
        _no_arguments(rest)
        if self._simulation_only("%kubelab now", "reads the simulated clock",
                                 "On a real cluster ages (the AGE column) count from the objects' creationTimestamp."):
            return
        print(_fmt(self.cluster.now), flush=True)

    def _serve(self, rest: list[str]) -> None:
        """``%kubelab serve``: this cluster's API over HTTPS, for the real kubectl in a terminal."""
        if rest == ["stop"]:
            print(translate("stopped serving" if self._stop_serving() else "not serving"), flush=True)
            return
        kw: dict = {}
        for w in rest:
            k, eq, v = w.partition("=")
            try:
                if k == "port" and eq:
                    kw["port"] = int(v)
                elif k == "clock" and eq:
                    kw["clock"] = v
                elif k == "speed" and eq:
                    kw["speed"] = float(v)
                else:
                    raise ValueError
            except ValueError:
                raise UsageError(f"unknown option {w!r} (options: port=N clock=notebook|live speed=X, or stop)") from None
        self._stop_serving()
        try:
            self.served = self.cluster.serve(**kw)
        except (OSError, ValueError) as err:
            raise UsageError(str(err)) from None
        print(translate(f"serving this cluster at {self.served.url}; in a terminal:"), self.served.export_line,
              sep="\n", flush=True)
        # The notebook's dates stay simulated (the same on every run); say what that means
        # for the ages the real kubectl computes itself from the computer's clock.
        print(translate(f"(this cluster's clock is simulated, now {self.cluster.clock.datetime():%a %d %b %Y %H:%M} UTC, "
                        "the same on every run: `kubectl get` prints the cluster's own ages, but `kubectl describe` and "
                        "`kubectl events` work out ages on your computer's clock, so theirs read as the time since that date)"),
              flush=True)

    def _watch(self, rest: list[str]) -> None:
        """``%kubelab watch [namespace=NS]``: a live picture of the cluster that redraws after
        every cell that changes it; ``%kubelab watch stop`` freezes every one shown."""
        if rest == ["stop"]:
            n = self._stop_views()
            print(translate(f"stopped {n} live view{'s' * (n != 1)}" if n else "no live view is running"), flush=True)
            return
        if self._simulation_only("%kubelab watch", "draws the simulated cluster", realcluster.STORE):
            return
        namespace = "default"
        for w in rest:
            k, eq, v = w.partition("=")
            if k != "namespace" or not eq or not v:
                raise UsageError(f"unknown option {w!r} (options: namespace=NS, or stop)")
            namespace = v
        if self._simulation_only("%kubelab watch", "draws the simulated cluster",
                                 "On a real cluster watch it with `%kubectl get pods -w` (interrupt the kernel to stop), "
                                 "or in a terminal."):
            return
        from IPython.display import display
        from .ui.watch import LiveView
        view = LiveView(self.cluster, namespace=namespace)
        self.views.append(view)
        display(view)

    def _stop_views(self) -> int:
        running = [v for v in self.views if not v.stopped]
        for view in running:
            view.stop()
        self.views = []
        return len(running)

    def _stop_serving(self) -> bool:
        if self.served is None:
            return False
        if self.connection is not None and self.connection.own:
            self._disconnect([])          # its server is going away
        self.served.stop()
        self.served = None
        return True

    def _connect(self, rest: list[str]) -> None:
        """``%kubelab connect [KUBECONFIG]``: %kubectl runs the real kubectl from now on."""
        if len(rest) > 1:
            raise UsageError("give at most one kubeconfig: %kubelab connect [KUBECONFIG]")
        try:
            conn = realcluster.connect(rest[0] if rest else None, self.served)
        except realcluster.ConnectError as err:
            raise UsageError(str(err)) from None
        realcluster.unguard(self.cluster)
        self.connection = conn
        if not conn.own:
            realcluster.guard(self.cluster, conn)
        print(f"connected: {conn.describe()}; {realcluster.DISCONNECT}", flush=True)

    def _disconnect(self, rest: list[str]) -> None:
        _no_arguments(rest)
        if self.connection is None:
            print(translate("not connected: %kubectl talks to the simulated cluster"), flush=True)
            return
        realcluster.unguard(self.cluster)
        self.connection = None
        print(translate("disconnected: %kubectl talks to the simulated cluster again"), flush=True)

    def _status(self, rest: list[str]) -> None:
        """Which cluster %kubectl talks to."""
        _no_arguments(rest)
        if self.connection is not None:
            print(f"connected: {self.connection.describe()}", flush=True)
        else:
            self._describe([])

    def _describe(self, rest: list[str]) -> None:
        """What ``kubelab.current_cluster()`` is: profile, seed, nodes, time (while
        connected to another cluster: that one, and the simulated one kept aside)."""
        _no_arguments(rest)
        c = self.cluster
        if self.connection is not None and not self.connection.own:
            print(f"connected: {self.connection.describe()}; the simulated {c.profile} cluster (seed {c.seed}) "
                  f"waits for %kubelab disconnect", flush=True)
            return
        nodes = [n["metadata"]["name"] for n in c.api.list("nodes")]
        listed = f"{len(nodes)} node{'s' * (len(nodes) != 1)}" + (f" ({', '.join(nodes)})" if nodes else "")
        machines = f"; %host machines {', '.join(c.machines)}" if c.machines else ""
        served = f"; %kubectl runs the real kubectl against it, served at {self.served.url}" if self.connection else ""
        print(f"{c.profile} cluster, seed {c.seed}: {listed}{machines}; simulated time {_fmt(c.now)}{served}", flush=True)


HELP = ("%kubelab reset [seed=N] [workers=N] [profile=bare|kubeadm] [machines=N] [blocked_registries=a,b] [swap=true]"
        " [os=centos7|rocky9] [registry_mirrors=REGISTRY=URL,...]"
        " | run DURATION | settle | now | cluster | serve [port=N] [clock=live] [speed=X] | serve stop"
        " | connect [KUBECONFIG] | disconnect | status | watch [namespace=NS] | watch stop")


class UsageError(Exception):
    """A %kubelab line that cannot be done: one line on stderr, nothing changed."""


def _complain(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _no_arguments(rest: list[str]) -> None:
    if rest:
        raise UsageError(f"takes no arguments (got {' '.join(rest)!r})")


def _int_option(k: str, v: str) -> int:
    try:
        n = int(v)
    except ValueError:
        raise UsageError(f"{k}={v!r}: not a whole number") from None
    if n < 0:
        raise UsageError(f"{k}={v!r}: must not be negative")
    return n


def _bool_option(k: str, v: str) -> bool:
    if v.lower() in ("1", "true", "yes", "on"):
        return True
    if v.lower() in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{k}={v!r}: say true or false")


#: %kubelab reset's options: Cluster's keyword arguments a learner may set.
RESET_OPTIONS = {
    "seed": _int_option,
    "workers": _int_option,
    "profile": lambda k, v: v,
    "machines": _int_option,
    "blocked_registries": lambda k, v: {r for r in v.split(",") if r},   # k8s.gcr.io,gcr.io
    "swap": _bool_option,
    "os": lambda k, v: v,                     # the bare machines: centos7 (the notes') or rocky9
    "registry_mirrors": lambda k, v: _mirrors_option(k, v),   # docker.io=https://docker.m.daocloud.io
}


def _mirrors_option(k: str, v: str) -> dict[str, list[str]]:
    """``docker.io=https://a,docker.io=https://b,registry.k8s.io=https://c``: mirrors in order."""
    out: dict[str, list[str]] = {}
    for item in filter(None, v.split(",")):
        registry, eq, url = item.partition("=")
        if not eq or not registry or not url.startswith(("http://", "https://")):
            raise UsageError(f"{k}={v!r}: say REGISTRY=https://MIRROR (docker.io=https://docker.m.daocloud.io)")
        out.setdefault(registry, []).append(url)
    return out


def _seconds(text: str) -> float:
    """A plain number of seconds, or a Go duration (30s, 1m30s, 2h)."""
    try:
        seconds = float(text)
    except ValueError:
        try:
            seconds = parse_duration(text)
        except CommandError as err:
            raise UsageError(err.text.removeprefix("error: ")) from None
    if not seconds >= 0 or seconds == float("inf"):
        raise UsageError(f"{text!r}: time only moves forward, by a finite amount")
    return seconds


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
    # While %kubectl talks to a real cluster, notebook code that reaches for the simulated
    # one gets one line saying what to do instead, not a traceback.
    ipython.set_custom_exc((realcluster.SimulationOnly,), realcluster.show_simulation_only)


def current_cluster(ipython=None) -> Cluster:
    """The cluster the magics are using (for Python cells next to %kubectl).

    The shell owns the magics: ``%kubelab`` is a bound method of them in its
    magics manager, so the state lives there, not in this module."""
    if ipython is None:
        from IPython import get_ipython
        ipython = get_ipython()
    magic = ipython.magics_manager.magics["line"].get("kubelab") if ipython is not None else None
    magics = getattr(magic, "__self__", None)
    if not isinstance(magics, KubelabMagics):
        raise RuntimeError("the kubelab extension is not loaded here: run %load_ext kubelab first")
    return magics.cluster
