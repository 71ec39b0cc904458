"""The real kubectl behind ``%kubectl``: ``%kubelab connect [KUBECONFIG]``.

While connected, ``%kubectl LINE`` runs the kubectl found on PATH with the given
kubeconfig (``$KUBECONFIG`` or ``~/.kube/config`` by default; the kit never writes
it) and shows what it prints as it prints it: ``kubectl get pods -w`` streams into
the cell until the kernel is interrupted.

The notebook's simulated cluster stays in the kernel, but everything that would act
on it from the notebook (its clock, its network, its store, ``%host``, ``%%shell``)
says what to do instead on a real cluster, instead of silently answering from the
simulation: :func:`guard` puts a :class:`SimulationOnly` tripwire on each.  The
tripwires fire only in the kernel's main thread, where cells run: a served
simulated cluster keeps answering its own clients from the server's threads.

Connecting to the notebook's own served cluster (``%kubelab serve`` then
``%kubelab connect`` with its kubeconfig) needs no tripwires: the real kubectl and
the simulation then talk about the same cluster, and ``%kubelab settle`` moves it.
"""
from __future__ import annotations

import codecs
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .result import Result


class ConnectError(Exception):
    """A connect that cannot be done: one line for the learner, nothing changed."""


class SimulationOnly(Exception):
    """Notebook code reached for the simulated cluster while %kubectl talks to a real one."""


DISCONNECT = "`%kubelab disconnect` returns to the simulated cluster."

TIME = ("On a real cluster time passes by itself: wait, or watch it happen with "
        "`%kubectl get pods -w` (interrupt the kernel to stop watching), "
        "`%kubectl rollout status deployment/NAME` or `%kubectl wait --for=condition=Ready pod -l app=NAME`.")
NETWORK = ("On a real cluster send requests from a terminal (JupyterLab: File > New > Terminal): "
           "`minikube service NAME --url` and curl that URL, or `kubectl port-forward service/NAME 8080:PORT` "
           "and `curl localhost:8080`; from inside the cluster: `kubectl exec POD -- wget -qO- http://NAME:PORT/`.")
STORE = ("On a real cluster read objects with `%kubectl get KIND NAME -o yaml` (pictures and exercise "
         "checks read the simulated cluster only).")
NODES = ("On a real cluster a node fails when its machine stops: `minikube node stop NAME` / "
         "`minikube node start NAME`, and `%kubectl get nodes -w` shows it go NotReady.")
MACHINES = ("On a real cluster type these lines in a terminal on that machine "
            "(for your own computer, JupyterLab: File > New > Terminal).")

#: What each part of the simulated cluster is, and what to do instead on a real cluster.
METHODS = {
    "run": ("moves the simulated clock", TIME), "run_until": ("moves the simulated clock", TIME),
    "settle": ("moves the simulated clock", TIME), "wait_for": ("moves the simulated clock", TIME),
    "pump": ("moves the simulated cluster", TIME),
    "curl": ("sends a request through the simulated network", NETWORK),
    "resolve": ("asks the simulated cluster DNS", NETWORK),
    "minikube": ("runs minikube on the simulated cluster", NETWORK),
    "get": ("reads the simulated cluster's store", STORE), "volume_files": ("reads a simulated disk", STORE),
    "actions_since": ("reads the simulated cluster's history", STORE),
    "kubectl": ("runs the kit's kubectl on the simulated cluster",
                "Use `%kubectl ...`, which runs the real kubectl against the connected cluster."),
    "fail_node": ("powers off a simulated node", NODES), "recover_node": ("powers on a simulated node", NODES),
}
PARTS = {
    "api": ("the simulated cluster's store", STORE), "network": ("the simulated network", NETWORK),
    "proxy": ("the simulated kube-proxy", NETWORK), "storage": ("the simulated disks", STORE),
    "kubelets": ("the simulated nodes", NODES), "machines": ("the simulated machines", MACHINES),
}


@dataclass
class Connection:
    kubectl: str                 # the real kubectl's path
    version: str                 # its client version (v1.32.4)
    kubeconfig: str              # KUBECONFIG as kubectl gets it (one path, or a list)
    context: str                 # the current context
    server: str                  # where that context sends requests
    own: bool = False            # the notebook's own served cluster

    def describe(self) -> str:
        who = "this notebook's simulated cluster, served" if self.own else f"context {self.context!r}"
        return (f"%kubectl runs the real kubectl ({self.kubectl} {self.version}) against {who} at {self.server}"
                f" (kubeconfig {self.kubeconfig})")

    def env(self) -> dict[str, str]:
        return dict(os.environ, KUBECONFIG=self.kubeconfig)

    def run(self, argv: list[str], stdin: str | None = None, cwd: str | None = None, echo: bool = False,
            drive: tuple[float, Callable[[], None]] | None = None) -> Result:
        """Run ``kubectl ARGV``; with ``echo`` each piece of output goes to the cell as it
        arrives (stdout and stderr in the order kubectl wrote them).  Interrupting the
        kernel stops kubectl as Ctrl-C in a terminal does.  ``drive=(every, step)``
        calls ``step()`` every ``every`` wall seconds while kubectl runs."""
        proc = subprocess.Popen([self.kubectl, *argv], env=self.env(), cwd=cwd,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if stdin is not None:
            threading.Thread(target=_feed, args=(proc.stdin, stdin.encode()), daemon=True).start()
        if drive is not None:
            threading.Thread(target=_drive, args=(proc, *drive), daemon=True).start()
        transcript: list[tuple[str, str]] = []
        try:
            _pump(proc, transcript, echo)
            code = proc.wait()
        except KeyboardInterrupt:
            code = _interrupt(proc)
            _pump(proc, transcript, echo)
            if echo:
                print("^C", file=sys.stderr, flush=True)
        out = "".join(t for name, t in transcript if name == "stdout")
        err = "".join(t for name, t in transcript if name == "stderr")
        return Result(out, err, code, tuple(transcript))


def _drive(proc: subprocess.Popen, every: float, step: Callable[[], None]) -> None:
    while proc.poll() is None:
        time.sleep(every)                 # wall-clock ok: waiting on the real kubectl, a host process
        if proc.poll() is None:
            step()


#: How fast the notebook's own served cluster (clock="notebook") moves while the real
#: kubectl waits on it: a command that waits for a condition (the wait after delete,
#: rollout status, wait, drain) gets a simulated second every 20 ms, as the kit's kubectl
#: jumps through the wait; a watch (get -w, logs -f) runs at the wall clock's pace.
WAITING, WATCHING = 0.02, 1.0


def waits(argv: list[str]) -> float | None:
    """Wall seconds per simulated second while ``kubectl ARGV`` runs, or None: it does not wait."""
    words = [w for w in argv if not w.startswith("-")]
    verb = words[0] if words else ""
    flags = set(argv)
    if verb in ("get", "logs", "events", "attach") and flags & {"-w", "--watch", "--watch-only", "-f", "--follow"}:
        return WATCHING
    if verb in ("delete", "drain") and "--wait=false" not in flags:
        return WAITING
    if verb == "wait" or (verb == "rollout" and words[1:2] == ["status"] and "--watch=false" not in flags):
        return WAITING
    return None


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except OSError:                      # kubectl exited without reading: nothing to feed
        pass


def _pump(proc: subprocess.Popen, transcript: list, echo: bool) -> None:
    """Read both pipes until both close, keeping the order of the pieces."""
    sel = selectors.DefaultSelector()
    for name, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        if pipe is not None and not pipe.closed:
            sel.register(pipe, selectors.EVENT_READ, (name, codecs.getincrementaldecoder("utf-8")("replace")))
    while sel.get_map():
        for key, _ in sel.select():
            name, decoder = key.data
            chunk = os.read(key.fd, 65536)
            if not chunk:
                sel.unregister(key.fileobj)
                key.fileobj.close()
            text = decoder.decode(chunk, final=not chunk)
            if text:
                transcript.append((name, text))
                if echo:
                    stream = sys.stdout if name == "stdout" else sys.stderr
                    stream.write(text)
                    stream.flush()
    sel.close()


def _interrupt(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def default_kubeconfig() -> str:
    return os.environ.get("KUBECONFIG") or str(Path.home() / ".kube" / "config")


def connect(path: str | None, served=None) -> Connection:
    """A Connection to the cluster of ``path`` (default: $KUBECONFIG, ~/.kube/config).
    ``served`` is the notebook's own ``%kubelab serve``, if any: connecting to it is
    connecting to the simulated cluster itself."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise ConnectError("no kubectl on PATH: install it (https://kubernetes.io/docs/tasks/tools/) "
                           "or keep using the simulated cluster, which needs none")
    given = path is not None
    kubeconfig = os.pathsep.join(str(Path(p).expanduser().resolve()) for p in (path or default_kubeconfig()).split(os.pathsep) if p)
    files = kubeconfig.split(os.pathsep)
    if not any(Path(f).is_file() for f in files):
        where = kubeconfig if given else f"{kubeconfig} ($KUBECONFIG or ~/.kube/config)"
        raise ConnectError(f"no kubeconfig at {where}: give its path, %kubelab connect PATH "
                           "(`%kubelab serve` prints one for this notebook's cluster)")
    probe = Connection(kubectl, "", kubeconfig, "", "")
    version = json.loads(_ask(probe, ["version", "--client", "-o", "json"]))["clientVersion"]["gitVersion"]
    context = _ask(probe, ["config", "current-context"])
    server = _ask(probe, ["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"])
    own = served is not None and server == served.url and Path(served.kubeconfig).resolve() == Path(files[0])
    return Connection(kubectl, version.removesuffix("-dispatcher"), kubeconfig, context, server, own)


def _ask(conn: Connection, argv: list[str]) -> str:
    r = conn.run(argv)
    if r.returncode != 0:
        raise ConnectError(f"kubectl {' '.join(argv[:2])}: {r.stderr.strip() or r.stdout.strip()}")
    return r.stdout.strip()


# ------------------------------------------------------------------ the tripwires


def _on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _message(what: str, does: str, advice: str, conn: Connection) -> str:
    return (f"{what} {does}, but %kubectl is connected to another cluster (context {conn.context!r} at "
            f"{conn.server}). {advice} {DISCONNECT}")


class _Tripwire:
    """Stands for a part of the simulated cluster: the notebook's thread gets a
    SimulationOnly, every other thread (the server's, the live clock's) the part."""

    def __init__(self, part, message: str):
        self.__dict__["_part"], self.__dict__["_message"] = part, message

    def __getattr__(self, name):
        if _on_main_thread():
            raise SimulationOnly(self._message)
        return getattr(self._part, name)

    def __getitem__(self, key):
        if _on_main_thread():
            raise SimulationOnly(self._message)
        return self._part[key]

    def __iter__(self):
        if _on_main_thread():
            raise SimulationOnly(self._message)
        return iter(self._part)

    def __contains__(self, key):
        if _on_main_thread():
            raise SimulationOnly(self._message)
        return key in self._part

    def __len__(self):
        if _on_main_thread():
            raise SimulationOnly(self._message)
        return len(self._part)


def _tripwire_method(method, message: str):
    def call(*args, **kwargs):
        if _on_main_thread():
            raise SimulationOnly(message)
        return method(*args, **kwargs)
    call.__name__ = getattr(method, "__name__", "call")
    return call


def guard(cluster, conn: Connection) -> None:
    """Put the tripwires on ``cluster`` (instance attributes shadow its methods and parts)."""
    for name, (does, advice) in METHODS.items():
        cluster.__dict__[name] = _tripwire_method(getattr(cluster, name),
                                                  _message(f"cluster.{name}()", does, advice, conn))
    saved = {}
    for name, (what, advice) in PARTS.items():
        if name in cluster.__dict__:
            saved[name] = cluster.__dict__[name]
            cluster.__dict__[name] = _Tripwire(saved[name], _message(f"cluster.{name}", f"is {what}", advice, conn))
    cluster.__dict__["_kubelab_unguarded"] = saved


def unguard(cluster) -> None:
    saved = cluster.__dict__.pop("_kubelab_unguarded", None)
    if saved is None:
        return
    for name in METHODS:
        cluster.__dict__.pop(name, None)
    cluster.__dict__.update(saved)


def refuse(what: str, does: str, advice: str, conn: Connection) -> None:
    """A simulation-only magic while connected: say so on stderr, do nothing."""
    print(_message(what, does, advice, conn), file=sys.stderr, flush=True)


def show_simulation_only(shell, etype, value, tb, tb_offset=None) -> None:
    """IPython's handler for SimulationOnly: the message, without a traceback."""
    print(f"SimulationOnly: {value}", file=sys.stderr, flush=True)
